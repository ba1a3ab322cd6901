///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//COMPILE_OPTIONS -encoding UTF-8
//DEPS redis.clients:jedis:8.0.2
//DEPS io.lettuce:lettuce-core:7.7.0.RELEASE
//SOURCES support/*.java
//SOURCES support/netty/*.java
//SOURCES support/lettuce/*.java
//DESCRIPTION Lettuce: one connection that every thread shares and that pipelines for you; the notebook's pipeline and 100,000 INCR with the sync API, the async API, and auto-flush off.
package pipelining;

import io.lettuce.core.LettuceFutures;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.resource.ClientResources;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

class lettuce_pipelining {

    static final int COUNT = 100_000; // the notebook's

    public static void main(String[] args) {
        Tutorial.run(tutorial -> {
            // tag::connect[]
            RedisClient client = client(tutorial);
            // The codec puts every key under the run's namespace
            StatefulRedisConnection<String, String> connection = client.connect(new NamespacedCodec(tutorial.namespace));
            // end::connect[]
            buildAndExecute(connection, tutorial.wire);
            Timing oneAtATime = Timing.measure(tutorial.redis, tutorial.wire, COUNT, null, "sync API",
                    () -> incrOneAtATime(connection.sync()));
            Timing async = Timing.measure(tutorial.redis, tutorial.wire, COUNT, null, "async API",
                    () -> incrAsync(connection.async()));
            Timing oneFlush = Timing.measure(tutorial.redis, tutorial.wire, COUNT, null, "auto-flush off",
                    () -> incrWithOneFlush(connection));
            System.out.println();
            System.out.println(oneAtATime.block("Sync API, one command at a time") + "\n");
            System.out.println(async.block("Async API, auto-flush on (the default)") + "\n");
            System.out.println(oneFlush.block("Async API, auto-flush off, one flushCommands()") + "\n");
            System.out.println(Timing.asFast("One flush", oneFlush, "one command at a time", oneAtATime));
            System.out.println();
            autoFlushIsTheConnections(client, connection, tutorial.namespace);
            aTransactionTakesInTheOtherThreads(connection);
        });
    }

    // tag::client[]
    /** A client whose connections the tutorial's wire counts, shut down when the run ends. */
    static RedisClient client(Tutorial<?> tutorial) {
        ClientResources resources = CountedResources.on(tutorial.wire); // with the counter
        RedisClient client = RedisClient.create(resources, RedisURI.create(tutorial.uri.toString()));
        tutorial.closeFirst(() -> { // before the run's keys are deleted
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
            resources.shutdown(0, 2, TimeUnit.SECONDS);
        });
        return client;
    }
    // end::client[]

    static void buildAndExecute(StatefulRedisConnection<String, String> connection, Wire wire) {
        Wire.Tally before = wire.tally();
        // tag::build[]
        RedisAsyncCommands<String, String> pipe = connection.async();
        connection.setAutoFlushCommands(false); // queue the commands in the connection: nothing is written yet
        RedisFuture<String> setA = pipe.set("a", "a value");
        RedisFuture<String> setB = pipe.set("b", "b value");
        RedisFuture<String> getA = pipe.get("a");
        connection.flushCommands(); // all three go out together
        connection.setAutoFlushCommands(true); // the connection is shared: give it back as it was
        List<String> replies = List.of(setA, setB, getA).stream()
                .map(reply -> LettuceFutures.awaitOrCancel(reply, 10, TimeUnit.SECONDS)).toList();
        // end::build[]
        System.out.println("Replies: " + replies);
        System.out.println("On the wire: " + wire.since(before));
    }

    // tag::sync[]
    static String incrOneAtATime(RedisCommands<String, String> sync) {
        for (int i = 0; i < COUNT; i++) {
            sync.incr("incr_key"); // waits for its reply
        }
        return sync.get("incr_key");
    }
    // end::sync[]

    // tag::async[]
    static String incrAsync(RedisAsyncCommands<String, String> async) {
        for (int i = 0; i < COUNT; i++) {
            async.incr("incr_key"); // written at once; the reply completes a future we do not wait for
        }
        RedisFuture<String> value = async.get("incr_key"); // replies come in order: the INCRs' are in before it
        return LettuceFutures.awaitOrCancel(value, 1, TimeUnit.MINUTES);
    }
    // end::async[]

    // tag::flush[]
    static String incrWithOneFlush(StatefulRedisConnection<String, String> connection) {
        RedisAsyncCommands<String, String> async = connection.async();
        connection.setAutoFlushCommands(false);
        RedisFuture<String> value;
        try {
            for (int i = 0; i < COUNT; i++) {
                async.incr("incr_key"); // queued in the connection
            }
            value = async.get("incr_key");
            connection.flushCommands(); // one flush hands the socket all of them
        } finally {
            connection.setAutoFlushCommands(true);
        }
        return LettuceFutures.awaitOrCancel(value, 1, TimeUnit.MINUTES);
    }
    // end::flush[]

    /** Auto-flush belongs to the connection: while one thread batches with it off, another thread's commands wait too. */
    static void autoFlushIsTheConnections(RedisClient client, StatefulRedisConnection<String, String> shared,
            String namespace) {
        shared.setTimeout(Duration.ofSeconds(1)); // not the default minute: the failure below comes within a second
        // tag::shared[]
        shared.setAutoFlushCommands(false); // one thread starts a batch on the shared connection...
        try {
            CompletableFuture.supplyAsync(() -> shared.sync().get("a")).join(); // ...and another thread reads a key
        } catch (CompletionException e) {
            System.out.println("Another thread's GET, while auto-flush is off: " + e.getCause().getMessage());
        } finally {
            shared.setAutoFlushCommands(true);
        }
        try (StatefulRedisConnection<String, String> own = client.connect(new NamespacedCodec(namespace))) {
            own.setAutoFlushCommands(false); // the fix: batch on a connection of the batch's own
            String value = CompletableFuture.supplyAsync(() -> shared.sync().get("a")).join();
            System.out.println("The same GET, while a batch has a connection of its own: " + value);
        }
        // end::shared[]
    }

    /** MULTI belongs to the connection too: another thread's command joins the transaction. */
    static void aTransactionTakesInTheOtherThreads(StatefulRedisConnection<String, String> shared) {
        shared.sync().del("incr_key"); // from zero, as each comparison starts
        // tag::multi[]
        RedisAsyncCommands<String, String> transaction = shared.async();
        // one thread starts a transaction...
        LettuceFutures.awaitOrCancel(transaction.multi(), 10, TimeUnit.SECONDS);
        transaction.incr("incr_key");
        // ...and another thread writes a key
        String set = CompletableFuture.supplyAsync(() -> shared.sync().set("b", "b value")).join();
        System.out.println("Another thread's SET, during this thread's MULTI, returned: " + set);
        System.out.println("This thread's EXEC returned: "
                + LettuceFutures.awaitOrCancel(transaction.exec(), 10, TimeUnit.SECONDS).stream().toList());
        // end::multi[]
    }
}
