///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//COMPILE_OPTIONS -encoding UTF-8
//DEPS redis.clients:jedis:8.0.2
//SOURCES support/*.java
//DESCRIPTION Transactions: the same commands pipelined and in MULTI/EXEC, WATCH with a retry, and what each costs.
package pipelining;

import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import redis.clients.jedis.AbstractTransaction;
import redis.clients.jedis.CommandArguments;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.Response;
import redis.clients.jedis.util.SafeEncoder;

class transactions {

    static final int COUNT = 100_000;

    public static void main(String[] args) {
        Tutorial.run(tutorial -> compare(tutorial.redis, tutorial.wire, COUNT));
    }

    /** {@code wire} counts, at the client's socket, what went over the network; {@code count}: INCR for the cost. */
    static void compare(RedisClient redis, Wire wire, int count) {
        // tag::both[]
        Wire.Tally start = wire.tally();
        try (Pipeline pipe = redis.pipelined()) {
            pipe.set("a", "a value");
            pipe.set("b", "b value");
            pipe.get("a");
            System.out.println("Pipeline:    " + pipe.syncAndReturnAll() + " (" + wire.since(start) + ")");
        }
        start = wire.tally();
        try (AbstractTransaction multi = redis.multi()) { // MULTI goes into the buffer
            multi.set("a", "a value");
            multi.set("b", "b value");
            multi.get("a");
            // exec() sends the buffer and reads the QUEUED replies, then sends EXEC and reads its reply;
            // nothing else ran between the commands
            System.out.println("Transaction: " + multi.exec() + " (" + wire.since(start) + ")");
        }
        // end::both[]

        // tag::one-round-trip[]
        start = wire.tally();
        try (Pipeline pipe = redis.pipelined()) { // the same transaction in one round trip
            pipe.sendCommand(new CommandArguments(Protocol.Command.MULTI));
            pipe.set("a", "a value"); // its Response will hold QUEUED
            pipe.set("b", "b value");
            pipe.get("a");
            Response<Object> exec = pipe.sendCommand(new CommandArguments(Protocol.Command.EXEC));
            pipe.sync();
            Object replies = SafeEncoder.encodeObject(exec.get()); // EXEC's replies, from bytes to text
            System.out.println("Transaction in a pipeline: " + replies + " (" + wire.since(start) + ")");
        }
        // end::one-round-trip[]
        System.out.println();

        // tag::watch[]
        redis.set("balance", "100");
        for (int attempt = 1; ; attempt++) {
            try (AbstractTransaction tx = redis.transaction(false)) { // one connection, no MULTI yet
                tx.watch("balance");
                int balance = Integer.parseInt(tx.get("balance").get()); // before multi(): runs at once
                if (attempt == 1) {
                    redis.incrBy("balance", 5); // another client's change, made here to show a retry
                }
                tx.multi();
                tx.set("balance", String.valueOf(balance + 10));
                List<Object> replies = tx.exec(); // null if balance changed after WATCH: nothing written
                if (replies != null) {
                    System.out.println("Attempt " + attempt + ": read " + balance + ", EXEC ran: balance = "
                            + redis.get("balance"));
                    break;
                }
                System.out.println("Attempt " + attempt + ": read " + balance
                        + ", but balance changed: EXEC aborted");
            }
        }
        // end::watch[]
        System.out.println();

        // tag::cost[]
        System.out.printf(Locale.ROOT, "%,d INCR, after a warm-up, median of 3 runs:%n", count);
        System.out.printf(Locale.ROOT, "Pipelined:      %.3f seconds%n", seconds(redis, count, client -> {
            try (Pipeline pipe = client.pipelined()) {
                for (int i = 0; i < count; i++) {
                    pipe.incr("incr_key");
                }
            }
        }));
        System.out.printf(Locale.ROOT, "One MULTI/EXEC: %.3f seconds%n", seconds(redis, count, client -> {
            try (AbstractTransaction multi = client.multi()) {
                for (int i = 0; i < count; i++) {
                    multi.incr("incr_key");
                }
                multi.exec();
            }
        }));
        // end::cost[]
    }

    /** The median of three timed runs after a warm-up, each from a deleted incr_key that must end at {@code count}. */
    static double seconds(RedisClient redis, int count, Consumer<RedisClient> run) {
        double[] seconds = new double[3];
        for (int round = -1; round < seconds.length; round++) {
            redis.del("incr_key");
            long start = System.nanoTime();
            run.accept(redis);
            if (round >= 0) {
                seconds[round] = (System.nanoTime() - start) / 1e9;
            }
            if (!String.valueOf(count).equals(redis.get("incr_key"))) {
                throw new IllegalStateException("incr_key is " + redis.get("incr_key") + ", not " + count);
            }
        }
        return Median.of(seconds);
    }
}
