///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//COMPILE_OPTIONS -encoding UTF-8
//DEPS redis.clients:jedis:8.0.2
//SOURCES support/*.java
//DESCRIPTION Pitfalls: a pipeline never closed, a reply slower than the socket timeout, and what a big pipeline costs the server.
package pipelining;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import redis.clients.jedis.BuilderFactory;
import redis.clients.jedis.CommandArguments;
import redis.clients.jedis.CommandObject;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.Response;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;

class pitfalls {

    /** The reply-buffer run: this many GET of a value this long, none of their replies read until close(). */
    static final int GETS = 10_000;
    static final int VALUE_BYTES = 1_000;
    /** A BLPOP this long, a second past Jedis' socket timeout. */
    static final int LATE_SECONDS = Protocol.DEFAULT_TIMEOUT / 1000 + 1;
    /** The latency run: one pipeline this long, while another client PINGs. */
    static final int BIG_PIPELINE = 300_000;

    public static void main(String[] args) {
        Tutorial.run(tutorial -> whatGoesWrong(tutorial.redis));
    }

    static void whatGoesWrong(RedisClient redis) {
        leakedPipelines(redis);
        slowerThanTheSocketTimeout(redis);
        repliesWaitingOnTheServer(redis);
        anotherClientDuringABigPipeline(redis);
    }

    static void leakedPipelines(RedisClient redis) {
        // tag::leak[]
        List<Pipeline> leaked = new ArrayList<>();
        for (int i = 0; i < GenericObjectPoolConfig.DEFAULT_MAX_TOTAL; i++) { // the pool's 8 connections
            leaked.add(redis.pipelined()); // never closed: each keeps its connection
        }
        CompletableFuture<String> ping = CompletableFuture.supplyAsync(redis::ping);
        try {
            ping.get(1, TimeUnit.SECONDS);
        } catch (TimeoutException stillWaiting) {
            System.out.println("After " + leaked.size() + " pipelines left open, a PING still waits for a connection"
                    + " after 1 s");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        leaked.forEach(Pipeline::close); // the fix: try (Pipeline pipe = redis.pipelined()) { … }
        System.out.println("Closed them, and the PING got a connection back: " + ping.join());
        // end::leak[]
    }

    static void slowerThanTheSocketTimeout(RedisClient redis) {
        // tag::timeout[]
        try (Pipeline pipe = redis.pipelined()) {
            pipe.incr("incr_key");
            pipe.blpop(LATE_SECONDS, "queue"); // longer than Jedis' socket timeout
        } catch (JedisConnectionException timedOut) {
            System.out.println("A reply later than the socket timeout: " + timedOut.getMessage());
        }
        System.out.println("incr_key = " + redis.get("incr_key")
                + ": the INCR before it ran, so a retry would run it twice");
        // end::timeout[]
    }

    static void repliesWaitingOnTheServer(RedisClient redis) {
        // tag::reply-buffer[]
        redis.set("a", "a value ".repeat(VALUE_BYTES / "a value ".length()));
        try (Pipeline pipe = redis.pipelined()) {
            Response<Object> id = pipe.sendCommand(Protocol.Command.CLIENT, "ID");
            pipe.sync(); // this pipeline's connection, as the server numbers it
            for (int i = 0; i < GETS; i++) {
                pipe.get("a"); // 10 MB of replies, none read until close()
            }
            Wait.pause(300); // the last full buffer reached the server, which has answered all it got
            System.out.println("Replies the server holds for this pipeline before close(): " + outputBuffer(redis,
                    (Long) id.get()));
        }
        System.out.println("The server's limit for such a client: client-output-buffer-limit " + limitFor(redis));
        // end::reply-buffer[]
    }

    static void anotherClientDuringABigPipeline(RedisClient redis) {
        // tag::latency[]
        double[] idle = pings(redis, 5_000); // the first half warms up the JIT
        GcPauses gc = new GcPauses();
        CompletableFuture<Void> big = CompletableFuture.runAsync(() -> {
            try (Pipeline pipe = redis.pipelined()) {
                for (int i = 0; i < BIG_PIPELINE; i++) {
                    pipe.incr("incr_key");
                }
            }
        });
        List<Double> during = new ArrayList<>();
        while (!big.isDone() && during.size() < 100_000) {
            during.add(pings(redis, 1)[0]); // another connection of the pool: another client, to the server
        }
        big.join();
        gc.close();
        System.out.println("PING from another connection, idle: " + spread(Arrays.copyOfRange(idle, idle.length / 2,
                idle.length)));
        System.out.println(String.format(Locale.ROOT, "PING while %,d pipelined INCR ran: ", BIG_PIPELINE)
                + spread(during.stream().mapToDouble(d -> d).toArray()));
        System.out.println("Meanwhile, the longest pause of this JVM's garbage collector: " + gc.longestMillis() + " ms");
        // end::latency[]
    }

    /** How long each of {@code count} PINGs took, in milliseconds. */
    private static double[] pings(RedisClient redis, int count) {
        double[] millis = new double[count];
        for (int i = 0; i < count; i++) {
            long start = System.nanoTime();
            redis.ping();
            millis[i] = (System.nanoTime() - start) / 1e6;
        }
        return millis;
    }

    private static String spread(double[] millis) {
        double[] sorted = millis.clone();
        Arrays.sort(sorted);
        return String.format(Locale.ROOT, "median %.3f ms, 99%% within %.3f ms, max %.3f ms (%,d PINGs)",
                Median.of(millis), sorted[(int) Math.ceil(sorted.length * 0.99) - 1], sorted[sorted.length - 1],
                sorted.length);
    }

    /** CLIENT LIST's omem for one connection: the bytes of replies the server holds for it. */
    private static String outputBuffer(RedisClient redis, long id) {
        try {
            String line = redis.executeCommand(new CommandObject<>(new CommandArguments(Protocol.Command.CLIENT)
                    .add("LIST").add("ID").add(id), BuilderFactory.STRING));
            String omem = line.replaceAll("(?s).*\\bomem=(\\d+).*", "$1");
            return String.format(Locale.ROOT, "omem=%s bytes (%.1f MB of the 10 MB of replies)", omem,
                    Long.parseLong(omem) / 1e6);
        } catch (JedisDataException refused) { // an ACL user on a shared server may not list clients
            return "not shown, CLIENT LIST is refused here (" + refused.getMessage() + ")";
        }
    }

    /** The server's limit for ordinary clients: "0 0 0" is none at all. */
    private static String limitFor(RedisClient redis) {
        try {
            String limits = redis.configGet("client-output-buffer-limit").get("client-output-buffer-limit");
            return limits.replaceAll(".*normal ((\\S+) (\\S+) (\\S+)).*", "normal $1");
        } catch (JedisDataException refused) {
            return "not shown, CONFIG GET is refused here (" + refused.getMessage() + ")";
        }
    }
}
