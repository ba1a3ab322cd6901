///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//COMPILE_OPTIONS -encoding UTF-8
//DEPS redis.clients:jedis:8.0.2
//SOURCES support/*.java
//DESCRIPTION Which tool: one job done as a loop, a pipeline, one command, MULTI/EXEC and a Lua script; and when a pipeline cannot help.
package pipelining;

import java.util.List;
import redis.clients.jedis.AbstractTransaction;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.Response;

class which_tool {

    public static void main(String[] args) {
        Tutorial.run(tutorial -> chooseTheTool(tutorial.redis, tutorial.wire));
    }

    static final int N = 100;
    static final String ROW = "%-22s %11s %8s  %-17s %-22s %s%n";

    // tag::scripts[]
    /** INCR, ARGV[1] times, inside the server: one command as far as the client and other clients can tell. */
    static final String INCR_N_TIMES = "for i = 1, tonumber(ARGV[1]) do redis.call('INCR', KEYS[1]) end"
            + " return redis.call('GET', KEYS[1])";
    /** Read, decide, write, with nothing in between: INCR unless the value has reached ARGV[1]. */
    static final String INCR_BELOW = "local value = tonumber(redis.call('GET', KEYS[1]) or '0')"
            + " if value >= tonumber(ARGV[1]) then return value end return redis.call('INCR', KEYS[1])";
    // end::scripts[]

    static void chooseTheTool(RedisClient redis, Wire wire) {
        System.out.printf(ROW, "Add 100 to incr_key:", "round trips", "incr_key", "others in between", "read, then decide",
                "on Redis Cluster");
        // tag::ways[]
        Wire.Tally before = wire.tally();
        for (int i = 0; i < N; i++) {
            redis.incr("incr_key");
        }
        row("a loop of INCR", wire.since(before), redis, "yes", "yes, in your code", "any keys");

        before = wire.tally();
        try (Pipeline pipe = redis.pipelined()) {
            for (int i = 0; i < N; i++) {
                pipe.incr("incr_key");
            }
        }
        row("a pipeline of INCR", wire.since(before), redis, "yes", "no: replies at sync", "split by node");

        before = wire.tally();
        redis.incrBy("incr_key", N);
        row("one command: INCRBY", wire.since(before), redis, "no", "no", "keys in one slot");

        before = wire.tally();
        try (AbstractTransaction multi = redis.multi()) {
            for (int i = 0; i < N; i++) {
                multi.incr("incr_key");
            }
            multi.exec();
        }
        row("MULTI/EXEC of INCR", wire.since(before), redis, "no", "no: WATCH and retry", "keys in one slot");

        before = wire.tally();
        redis.eval(INCR_N_TIMES, List.of("incr_key"), List.of(String.valueOf(N)));
        row("a Lua script (EVAL)", wire.since(before), redis, "no", "yes, on the server", "keys in one slot");
        // end::ways[]

        System.out.println();
        // tag::dependent[]
        try (Pipeline pipe = redis.pipelined()) {
            Response<String> value = pipe.get("incr_key");
            pipe.set("a", value.get()); // the next command needs this reply, and it only comes at the sync
        } catch (IllegalStateException notYet) {
            System.out.println("A pipeline cannot use its own reply: " + notYet.getMessage());
        }
        before = wire.tally();
        Object atTheLimit = redis.eval(INCR_BELOW, List.of("incr_key"), List.of("500"));
        Object belowIt = redis.eval(INCR_BELOW, List.of("incr_key"), List.of("1000"));
        System.out.println("A script can: with a limit of 500 it left incr_key at " + atTheLimit
                + ", with 1000 it made it " + belowIt + " (" + wire.since(before) + ")");
        // end::dependent[]

        // tag::blocking[]
        for (boolean blocking : List.of(false, true)) {
            try (Pipeline pipe = redis.pipelined()) {
                pipe.incr("incr_key");
                if (blocking) {
                    pipe.blpop(0.2, "queue"); // nobody pushes to it, so the server waits out the 0.2 s timeout
                }
                pipe.incr("incr_key");
                long start = System.nanoTime();
                pipe.sync();
                System.out.printf("%s: the replies came after %.3f s%n", blocking ? "With a BLPOP 0.2 between the INCR"
                        : "Two INCR", (System.nanoTime() - start) / 1e9);
            }
        }
        // end::blocking[]
    }

    private static void row(String way, Wire.Tally sent, RedisClient redis, String inBetween, String decide, String cluster) {
        System.out.printf(ROW, way, sent.roundTrips(), redis.get("incr_key"), inBetween, decide, cluster);
    }
}
