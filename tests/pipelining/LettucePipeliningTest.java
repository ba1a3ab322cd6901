package pipelining;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lettuce.core.LettuceFutures;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.support.AsyncConnectionPoolSupport;
import io.lettuce.core.support.BoundedAsyncPool;
import io.lettuce.core.support.BoundedPoolConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What the Lettuce section says about Lettuce, each on a real server, with the section's own client; its launch is in
 * {@link ClientComparisonTest}.
 */
class LettucePipeliningTest {

    /** The section's client on a tutorial, and a connection of it with the section's codec. */
    record Lettuce(Tutorial<?> tutorial, RedisClient client, StatefulRedisConnection<String, String> connection) {

        static Lettuce on(Tutorial<?> tutorial) {
            RedisClient client = lettuce_pipelining.client(tutorial);
            return new Lettuce(tutorial, client, client.connect(new NamespacedCodec(tutorial.namespace)));
        }

        StatefulRedisConnection<String, String> connect() {
            return client.connect(new NamespacedCodec(tutorial.namespace));
        }
    }

    @ParameterizedTest
    @EnumSource(PrivateRedis.Kind.class)
    void withAutoFlushOffNothingIsWrittenUntilFlushCommands(PrivateRedis.Kind kind) throws Exception {
        try (PrivateRedis redis = PrivateRedis.start(kind); var tutorial = Sections.tutorialOn(redis)) {
            Lettuce lettuce = Lettuce.on(tutorial);
            Wire.Tally before = tutorial.wire.tally();
            long setsBefore = calls(redis, "set");
            lettuce.connection.setAutoFlushCommands(false);
            RedisAsyncCommands<String, String> pipe = lettuce.connection.async();
            RedisFuture<String> setA = pipe.set("a", "a value");
            pipe.set("b", "b value");
            Thread.sleep(300); // time enough for anything that were sent to arrive
            assertEquals(0, tutorial.wire.since(before).writes());
            assertEquals(setsBefore, calls(redis, "set"), "the server ran none of them");
            assertTrue(!setA.isDone());
            lettuce.connection.flushCommands();
            assertEquals("OK", LettuceFutures.awaitOrCancel(setA, 10, TimeUnit.SECONDS));
            assertEquals(1, tutorial.wire.since(before).writes());
        }
    }

    @Test
    void theAsyncApiWritesEachCommandAsItIsCalled() {
        try (PrivateRedis redis = PrivateRedis.start(PrivateRedis.Kind.preferred()); var tutorial = Sections.tutorialOn(redis)) {
            Lettuce lettuce = Lettuce.on(tutorial);
            Wire.Tally before = tutorial.wire.tally();
            RedisAsyncCommands<String, String> async = lettuce.connection.async();
            RedisFuture<Long> last = null;
            for (int i = 0; i < 1_000; i++) {
                last = async.incr("incr_key");
            }
            assertEquals(1_000L, LettuceFutures.awaitOrCancel(last, 10, TimeUnit.SECONDS));
            assertEquals(1_000, tutorial.wire.since(before).writes());
        }
    }

    /** Lettuce pipelines by default: a command goes out while the one before it on the connection still waits for its reply. */
    @Test
    void aSharedConnectionWritesASecondThreadsCommandBeforeTheFirstOnesReply() throws Exception {
        try (PrivateRedis redis = PrivateRedis.start(PrivateRedis.Kind.preferred()); var tutorial = Sections.tutorialOn(redis)) {
            Lettuce lettuce = Lettuce.on(tutorial);
            Wire.Tally before = tutorial.wire.tally();
            RedisFuture<?> blocked = lettuce.connection.async().blpop(2, "empty-list"); // the server answers in 2 s
            CompletableFuture<String> other = CompletableFuture.supplyAsync(() -> lettuce.connection.sync().get("a"));
            assertTrue(Wait.until(Duration.ofSeconds(1), () -> tutorial.wire.since(before).writes() == 2), "the GET went out");
            assertTrue(!blocked.isDone(), "the first command's reply has not come");
            assertEquals(null, other.get(10, TimeUnit.SECONDS)); // answered after the BLPOP's, in order
            assertTrue(blocked.isDone());
        }
    }

    @Test
    void autoFlushIsTheConnectionsSoAnotherThreadsCommandWaitsUntilItsTimeout() {
        try (PrivateRedis redis = PrivateRedis.start(PrivateRedis.Kind.preferred()); var tutorial = Sections.tutorialOn(redis)) {
            Lettuce lettuce = Lettuce.on(tutorial);
            lettuce.connection.setTimeout(Duration.ofMillis(500));
            Wire.Tally before = tutorial.wire.tally();
            lettuce.connection.setAutoFlushCommands(false);
            CompletionException thrown = assertThrows(CompletionException.class,
                    () -> CompletableFuture.supplyAsync(() -> lettuce.connection.sync().get("a")).join());
            assertTrue(thrown.getCause() instanceof RedisCommandTimeoutException, thrown.toString());
            assertEquals(0, tutorial.wire.since(before).writes(), "the GET was never written");
            lettuce.connection.setAutoFlushCommands(true);
            try (StatefulRedisConnection<String, String> own = lettuce.connect()) {
                own.setAutoFlushCommands(false); // the batch on a connection of its own
                own.async().set("b", "b value");
                assertEquals(null, CompletableFuture.supplyAsync(() -> lettuce.connection.sync().get("a")).join());
            }
        }
    }

    /** The run shows another thread's SET joining a transaction; discarded with it, that SET never runs. */
    @Test
    void anotherThreadsCommandDuringMultiIsDiscardedWithTheTransaction() {
        try (PrivateRedis redis = PrivateRedis.start(PrivateRedis.Kind.preferred()); var tutorial = Sections.tutorialOn(redis)) {
            Lettuce lettuce = Lettuce.on(tutorial);
            RedisAsyncCommands<String, String> transaction = lettuce.connection.async();
            LettuceFutures.awaitOrCancel(transaction.multi(), 10, TimeUnit.SECONDS);
            assertEquals(null, CompletableFuture.supplyAsync(() -> lettuce.connection.sync().set("b", "b value")).join());
            assertEquals("OK", LettuceFutures.awaitOrCancel(transaction.discard(), 10, TimeUnit.SECONDS));
            assertEquals(null, redis.raw.get(tutorial.namespace + "b"), "the other thread's SET never ran");
        }
    }

    /**
     * A server that dies during the run ends it with one line, as it does for Jedis, not with Lettuce's stack trace. A
     * command caught in flight may wait to be sent again once Lettuce reconnects, until its timeout (shortened here from
     * the minute it would wait); so the line says the connection was lost, or that the server stopped answering.
     */
    @Test
    void aServerThatDiesDuringTheRunEndsItWithOneLine() {
        try (PrivateRedis redis = PrivateRedis.start(PrivateRedis.Kind.REDIS_SERVER)) {
            Sections.Run run = Sections.inThisJvm(Map.of("REDIS_URL", redis.url()), tutorial -> {
                Lettuce lettuce = Lettuce.on(tutorial);
                lettuce.connection.setTimeout(Duration.ofSeconds(2));
                Sections.killAfter(1_000, redis);
                lettuce_pipelining.incrOneAtATime(lettuce.connection.sync());
            });
            String line = Sections.assertEndedByADeadServer(run);
            assertTrue(line.startsWith("[tutorial] Lost the connection to Redis at " + redis.url())
                    || line.startsWith("[tutorial] Redis at " + redis.url() + " stopped answering during the run"), line);
        }
    }

    /** Why the section sets a timeout of its own: a command waits a minute by default. */
    @Test
    void aCommandWaitsAMinuteByDefault() {
        assertEquals(Duration.ofMinutes(1), RedisURI.create("redis://localhost").getTimeout());
    }

    /**
     * Why one command at a time costs Lettuce more than Jedis: the reply is read, and the caller's future completed, on
     * Netty's event-loop thread, which then wakes the caller; Jedis reads it on the caller's own thread.
     */
    @Test
    void aReplyIsReadOnNettysEventLoopThreadNotOnTheCallers() throws Exception {
        try (PrivateRedis redis = PrivateRedis.start(PrivateRedis.Kind.preferred()); var tutorial = Sections.tutorialOn(redis)) {
            Lettuce lettuce = Lettuce.on(tutorial);
            // registered long before the reply comes (the server answers in half a second), so it runs where the reply is read
            CompletableFuture<String> readOn = lettuce.connection.async().blpop(0.5, "empty-list")
                    .thenApply(reply -> Thread.currentThread().getName()).toCompletableFuture();
            String reader = readOn.get(10, TimeUnit.SECONDS);
            assertTrue(reader.startsWith("lettuce-") && reader.contains("EventLoop")
                    && !reader.equals(Thread.currentThread().getName()), reader);
        }
    }

    /** A pool hands the connection on as it was given back: auto-flush off makes the next borrower's command wait. */
    @Test
    void aPooledConnectionGivenBackWithAutoFlushOffMakesTheNextBorrowersCommandWait() throws Exception {
        try (PrivateRedis redis = PrivateRedis.start(PrivateRedis.Kind.preferred()); var tutorial = Sections.tutorialOn(redis)) {
            RedisClient client = lettuce_pipelining.client(tutorial);
            BoundedAsyncPool<StatefulRedisConnection<String, String>> pool = AsyncConnectionPoolSupport.createBoundedObjectPool(
                    () -> client.connectAsync(new NamespacedCodec(tutorial.namespace), RedisURI.create(tutorial.uri.toString())),
                    BoundedPoolConfig.builder().maxTotal(1).build());
            try {
                StatefulRedisConnection<String, String> first = pool.acquire().get(10, TimeUnit.SECONDS);
                first.setAutoFlushCommands(false);
                pool.release(first).get(10, TimeUnit.SECONDS);
                StatefulRedisConnection<String, String> next = pool.acquire().get(10, TimeUnit.SECONDS);
                next.setTimeout(Duration.ofMillis(500));
                Wire.Tally before = tutorial.wire.tally();
                assertThrows(RedisCommandTimeoutException.class, () -> next.sync().get("a"));
                assertEquals(0, tutorial.wire.since(before).writes(), "the GET was never written");
                next.setAutoFlushCommands(true);
                pool.release(next).get(10, TimeUnit.SECONDS);
            } finally {
                pool.close();
            }
        }
    }

    /**
     * Why a new connection counts three writes and three round trips before its first command: HELLO; the two CLIENT
     * SETINFO together; CLIENT MAINT_NOTIFICATIONS. A server that lacks the last two (Redis 7.0 lacks all three
     * subcommands) answers them with errors, which Lettuce ignores.
     */
    @Test
    void aNewConnectionSaysHelloThenSetsItsInfoThenAsksForMaintenanceNotifications() {
        try (PrivateRedis redis = PrivateRedis.start(PrivateRedis.Kind.REDIS_SERVER); var tutorial = Sections.tutorialOn(redis)) {
            RedisClient client = lettuce_pipelining.client(tutorial);
            long hello = calls(redis, "hello");
            long others = handshakeAfterHello(redis);
            Wire.Tally before = tutorial.wire.tally();
            try (StatefulRedisConnection<String, String> connection = client.connect(new NamespacedCodec(tutorial.namespace))) {
                Wire.Tally handshake = tutorial.wire.since(before);
                assertEquals(List.of((long) ClientComparisonTest.HANDSHAKE_WRITES, (long) ClientComparisonTest.HANDSHAKE_WRITES),
                        List.of(handshake.writes(), handshake.roundTrips()));
                assertEquals(hello + 1, calls(redis, "hello"));
                assertEquals(others + 3, handshakeAfterHello(redis), "two CLIENT SETINFO and one CLIENT MAINT_NOTIFICATIONS");
            }
        }
    }

    /** The CLIENT SETINFO and MAINT_NOTIFICATIONS a server ran, and the errors it answered for those it lacks. */
    private static long handshakeAfterHello(PrivateRedis redis) {
        return calls(redis, "client|setinfo") + calls(redis, "client|maint_notifications") + redis.stat("total_error_replies");
    }

    /** How often the server has run a command, by its INFO commandstats. */
    static long calls(PrivateRedis redis, String command) {
        return redis.raw.info("commandstats").lines().filter(line -> line.startsWith("cmdstat_" + command + ":"))
                .mapToLong(line -> Long.parseLong(line.replaceAll(".*:calls=(\\d+),.*", "$1"))).findFirst().orElse(0);
    }
}
