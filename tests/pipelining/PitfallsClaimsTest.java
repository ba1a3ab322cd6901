package pipelining;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisException;

/** What the pitfalls section says Jedis and Redis do, each on a private server of each kind, with clients of its own. */
class PitfallsClaimsTest {

    /** The page's figures for what the build did, written as attributes. */
    static final int PER_THREAD = 100_000; // long enough that two threads overlap on a busy machine
    static final int MAX_WAIT_MILLIS = 200;
    static final String LIMIT = "normal 1mb 0 0";

    /** The page: a plain RedisClient's pool has 8 connections, and no limit on how long a call waits for one. */
    @Test
    void aPlainClientsPoolHasEightConnectionsAndNoLimitOnTheWait() {
        assertEquals(8, GenericObjectPoolConfig.DEFAULT_MAX_TOTAL);
        assertTrue(new ConnectionPoolConfig().getMaxWaitDuration().isNegative(), "no limit on the wait");
    }

    /** The page: when all 8 are taken, a call waits, and goes on as soon as one is given back. */
    @ParameterizedTest
    @EnumSource(PrivateRedis.Kind.class)
    void aCallWaitsWhileAllEightConnectionsAreTaken(PrivateRedis.Kind kind) throws Exception {
        try (PrivateRedis redis = PrivateRedis.start(kind); RedisClient client = RedisClient.create(redis.server.uri)) {
            List<Pipeline> leaked = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                leaked.add(client.pipelined());
            }
            CompletableFuture<String> ping = CompletableFuture.supplyAsync(client::ping);
            Wait.pause(1_500);
            assertFalse(ping.isDone(), "a ninth call got a connection");
            leaked.get(0).close();
            assertEquals("PONG", ping.get(5, TimeUnit.SECONDS));
            leaked.forEach(Pipeline::close);
        }
    }

    /** The page and the message index: with a limit on the wait, an empty pool fails with this message. */
    @ParameterizedTest
    @EnumSource(PrivateRedis.Kind.class)
    void withALimitOnTheWaitAnEmptyPoolFailsWithCouldNotGetAResource(PrivateRedis.Kind kind) {
        ConnectionPoolConfig onePatient = new ConnectionPoolConfig();
        onePatient.setMaxTotal(1);
        onePatient.setMaxWait(Duration.ofMillis(MAX_WAIT_MILLIS));
        Sections.saveAttribute("pool-max-wait-ms", MAX_WAIT_MILLIS);
        try (PrivateRedis redis = PrivateRedis.start(kind);
             RedisClient client = RedisClient.builder().hostAndPort(redis.server.uri.getHost(), redis.server.uri.getPort())
                     .poolConfig(onePatient).build();
             Pipeline leaked = client.pipelined()) {
            JedisException empty = assertThrows(JedisException.class, client::ping);
            assertEquals("Could not get a resource from the pool", empty.getMessage());
            Sections.saveSnippet("pool-exhausted.txt", empty.getClass().getSimpleName() + ": " + empty.getMessage()
                    + "\n  caused by " + empty.getCause().getClass().getSimpleName() + ": "
                    + empty.getCause().getMessage().replaceAll(", maxWait.*", "") + "\n"); // its duration varies
        }
    }

    /**
     * The page: Jedis' socket timeout is 2 s unless the client says otherwise. A blocking command sent on its own
     * may wait longer (Jedis lifts the timeout for it); the same command in a pipeline may not.
     */
    @ParameterizedTest
    @EnumSource(PrivateRedis.Kind.class)
    void aBlockingCommandMayOutwaitTheSocketTimeoutAloneButNotInAPipeline(PrivateRedis.Kind kind) {
        assertEquals(2_000, Protocol.DEFAULT_TIMEOUT);
        try (PrivateRedis redis = PrivateRedis.start(kind); RedisClient client = RedisClient.create(redis.server.uri)) {
            assertEquals(null, client.blpop(2.5, "pitfalls:queue"), "alone, it waits out its own 2.5 s");
            JedisConnectionException late = assertThrows(JedisConnectionException.class, () -> {
                try (Pipeline pipe = client.pipelined()) {
                    pipe.blpop(2.5, "pitfalls:queue");
                }
            });
            assertEquals("java.net.SocketTimeoutException: Read timed out", late.getMessage());
        }
    }

    /**
     * The page: the socket timeout bounds each wait for the server's next bytes, not a whole sync. Three BLPOP of
     * 1.5 s each, under the 2 s timeout one by one, keep a sync going for 4.5 s, and it ends without an error.
     */
    @Test
    void theSocketTimeoutBoundsEachWaitForRepliesNotTheWholeSync() {
        try (PrivateRedis redis = PrivateRedis.start(PrivateRedis.Kind.preferred());
             RedisClient client = RedisClient.create(redis.server.uri)) {
            long start = System.nanoTime();
            List<Object> replies;
            try (Pipeline pipe = client.pipelined()) {
                for (int i = 0; i < SLOW_COMMANDS; i++) {
                    pipe.blpop(SLOW_SECONDS, "pitfalls:queue");
                }
                replies = pipe.syncAndReturnAll();
            }
            long tookMillis = (System.nanoTime() - start) / 1_000_000;
            assertEquals(Collections.nCopies(SLOW_COMMANDS, null), replies);
            assertTrue(tookMillis >= SLOW_COMMANDS * SLOW_SECONDS * 1000 - 50 && tookMillis > Protocol.DEFAULT_TIMEOUT,
                    "the sync took " + tookMillis + " ms");
            Sections.saveAttribute("slow-commands", SLOW_COMMANDS);
            Sections.saveAttribute("slow-command-seconds", String.valueOf(SLOW_SECONDS));
            Sections.saveAttribute("slow-sync-seconds", String.valueOf(SLOW_COMMANDS * SLOW_SECONDS));
            Sections.saveAttribute("socket-timeout-seconds", Protocol.DEFAULT_TIMEOUT / 1000);
            Sections.saveAttribute("late-blpop-seconds", pitfalls.LATE_SECONDS);
        }
    }

    static final int SLOW_COMMANDS = 3;
    static final double SLOW_SECONDS = 1.5;

    /** The page: one Jedis connection in a pipeline refuses a direct call, rather than mixing up the replies. */
    @ParameterizedTest
    @EnumSource(PrivateRedis.Kind.class)
    void aDirectCallOnAJedisWhosePipelineIsOpenIsRefused(PrivateRedis.Kind kind) {
        try (PrivateRedis redis = PrivateRedis.start(kind); Jedis jedis = new Jedis(redis.server.uri)) {
            Pipeline pipe = jedis.pipelined();
            assertEquals("PONG", jedis.ping(), "nothing queued yet: the call goes through");
            pipe.set("pitfalls:k", "v");
            IllegalStateException refused = assertThrows(IllegalStateException.class, jedis::ping);
            Sections.saveSnippet("jedis-mixed.txt", refused.getClass().getSimpleName() + ": " + refused.getMessage() + "\n");
            assertEquals("Cannot use Jedis when in Pipeline. Please use Pipeline or reset jedis state.", refused.getMessage());
            pipe.sync();
            assertEquals("PONG", jedis.ping(), "its replies read: the call goes through, the pipeline still open");
            pipe.close();
            jedis.del("pitfalls:k");
        }
    }

    /** The page: two threads on one Pipeline lose or mix up commands; a pipeline each is right. */
    @ParameterizedTest
    @EnumSource(PrivateRedis.Kind.class)
    void twoThreadsOnOnePipelineGoWrong(PrivateRedis.Kind kind) {
        try (PrivateRedis redis = PrivateRedis.start(kind)) {
            String symptom = null;
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30); // on a busy machine the threads overlap less
            while (symptom == null && System.nanoTime() < until) {
                try (RedisClient client = RedisClient.create(redis.server.uri)) {
                    client.del("pitfalls:shared");
                    symptom = sharedPipeline(client);
                }
            }
            assertTrue(symptom != null, "for 30 s, two threads on one pipeline counted right every time");
            Sections.saveSnippet("shared-pipeline.txt", symptom + "\n");
        }
    }

    /**
     * The page: the server closes the connection on a broken stream, as two threads' interleaved bytes make, sometimes
     * answering first with an error such as {@code ERR Protocol error: invalid bulk length}, the message-index row's: the
     * server's answer to a bulk string whose length is not a number (one of several protocol errors it may give).
     */
    @ParameterizedTest
    @EnumSource(PrivateRedis.Kind.class)
    void aBrokenStreamIsAnsweredWithAProtocolErrorAndTheConnectionClosed(PrivateRedis.Kind kind) throws Exception {
        try (PrivateRedis redis = PrivateRedis.start(kind);
                Socket socket = new Socket(redis.server.uri.getHost(), redis.server.uri.getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write("*2\r\n$3\r\nGET\r\n$x\r\n".getBytes(StandardCharsets.US_ASCII));
            BufferedReader replies = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            assertEquals("-ERR Protocol error: invalid bulk length", replies.readLine());
            assertEquals(null, replies.readLine(), "the server closed the connection");
        }
    }

    @ParameterizedTest
    @EnumSource(PrivateRedis.Kind.class)
    void twoThreadsWithAPipelineEachCountRight(PrivateRedis.Kind kind) throws Exception {
        try (PrivateRedis redis = PrivateRedis.start(kind); RedisClient client = RedisClient.create(redis.server.uri)) {
            inTwoThreadsAtOnce(() -> {
                try (Pipeline own = client.pipelined()) {
                    for (int i = 0; i < PER_THREAD; i++) {
                        own.incr("pitfalls:own");
                    }
                }
            });
            assertEquals(String.valueOf(2 * PER_THREAD), client.get("pitfalls:own"));
            Sections.saveAttribute("incr-per-thread", PER_THREAD);
            Sections.saveAttribute("incr-two-threads", 2 * PER_THREAD);
        }
    }

    /**
     * The page: with a limit for ordinary clients, the server drops a client whose unread replies pass it. The
     * change is made on a server this test started, and set back before it stops.
     */
    @ParameterizedTest
    @EnumSource(PrivateRedis.Kind.class)
    void anOutputBufferLimitMakesTheServerDropAPipelineThatDoesNotReadItsReplies(PrivateRedis.Kind kind) {
        try (PrivateRedis redis = PrivateRedis.start(kind); RedisClient client = RedisClient.create(redis.server.uri)) {
            String limits = redis.raw.configGet("client-output-buffer-limit").get("client-output-buffer-limit");
            assertTrue(limits.startsWith("normal 0 0 0 "), "by default, no limit for ordinary clients: " + limits);
            redis.raw.configSet("client-output-buffer-limit", LIMIT);
            Sections.saveAttribute("output-buffer-limit", LIMIT);
            try {
                client.set("pitfalls:a", "x".repeat(pitfalls.VALUE_BYTES)); // the section's run, under a limit
                JedisConnectionException dropped = assertThrows(JedisConnectionException.class, () -> {
                    try (Pipeline pipe = client.pipelined()) {
                        for (int i = 0; i < pitfalls.GETS; i++) {
                            pipe.get("pitfalls:a");
                        }
                    }
                });
                // the server closed the connection: the client saw it reading, or still writing
                assertTrue(dropped.getMessage().contains("Connection reset") || dropped.getMessage().contains("Broken pipe"),
                        dropped.getMessage());
                Sections.saveSnippet("output-buffer-limit.txt", dropped.getClass().getSimpleName() + ": "
                        + dropped.getMessage() + "\n");
            } finally {
                redis.raw.configSet("client-output-buffer-limit", limits);
            }
            assertEquals(limits, redis.raw.configGet("client-output-buffer-limit").get("client-output-buffer-limit"));
            client.del("pitfalls:a");
        }
    }

    static final int EVICTION_KEYS = 10_000;
    static final int EVICTION_VALUE_BYTES = 1_000;
    static final int EVICTION_HEADROOM_MIB = 2;

    /**
     * The page: replies a pipeline has not read yet count against maxmemory like data, so with an eviction policy they
     * evict keys. On a server this test started: {@value #EVICTION_KEYS} keys, maxmemory a little above what they use,
     * then a pipeline of a GET for each that reads nothing until its close().
     */
    @Test
    void unreadRepliesCountAgainstMaxmemoryAndEvictKeys() {
        try (PrivateRedis redis = PrivateRedis.start(PrivateRedis.Kind.preferred());
             RedisClient client = RedisClient.create(redis.server.uri)) {
            Late late = readEverythingLate(redis, client, Map.of());
            assertNull(late.dropped(), "the server dropped the client");
            long evicted = late.evictedKeys();
            assertTrue(evicted > 0, "no key was evicted");
            Sections.saveAttribute("eviction-keys", EVICTION_KEYS);
            Sections.saveAttribute("eviction-value-bytes", EVICTION_VALUE_BYTES);
            Sections.saveAttribute("eviction-headroom-mib", EVICTION_HEADROOM_MIB);
            Sections.saveAttribute("evicted-keys", evicted);
        }
    }

    /** The page: Redis 7's maxmemory-clients drops the client that holds the most instead, and no key goes. */
    @Test
    void maxmemoryClientsDropsTheClientInsteadOfYourKeys() {
        try (PrivateRedis redis = PrivateRedis.start(PrivateRedis.Kind.preferred());
             RedisClient client = RedisClient.create(redis.server.uri)) {
            Assumptions.assumeTrue(Session.serverVersion(redis.raw).compareTo("7") >= 0, "maxmemory-clients is Redis 7's");
            Late late = readEverythingLate(redis, client, Map.of("maxmemory-clients", CLIENTS_LIMIT));
            assertNotNull(late.dropped(), "the pipeline's connection was not dropped");
            assertEquals(0, late.evictedKeys(), late.dropped().getMessage());
            assertTrue(redis.stat("evicted_clients") > 0, late.dropped().getMessage());
            Sections.saveAttribute("maxmemory-clients", CLIENTS_LIMIT);
        }
    }

    /**
     * Fills the server, sets maxmemory {@value #EVICTION_HEADROOM_MIB} MiB above what it uses, with allkeys-lru and
     * {@code settings}, then sends a GET for every key on a pipeline and reads the replies only at its close(), once
     * the server has stopped evicting; returns how many keys it evicted. Every setting is set back.
     */
    static final String CLIENTS_LIMIT = "1mb";

    /** Keys the server evicted while the replies waited, and how the pipeline failed, if the server dropped it. */
    record Late(long evictedKeys, JedisConnectionException dropped) {
    }

    private static Late readEverythingLate(PrivateRedis redis, RedisClient client, Map<String, String> settings) {
        String value = "v".repeat(EVICTION_VALUE_BYTES);
        try (Pipeline fill = client.pipelined()) {
            for (int i = 0; i < EVICTION_KEYS; i++) {
                fill.set("evict:" + i, value);
            }
        }
        Map<String, String> before = new java.util.HashMap<>();
        for (String name : Stream.concat(Stream.of("maxmemory", "maxmemory-policy"), settings.keySet().stream()).toList()) {
            before.put(name, redis.raw.configGet(name).get(name));
        }
        try {
            redis.raw.configSet("maxmemory", String.valueOf(redis.stat("used_memory") + (EVICTION_HEADROOM_MIB << 20)));
            redis.raw.configSet("maxmemory-policy", "allkeys-lru");
            settings.forEach(redis.raw::configSet);
            Pipeline reads = client.pipelined();
            try {
                for (int i = 0; i < EVICTION_KEYS; i++) {
                    reads.get("evict:" + i);
                }
                long[] last = {-1};
                Wait.until(Duration.ofSeconds(10), () -> { // the server has answered all it was sent
                    long processed = redis.stat("total_commands_processed");
                    boolean settled = processed - last[0] <= 1; // nothing since the last look but that INFO itself
                    last[0] = processed;
                    Wait.pause(50);
                    return settled;
                });
                long evicted = redis.stat("evicted_keys");
                reads.close(); // reads the replies
                return new Late(evicted, null);
            } catch (JedisConnectionException dropped) { // while the pipeline still wrote, or as it read
                return new Late(redis.stat("evicted_keys"), dropped);
            }
        } finally {
            before.forEach(redis.raw::configSet);
        }
    }

    /** The pitfalls script's own run: the server held most of the 10 MB of replies that were not read yet. */
    @ParameterizedTest
    @EnumSource(PrivateRedis.Kind.class)
    void theServerHoldsThePipelinesUnreadRepliesAndHasNoLimitForThemByDefault(PrivateRedis.Kind kind) {
        try (Lesson lesson = Lesson.on(kind)) {
            String printed = Sections.stdoutOf(() -> pitfalls.repliesWaitingOnTheServer(lesson.client));
            java.util.regex.Matcher omem = java.util.regex.Pattern.compile("omem=(\\d+) bytes").matcher(printed);
            assertTrue(omem.find(), printed);
            assertTrue(Long.parseLong(omem.group(1)) > 5_000_000, printed);
            assertTrue(printed.endsWith("client-output-buffer-limit normal 0 0 0\n"), printed);
        }
    }

    /**
     * What went wrong when two threads queued their INCR on one pipeline, or null if nothing did: an exception from
     * the sync, one from the next command on the same pool (which can read a reply left behind), or a wrong count.
     */
    private static String sharedPipeline(RedisClient client) {
        String stage = "the sync";
        try {
            try (Pipeline shared = client.pipelined()) {
                inTwoThreadsAtOnce(() -> {
                    for (int i = 0; i < PER_THREAD; i++) {
                        shared.incr("pitfalls:shared");
                    }
                });
            }
            stage = "the next GET";
            String count = client.get("pitfalls:shared");
            return String.valueOf(2 * PER_THREAD).equals(count) ? null
                    : "the server counted " + count + " of the " + 2 * PER_THREAD + " INCR";
        } catch (RuntimeException wrong) {
            return stage + " failed with " + wrong.getClass().getSimpleName() + ":\n  " // short lines, for the page
                    + String.valueOf(wrong.getMessage()).replaceFirst(" \\(.*", "").replace(" because ", "\n  because ");
        }
    }

    /** Runs {@code work} on two threads of their own, started together; rethrows what the first one threw. */
    private static void inTwoThreadsAtOnce(Runnable work) {
        CountDownLatch start = new CountDownLatch(2);
        List<RuntimeException> thrown = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
            threads.add(new Thread(() -> {
                start.countDown();
                try {
                    start.await(5, TimeUnit.SECONDS);
                    work.run();
                } catch (RuntimeException e) {
                    thrown.add(e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
        }
        threads.forEach(Thread::start);
        for (Thread thread : threads) {
            try {
                thread.join(TimeUnit.SECONDS.toMillis(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (!thrown.isEmpty()) {
            throw thrown.get(0);
        }
    }
}
