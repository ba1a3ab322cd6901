package pipelining;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import redis.clients.jedis.AbstractTransaction;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.Response;
import redis.clients.jedis.exceptions.JedisDataException;

/** Each cell of which-tool's table and each of its claims, against a real server of each kind, in this JVM. */
class WhichToolClaimsTest {

    @ParameterizedTest
    @EnumSource(PrivateRedis.Kind.class)
    void eachWayAdds100AndTheRoundTripsAreTheOnesCountedOnTheWire(PrivateRedis.Kind kind) {
        try (Lesson lesson = Lesson.on(kind)) {
            String printed = Sections.stdoutOf(() -> which_tool.chooseTheTool(lesson.client, lesson.wire));
            assertTrue(WhichToolTest.OUTPUT.matcher(printed).matches(), printed);
            // 500, the script's 501, then the four INCR of the timed pipelines; the refused SET never went out
            assertEquals("505", lesson.redis.raw.get(lesson.onServer("incr_key")));
            assertEquals(0, lesson.redis.raw.exists(lesson.onServer("a"), lesson.onServer("queue")));
        }
    }

    /** "Others in between: yes" for a loop: a second client reads counts the loop has not finished. */
    @ParameterizedTest
    @EnumSource(PrivateRedis.Kind.class)
    void anotherClientsCommandsRunBetweenALoopsCommands(PrivateRedis.Kind kind) {
        try (Lesson lesson = Lesson.on(kind)) {
            Set<Long> seen = seenWhile(lesson, redis -> {
                for (int i = 0; i < 2_000; i++) {
                    redis.incr("incr_key");
                }
            });
            assertTrue(seen.stream().anyMatch(value -> value > 0 && value < 2_000), seen::toString);
        }
    }

    /**
     * "Others in between: yes" for a pipeline, and a blocking command holds back what is queued behind it: while
     * the pipeline's BLPOP waits, the INCR after it has not run, and another client's commands do.
     */
    @ParameterizedTest
    @EnumSource(PrivateRedis.Kind.class)
    void anotherClientsCommandsRunWhileAPipelinesBlockingCommandHoldsBackTheRest(PrivateRedis.Kind kind) throws Exception {
        try (Lesson lesson = Lesson.on(kind)) {
            String counter = lesson.onServer("incr_key");
            CompletableFuture<List<Object>> replies = CompletableFuture.supplyAsync(() -> {
                try (Pipeline pipe = lesson.client.pipelined()) {
                    pipe.incr("incr_key");
                    pipe.blpop(1.5, "queue"); // under Jedis' 2 s socket timeout
                    pipe.incr("incr_key");
                    return pipe.syncAndReturnAll();
                }
            });
            assertTrue(Wait.until(Duration.ofSeconds(1), () -> "1".equals(lesson.redis.raw.get(counter))), "the first INCR ran");
            lesson.redis.raw.lpush(lesson.onServer("queue"), "from another client"); // runs between the pipeline's commands
            List<Object> got = replies.get(10, TimeUnit.SECONDS);
            assertEquals(2L, got.get(2), got::toString);
            assertEquals("2", lesson.redis.raw.get(counter));
        }
    }

    /** "Others in between: no" for one command, MULTI/EXEC and a script: a second client sees none of it, or all. */
    @ParameterizedTest
    @EnumSource(PrivateRedis.Kind.class)
    void nothingRunsInsideOneCommandATransactionOrAScript(PrivateRedis.Kind kind) {
        int count = 30_000;
        List<Consumer<RedisClient>> ways = List.of(
                redis -> redis.incrBy("incr_key", count),
                redis -> {
                    try (AbstractTransaction multi = redis.multi()) {
                        for (int i = 0; i < count; i++) {
                            multi.incr("incr_key");
                        }
                        multi.exec();
                    }
                },
                redis -> redis.eval(which_tool.INCR_N_TIMES, List.of("incr_key"), List.of(String.valueOf(count))));
        try (Lesson lesson = Lesson.on(kind)) {
            for (Consumer<RedisClient> way : ways) {
                lesson.client.del("incr_key");
                Set<Long> seen = seenWhile(lesson, way);
                assertTrue(Set.of(0L, (long) count).containsAll(seen), seen::toString);
            }
        }
    }

    /** The page: a transaction whose connection drops before EXEC runs none of what the server had queued. */
    @ParameterizedTest
    @EnumSource(PrivateRedis.Kind.class)
    void aTransactionWhoseConnectionDropsBeforeExecRunsNothing(PrivateRedis.Kind kind) throws Exception {
        try (PrivateRedis redis = PrivateRedis.start(kind)) {
            try (Socket client = new Socket(redis.server.uri.getHost(), redis.server.uri.getPort())) {
                client.setSoTimeout(5_000);
                client.getOutputStream().write("MULTI\r\nSET dropped queued\r\n".getBytes(StandardCharsets.US_ASCII));
                byte[] replies = new byte["+OK\r\n+QUEUED\r\n".length()];
                new DataInputStream(client.getInputStream()).readFully(replies);
                assertEquals("+OK\r\n+QUEUED\r\n", new String(replies, StandardCharsets.US_ASCII), "the SET is queued");
            } // the connection drops, with no EXEC
            try (Jedis admin = new Jedis(redis.server.uri)) { // the server has let go of the half-made transaction
                assertTrue(Wait.until(Duration.ofSeconds(5), () -> !admin.clientList().contains(" multi=1 ")),
                        admin::clientList);
            }
            assertEquals(false, redis.raw.exists("dropped"));
        }
    }

    /** "Read, then decide: no" for MULTI/EXEC: a read inside the transaction only answers at EXEC. */
    @ParameterizedTest
    @EnumSource(PrivateRedis.Kind.class)
    void aReadInsideATransactionAnswersOnlyAtExec(PrivateRedis.Kind kind) {
        try (Lesson lesson = Lesson.on(kind); AbstractTransaction multi = lesson.client.multi()) {
            lesson.client.set("incr_key", "41");
            Response<String> read = multi.get("incr_key");
            assertThrows(IllegalStateException.class, read::get);
            multi.incr("incr_key");
            multi.exec();
            assertEquals("41", read.get());
        }
    }

    /** The page: nothing rolls back; a script that fails after a write leaves that write done. */
    @ParameterizedTest
    @EnumSource(PrivateRedis.Kind.class)
    void aScriptThatFailsAfterAWriteLeavesTheWriteDone(PrivateRedis.Kind kind) {
        try (Lesson lesson = Lesson.on(kind)) {
            lesson.client.set("a", "a value"); // not a number: INCR a fails
            assertThrows(JedisDataException.class, () -> lesson.client.eval(
                    "redis.call('INCR', KEYS[1]) return redis.call('INCR', KEYS[2])", List.of("incr_key", "a"), List.of()));
            assertEquals("1", lesson.redis.raw.get(lesson.onServer("incr_key")));
        }
    }

    /** Every value of incr_key a second client read, as fast as it could, while {@code way} ran on the lesson's client. */
    private static Set<Long> seenWhile(Lesson lesson, Consumer<RedisClient> way) {
        String counter = lesson.onServer("incr_key");
        Set<Long> seen = ConcurrentHashMap.newKeySet();
        AtomicBoolean done = new AtomicBoolean();
        CompletableFuture<Void> observer = CompletableFuture.runAsync(() -> {
            while (!done.get()) {
                String value = lesson.redis.raw.get(counter);
                seen.add(value == null ? 0 : Long.parseLong(value));
            }
        });
        try {
            assertTrue(Wait.until(Duration.ofSeconds(5), () -> !seen.isEmpty()), "the observer started");
            way.accept(lesson.client);
        } finally {
            done.set(true);
        }
        observer.orTimeout(10, TimeUnit.SECONDS).join();
        return seen;
    }
}
