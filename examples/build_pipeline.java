///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//COMPILE_OPTIONS -encoding UTF-8
//DEPS redis.clients:jedis:8.0.2
//SOURCES support/*.java
//DESCRIPTION Build a pipeline: queue set a, set b, get a; no reply is read until the pipeline is synced, but a full buffer goes out early.
package pipelining;

import redis.clients.jedis.Pipeline;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.Response;

class build_pipeline {

    /** More INCR than the 8 KiB output buffer holds, so that Jedis writes it out before any sync. */
    static final int QUEUED = 1_000;

    public static void main(String[] args) {
        Tutorial.run(tutorial -> buildPipeline(tutorial.redis, tutorial.wire));
    }

    /** {@code wire} counts, at the client's socket, what went over the network. */
    static void buildPipeline(RedisClient redis, Wire wire) {
        // tag::build[]
        Response<String> getA;
        Wire.Tally start = wire.tally();
        try (Pipeline pipe = redis.pipelined()) {
            pipe.set("a", "a value");
            pipe.set("b", "b value");
            getA = pipe.get("a");
            System.out.println("Queued: set a, set b, get a. On the wire so far: " + wire.since(start));
            // exists() asks over another connection from the client's pool
            System.out.println("Key a on the server: " + redis.exists("a"));
            try {
                getA.get();
            } catch (IllegalStateException noReplyYet) {
                System.out.println("Reply to get a: none yet (" + noReplyYet.getMessage() + ")");
            }
        } // close() sends what is still in the buffer, reads the replies, gives the connection back
        System.out.println("After close(), key a on the server: " + redis.exists("a"));
        System.out.println("After close(), reply to get a: " + getA.get());
        // end::build[]
        System.out.println();

        // tag::buffer[]
        start = wire.tally();
        try (Pipeline pipe = redis.pipelined()) {
            for (int i = 0; i < QUEUED; i++) {
                pipe.incr("incr_key");
            }
            Wire.Tally sent = wire.since(start); // each write: the 8 KiB buffer, once nearly full
            Wait.pause(200); // no sync: give the server a moment with what it has received
            System.out.println("Queued " + QUEUED + " INCR, no sync yet. On the wire so far: " + sent + ", "
                    + sent.bytesRead() + " bytes of replies read");
            System.out.println("The server has already run " + redis.get("incr_key") + " of them");
        }
        System.out.println("After close(): incr_key = " + redis.get("incr_key"));
        // end::buffer[]
    }
}
