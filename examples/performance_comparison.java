///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//DEPS redis.clients:jedis:8.0.2
//DEPS com.github.codemonstur:embedded-redis:1.4.4
//DEPS org.slf4j:slf4j-api:2.0.20
//DEPS org.slf4j:slf4j-nop:2.0.20
//SOURCES Tutorial.java
//DESCRIPTION Performance comparison: 100,000 INCR without and with a pipeline, timed.
package pipelining;

import java.util.Locale;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.Response;

class performance_comparison {

    static final int COUNT = 100_000;

    public static void main(String[] args) {
        Tutorial.run(performance_comparison::comparePerformance);
    }

    static void comparePerformance(RedisClient redis) {
        // tag::without[]
        redis.del("incr_key");
        long start = System.nanoTime();
        for (int i = 0; i < COUNT; i++) {
            redis.incr("incr_key"); // one round trip each
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.println("Without pipeline");
        System.out.printf(Locale.ROOT, "Time taken: %.3f seconds%n", seconds);
        System.out.println("Increment value: " + redis.get("incr_key"));
        // end::without[]
        System.out.println();
        // tag::with[]
        redis.del("incr_key");
        start = System.nanoTime();
        Response<String> value;
        try (Pipeline pipe = redis.pipelined()) {
            for (int i = 0; i < COUNT; i++) {
                pipe.incr("incr_key"); // queued, not sent
            }
            value = pipe.get("incr_key");
        } // close() sends everything and reads all the replies
        seconds = (System.nanoTime() - start) / 1e9;
        System.out.println("With pipeline");
        System.out.printf(Locale.ROOT, "Time taken: %.3f seconds%n", seconds);
        System.out.println("Increment value: " + value.get());
        // end::with[]
    }
}
