package pipelining;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.redisson.Redisson;
import org.redisson.api.BatchOptions;
import org.redisson.api.RBatch;
import org.redisson.api.RedissonClient;
import org.redisson.client.NettyHook;
import org.redisson.client.codec.StringCodec;
import org.redisson.config.Config;

/** What the Redisson section says about Redisson, each on a real server; its launch is in {@link ClientComparisonTest}. */
class RedissonBatchTest {

    /** A client as the section builds it, on a lesson's server, namespace and wire. */
    static RedissonClient on(Lesson lesson) {
        Config config = config(lesson);
        config.setCodec(StringCodec.INSTANCE);
        return Redisson.create(config);
    }

    /** The same without the section's codec: the rest of its settings. */
    private static Config config(Lesson lesson) {
        Config config = new Config();
        config.useSingleServer().setAddress(lesson.redis.server.uri.toString()).setPingConnectionInterval(0);
        config.setNameMapper(new NamespacedNames(lesson.session.namespace()));
        config.setNettyHook(new NettyHook() {
            @Override
            public void afterBoostrapInitialization(Bootstrap bootstrap) {
            }

            @Override
            public void afterChannelInitialization(Channel channel) {
                NettyWire.count(channel, lesson.wire);
            }
        });
        return config;
    }

    /** Why the section sets a codec: without one, Redisson stores a value serialized, not as the notebook's string. */
    @Test
    void withoutACodecOfItsOwnAValueIsNotStoredAsItsString() {
        try (Lesson lesson = Lesson.on(PrivateRedis.Kind.preferred())) {
            RedissonClient redisson = Redisson.create(config(lesson));
            try {
                redisson.getBucket("a").set("a value");
                assertTrue(!"a value".equals(lesson.redis.raw.get(lesson.onServer("a"))));
                assertEquals("a value", redisson.getBucket("a").get());
            } finally {
                redisson.shutdown();
            }
        }
    }

    /**
     * The one command of the run outside its namespace, which the README and the page own up to: Redisson, connecting,
     * reads two keys named test1 and test2 in a script, to find out whether the server is a cluster. It writes nothing.
     */
    @Test
    void connectingRedissonReadsTwoKeysNamedTest1AndTest2AndChangesNeither() throws Exception {
        try (Lesson lesson = Lesson.on(PrivateRedis.Kind.preferred())) {
            UsersKeys mine = UsersKeys.on(lesson.redis, "test1", "test2");
            List<ServerMonitor.Command> sent;
            try (ServerMonitor monitor = new ServerMonitor(lesson.redis.server.uri)) {
                on(lesson).shutdown();
                sent = monitor.timed();
            }
            assertEquals(List.of(List.of("EVAL", "redis.call('get', KEYS[1]) redis.call('get', KEYS[2])", "2", "test1",
                    "test2")), sent.stream().filter(command -> !command.client().equals("lua")) // not the script's own GETs
                    .map(ServerMonitor.Command::arguments).filter(command -> command.contains("test1")).toList());
            mine.assertUntouched();
            lesson.redis.raw.del("a", "b", "incr_key", "test1", "test2"); // the lesson leaves an empty server
        }
    }

    /** As in Lettuce, a reply is read, and its future completed, on a Netty thread, not on the caller's. */
    @Test
    void aReplyIsReadOnANettyThreadNotOnTheCallers() throws Exception {
        try (Lesson lesson = Lesson.on(PrivateRedis.Kind.preferred())) {
            RedissonClient redisson = on(lesson);
            try {
                // registered long before the reply comes (the server answers in half a second), so it runs where the reply is read
                String reader = redisson.getBlockingQueue("empty-list").pollAsync(500, java.util.concurrent.TimeUnit.MILLISECONDS)
                        .thenApply(reply -> Thread.currentThread().getName()).toCompletableFuture()
                        .get(10, java.util.concurrent.TimeUnit.SECONDS);
                assertTrue(reader.startsWith("redisson-netty-") && !reader.equals(Thread.currentThread().getName()), reader);
            } finally {
                redisson.shutdown();
            }
        }
    }

    /** Why the section sets the ping interval to 0: by default each connection sends a PING every 30 seconds. */
    @Test
    void byDefaultEachConnectionPingsEvery30Seconds() {
        assertEquals(30_000, new Config().useSingleServer().getPingConnectionInterval());
    }

    @Test
    void aBatchWritesNothingUntilExecuteThenEverythingInOneWrite() {
        try (Lesson lesson = Lesson.on(PrivateRedis.Kind.preferred())) {
            RedissonClient redisson = on(lesson);
            try {
                Wire.Tally before = lesson.wire.tally();
                RBatch batch = redisson.createBatch();
                for (int i = 0; i < 1_000; i++) {
                    batch.getAtomicLong("incr_key").incrementAndGetAsync();
                }
                Wait.pause(300); // time enough for anything that were sent to arrive
                assertEquals(0, lesson.wire.since(before).writes());
                assertEquals(null, lesson.redis.raw.get(lesson.onServer("incr_key")));
                batch.execute();
                assertEquals(List.of(1L, 1L), List.of(lesson.wire.since(before).writes(), lesson.wire.since(before).roundTrips()));
                assertEquals("1000", lesson.redis.raw.get(lesson.onServer("incr_key")));
            } finally {
                redisson.shutdown();
            }
        }
    }

    /** What "atomic" means in a Redisson batch: IN_MEMORY_ATOMIC wraps it in MULTI and EXEC; the default does not. */
    @Test
    void onlyAnAtomicBatchIsSentAsMultiExec() {
        try (Lesson lesson = Lesson.on(PrivateRedis.Kind.preferred())) {
            RedissonClient redisson = on(lesson);
            try {
                long exec = LettucePipeliningTest.calls(lesson, "exec");
                RBatch plain = redisson.createBatch(BatchOptions.defaults());
                plain.getAtomicLong("incr_key").incrementAndGetAsync();
                plain.execute();
                assertEquals(exec, LettucePipeliningTest.calls(lesson, "exec"), "the default, IN_MEMORY: no transaction");
                RBatch atomic = redisson.createBatch(BatchOptions.defaults().executionMode(BatchOptions.ExecutionMode.IN_MEMORY_ATOMIC));
                atomic.getAtomicLong("incr_key").incrementAndGetAsync();
                atomic.getAtomicLong("incr_key").incrementAndGetAsync();
                assertEquals(List.of(2L, 3L), atomic.execute().getResponses());
                assertEquals(exec + 1, LettucePipeliningTest.calls(lesson, "exec"));
            } finally {
                redisson.shutdown();
            }
        }
    }
}
