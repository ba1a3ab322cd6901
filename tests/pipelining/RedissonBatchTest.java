package pipelining;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.redisson.Redisson;
import org.redisson.api.BatchOptions;
import org.redisson.api.RBatch;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;

/**
 * What the Redisson section says about Redisson, each on a real server, with the section's own client; its launch is in
 * {@link ClientComparisonTest}.
 */
class RedissonBatchTest {

    /** Why the section sets a codec: without one, Redisson stores a value serialized, not as the notebook's string. */
    @Test
    void withoutACodecOfItsOwnAValueIsNotStoredAsItsString() {
        try (PrivateRedis redis = PrivateRedis.start(PrivateRedis.Kind.preferred()); var tutorial = Sections.tutorialOn(redis)) {
            Config config = new Config(); // the section's address and names, without its codec
            config.useSingleServer().setAddress(tutorial.uri.toString());
            config.setNameMapper(new NamespacedNames(tutorial.namespace));
            RedissonClient redisson = Redisson.create(config);
            tutorial.closeFirst(redisson::shutdown);
            redisson.getBucket("a").set("a value");
            assertTrue(!"a value".equals(redis.raw.get(tutorial.namespace + "a")));
            assertEquals("a value", redisson.getBucket("a").get());
        }
    }

    /**
     * The one command of the run outside its namespace, which the README and the page own up to: Redisson, connecting,
     * reads two keys named test1 and test2 in a script, to find out whether the server is a cluster. It writes nothing.
     */
    @Test
    void connectingRedissonReadsTwoKeysNamedTest1AndTest2AndChangesNeither() throws Exception {
        try (PrivateRedis redis = PrivateRedis.start(PrivateRedis.Kind.preferred()); var tutorial = Sections.tutorialOn(redis)) {
            UsersKeys mine = UsersKeys.on(redis, "test1", "test2");
            List<ServerMonitor.Command> sent;
            try (ServerMonitor monitor = new ServerMonitor(redis.server.uri)) {
                redisson_batch.redisson(tutorial);
                sent = monitor.timed();
            }
            assertEquals(List.of(List.of("EVAL", "redis.call('get', KEYS[1]) redis.call('get', KEYS[2])", "2", "test1",
                    "test2")), sent.stream().filter(command -> !command.client().equals("lua")) // not the script's own GETs
                    .map(ServerMonitor.Command::arguments).filter(command -> command.contains("test1")).toList());
            mine.assertUntouched();
        }
    }

    /** As in Lettuce, a reply is read, and its future completed, on a Netty thread, not on the caller's. */
    @Test
    void aReplyIsReadOnANettyThreadNotOnTheCallers() throws Exception {
        try (PrivateRedis redis = PrivateRedis.start(PrivateRedis.Kind.preferred()); var tutorial = Sections.tutorialOn(redis)) {
            RedissonClient redisson = redisson_batch.redisson(tutorial);
            // registered long before the reply comes (the server answers in half a second), so it runs where the reply is read
            String reader = redisson.getBlockingQueue("empty-list").pollAsync(500, TimeUnit.MILLISECONDS)
                    .thenApply(reply -> Thread.currentThread().getName()).toCompletableFuture()
                    .get(10, TimeUnit.SECONDS);
            assertTrue(reader.startsWith("redisson-netty-") && !reader.equals(Thread.currentThread().getName()), reader);
        }
    }

    /**
     * A server that dies during the run ends it with one line, not with Redisson's stack trace: the connection was lost,
     * or (once Redisson has retried and given up waiting for the reply) the server stopped answering.
     */
    @Test
    void aServerThatDiesDuringTheRunEndsItWithOneLine() {
        try (PrivateRedis redis = PrivateRedis.start(PrivateRedis.Kind.REDIS_SERVER)) {
            Sections.Run run = Sections.inThisJvm(Map.of("REDIS_URL", redis.url()), tutorial -> {
                RedissonClient redisson = redisson_batch.redisson(tutorial);
                Sections.killAfter(1_000, redis);
                redisson_batch.incrOneAtATime(redisson);
            });
            String line = Sections.assertEndedByADeadServer(run);
            assertTrue(line.startsWith("[tutorial] Lost the connection to Redis at " + redis.url())
                    || line.startsWith("[tutorial] Redis at " + redis.url() + " stopped answering during the run"), line);
        }
    }

    /** Why the section sets the ping interval to 0: by default each connection sends a PING every 30 seconds. */
    @Test
    void byDefaultEachConnectionPingsEvery30Seconds() {
        assertEquals(30_000, new Config().useSingleServer().getPingConnectionInterval());
    }

    @ParameterizedTest
    @EnumSource(PrivateRedis.Kind.class)
    void aBatchWritesNothingUntilExecuteThenEverythingInOneWrite(PrivateRedis.Kind kind) {
        try (PrivateRedis redis = PrivateRedis.start(kind); var tutorial = Sections.tutorialOn(redis)) {
            RedissonClient redisson = redisson_batch.redisson(tutorial);
            Wire.Tally before = tutorial.wire.tally();
            RBatch batch = redisson.createBatch();
            for (int i = 0; i < 1_000; i++) {
                batch.getAtomicLong("incr_key").incrementAndGetAsync();
            }
            Wait.pause(300); // time enough for anything that were sent to arrive
            assertEquals(0, tutorial.wire.since(before).writes());
            assertEquals(null, redis.raw.get(tutorial.namespace + "incr_key"));
            batch.execute();
            assertEquals(List.of(1L, 1L), List.of(tutorial.wire.since(before).writes(), tutorial.wire.since(before).roundTrips()));
            assertEquals("1000", redis.raw.get(tutorial.namespace + "incr_key"));
        }
    }

    /** What "atomic" means in a Redisson batch: IN_MEMORY_ATOMIC wraps it in MULTI and EXEC; the default does not. */
    @Test
    void onlyAnAtomicBatchIsSentAsMultiExec() {
        try (PrivateRedis redis = PrivateRedis.start(PrivateRedis.Kind.preferred()); var tutorial = Sections.tutorialOn(redis)) {
            RedissonClient redisson = redisson_batch.redisson(tutorial);
            long exec = LettucePipeliningTest.calls(redis, "exec");
            RBatch plain = redisson.createBatch(BatchOptions.defaults());
            plain.getAtomicLong("incr_key").incrementAndGetAsync();
            plain.execute();
            assertEquals(exec, LettucePipeliningTest.calls(redis, "exec"), "the default, IN_MEMORY: no transaction");
            RBatch atomic = redisson.createBatch(BatchOptions.defaults().executionMode(BatchOptions.ExecutionMode.IN_MEMORY_ATOMIC));
            atomic.getAtomicLong("incr_key").incrementAndGetAsync();
            atomic.getAtomicLong("incr_key").incrementAndGetAsync();
            assertEquals(List.of(2L, 3L), atomic.execute().getResponses());
            assertEquals(exec + 1, LettucePipeliningTest.calls(redis, "exec"));
        }
    }
}
