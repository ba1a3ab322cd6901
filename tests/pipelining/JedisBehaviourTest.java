package pipelining;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.AbstractTransaction;
import redis.clients.jedis.CommandArguments;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.Response;
import redis.clients.jedis.Transaction;
import redis.clients.jedis.util.PrefixedKeyArgumentPreProcessor;
import redis.clients.jedis.util.SafeEncoder;

/** What the page says Jedis 8 does with a pipeline or a transaction, each checked on a real server. */
class JedisBehaviourTest {

    PrivateRedis redis;
    LatencyProxy proxy;
    Session<RedisClient> session;

    @BeforeEach
    void connectThroughAProxyThatCountsWhatTheClientSends() {
        redis = PrivateRedis.start(PrivateRedis.Kind.preferred());
        proxy = new LatencyProxy(redis.server.uri, Duration.ofMillis(2)); // 2 ms: replies never overtake a write
        session = Session.open(proxy.inFrontOf(redis.server.uri));
        session.client.ping(); // the connection is open and greeted before anything is counted
    }

    @AfterEach
    void close() {
        session.close();
        proxy.close();
        redis.close();
    }

    @Test
    void aPipelinesBufferGoesOutWheneverItIsNearlyFullBeforeTheSync() {
        try (Pipeline pipe = session.client.pipelined()) {
            List<Wire.Event> written = wire().record(() -> queueIncr(pipe, 1_000));
            // Jedis writes the buffer out when the next piece of a command would not fit: nearly full
            assertTrue(written.size() >= 5, "1,000 INCR of about 57 bytes fill 8 KiB buffers: " + written);
            assertTrue(written.stream().allMatch(event -> event.write() && event.bytes() > 8100 && event.bytes() <= 8192),
                    "each write before the sync is one nearly full 8 KiB buffer: " + written);
            Sections.saveAttribute("full-buffer-write-min", written.stream().mapToInt(Wire.Event::bytes).min().orElseThrow());
            Sections.saveAttribute("full-buffer-write-max", written.stream().mapToInt(Wire.Event::bytes).max().orElseThrow());
            Wait.pause(300);
            long run = Long.parseLong(redis.raw.get(session.namespace() + "incr_key"));
            assertTrue(run > 500 && run < 1_000, "the server ran " + run + " of 1000 before the sync");
        }
        assertEquals("1000", redis.raw.get(session.namespace() + "incr_key"));
    }

    @Test
    void noReplyIsReadBeforeTheSync() {
        Wire.Tally start = wire().tally();
        try (Pipeline pipe = session.client.pipelined()) {
            List<Response<Long>> replies = queueIncr(pipe, 1_000);
            Wire.Tally beforeTheSync = wire().since(start);
            assertEquals(0, beforeTheSync.roundTrips());
            assertEquals(0, beforeTheSync.bytesRead(), "no reply read before the sync");
            assertThrows(IllegalStateException.class, replies.get(0)::get);
        }
    }

    private static List<Response<Long>> queueIncr(Pipeline pipe, int count) {
        List<Response<Long>> replies = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            replies.add(pipe.incr("incr_key"));
        }
        return replies;
    }

    @Test
    void threeSmallCommandsStayInTheBufferUntilTheSync() {
        try (Pipeline pipe = session.client.pipelined()) {
            pipe.set("a", "a value");
            Wait.pause(100);
            assertEquals(false, redis.raw.exists(session.namespace() + "a"));
        }
        assertEquals("a value", redis.raw.get(session.namespace() + "a"));
    }

    @Test
    void closeSendsQueuedCommandsEvenWhenTheBlockThrows() {
        assertThrows(IllegalStateException.class, () -> {
            try (Pipeline pipe = session.client.pipelined()) {
                pipe.set("e", "e value");
                throw new IllegalStateException("our own code failed");
            }
        });
        assertEquals("e value", redis.raw.get(session.namespace() + "e"));
    }

    /** The page: Jedis 8 greets the server with HELLO 3, so a pipeline's connection speaks RESP3 (Redis 7 shows it). */
    @Test
    void aPipelinesConnectionSpeaksResp3() {
        Assumptions.assumeTrue(session.version.compareTo("7") >= 0, "Redis 6.2's CLIENT LIST has no resp= field");
        try (Pipeline pipe = session.client.pipelined(); Jedis admin = new Jedis(redis.server.uri)) {
            pipe.get("a");
            pipe.sync();
            List<String> ours = admin.clientList().lines().filter(client -> client.contains(" name=pipelining-tutorial "))
                    .toList();
            assertFalse(ours.isEmpty(), admin.clientList());
            assertTrue(ours.stream().allMatch(client -> (client + " ").contains(" resp=3 ")), ours::toString);
        }
    }

    /**
     * The page: in RESP3 the server may push a message of its own between replies (here, the invalidation that client
     * tracking sends when another client changes a key this connection read); Jedis sets it aside, and the replies
     * still match the commands by position.
     */
    @Test
    void aPushedMessageBetweenRepliesLeavesThemInStep() {
        redis.raw.set(session.namespace() + "tracked", "read once");
        try (Pipeline pipe = session.client.pipelined()) {
            pipe.sendCommand(Protocol.Command.CLIENT, "TRACKING", "ON");
            pipe.get("tracked");
            pipe.sync();
            assertEquals(1, redis.stat("tracking_total_keys"), "the server tracks the key this connection read");
            redis.raw.set(session.namespace() + "tracked", "changed by another client"); // the server pushes "invalidate"
            assertEquals(0, redis.stat("tracking_total_keys"), "and forgets it once it has pushed the invalidation");
            redis.raw.set(session.namespace() + "other", "other value");
            Wait.pause(100); // the push is in the connection before the next replies
            Response<String> tracked = pipe.get("tracked");
            Response<String> other = pipe.get("other");
            pipe.sync();
            assertEquals("changed by another client", tracked.get());
            assertEquals("other value", other.get());
        }
    }

    /** The page: what a pipeline never synced or closed still holds in its buffer never reaches the server. */
    @Test
    void whatALeakedPipelineStillHoldsIsNeverSent() {
        RedisClient own = RedisClient.create(redis.server.uri);
        Pipeline leaked = own.pipelined();
        leaked.set("leaked", "never sent");
        own.close(); // the program ends, the pipeline still open
        Wait.pause(300);
        assertFalse(redis.raw.exists("leaked"));
    }

    /** The page: a transaction's close() is the opposite of a pipeline's: without exec(), it sends DISCARD. */
    @Test
    void aTransactionLeftWithoutExecRunsNothingItQueued() {
        long discards = discards();
        try (AbstractTransaction tx = session.client.multi()) {
            tx.set("left", "queued, never executed");
        }
        assertFalse(redis.raw.exists(session.namespace() + "left"));
        assertEquals(discards + 1, discards(), () -> "close() sent DISCARD: " + redis.raw.info("commandstats"));
    }

    @Test
    void aTransactionLeftByAnExceptionRunsNothingItQueued() {
        long discards = discards();
        assertThrows(IllegalStateException.class, () -> {
            try (AbstractTransaction tx = session.client.multi()) {
                tx.set("thrown", "queued, never executed");
                throw new IllegalStateException("our own code failed");
            }
        });
        assertFalse(redis.raw.exists(session.namespace() + "thrown"));
        assertEquals(discards + 1, discards(), () -> "close() sent DISCARD: " + redis.raw.info("commandstats"));
    }

    /** How many DISCARDs the server has run: this test's server, so only this test's. */
    private long discards() {
        return redis.raw.info("commandstats").lines().filter(line -> line.startsWith("cmdstat_discard:")).findFirst()
                .map(line -> Long.parseLong(line.replaceFirst("^[^:]*:calls=(\\d+),.*", "$1"))).orElse(0L);
    }

    @Test
    void aPipelineOfThreeCommandsIsOneWriteAndOneRoundTrip() {
        long before = proxy.chunksFromClients.get();
        Wire.Tally start = wire().tally();
        try (Pipeline pipe = session.client.pipelined()) {
            pipe.set("a", "a value");
            pipe.set("b", "b value");
            pipe.get("a");
        }
        assertEquals(1, proxy.chunksFromClients.get() - before);
        assertWritesAndRoundTrips(1, 1, wire().since(start));
    }

    @Test
    void jedisMultiExecTakesTwoRoundTripsExecWaitsForTheQueuedReplies() {
        long before = proxy.chunksFromClients.get();
        Wire.Tally start = wire().tally();
        try (AbstractTransaction multi = session.client.multi()) {
            multi.set("a", "a value");
            multi.set("b", "b value");
            multi.get("a");
            assertEquals(List.of("OK", "OK", "a value"), multi.exec());
        }
        assertEquals(2, proxy.chunksFromClients.get() - before, "MULTI and the commands, then EXEC");
        assertWritesAndRoundTrips(2, 2, wire().since(start));
    }

    @Test
    void theWireCountsAtTheClientWhatTheProxySeesOneWriteAndOneRoundTripPerCommandWithoutAPipeline() {
        long before = proxy.chunksFromClients.get();
        Wire.Tally start = wire().tally();
        for (int i = 0; i < 50; i++) {
            session.client.incr("incr_key");
        }
        assertEquals(50, proxy.chunksFromClients.get() - before);
        assertWritesAndRoundTrips(50, 50, wire().since(start));
    }

    @Test
    void theWireLeavesOutTheHandshakeOfAConnectionOpenedMeanwhile() {
        long before = proxy.chunksFromClients.get();
        Wire.Tally start = wire().tally();
        try (Pipeline pipe = session.client.pipelined()) {
            pipe.set("a", "a value");
            assertEquals(false, session.client.exists("a"), "asked over a second connection, opened for it");
        }
        assertTrue(proxy.chunksFromClients.get() - before > 2, "the new connection's hello went over the wire too");
        assertWritesAndRoundTrips(2, 2, wire().since(start)); // the EXISTS, then the pipeline's SET
    }

    @Test
    void aPipelineCarryingMultiAndExecIsATransactionInOneRoundTrip() {
        long before = proxy.chunksFromClients.get();
        Wire.Tally start = wire().tally();
        Response<Object> exec;
        Response<String> setA;
        try (Pipeline pipe = session.client.pipelined()) {
            pipe.sendCommand(new CommandArguments(Protocol.Command.MULTI));
            setA = pipe.set("a", "a value");
            pipe.set("b", "b value");
            pipe.get("a");
            exec = pipe.sendCommand(new CommandArguments(Protocol.Command.EXEC));
        }
        assertEquals(1, proxy.chunksFromClients.get() - before);
        assertWritesAndRoundTrips(1, 1, wire().since(start));
        assertEquals("QUEUED", setA.get(), "inside MULTI the reply to each command is QUEUED");
        assertEquals(List.of("OK", "OK", "a value"), SafeEncoder.encodeObject(exec.get()));
    }

    private Wire wire() {
        return session.wire;
    }

    private static void assertWritesAndRoundTrips(long writes, long roundTrips, Wire.Tally counted) {
        assertEquals(writes + " writes, " + roundTrips + " round trips",
                counted.writes() + " writes, " + counted.roundTrips() + " round trips");
    }

    @Test
    void watchGuardsOnlyTheConnectionItWasSentOn() {
        try (Jedis watching = new Jedis(redis.server.uri); Jedis other = new Jedis(redis.server.uri)) {
            watching.set("balance", "100");
            watching.watch("balance");
            watching.set("balance", "105"); // a change after the WATCH
            Transaction elsewhere = other.multi();
            elsewhere.set("balance", "110");
            assertEquals(List.of("OK"), elsewhere.exec(), "a MULTI on another connection is not guarded by that WATCH");
            Transaction guarded = watching.multi();
            guarded.set("balance", "120");
            assertNull(guarded.exec(), "on the watching connection, EXEC aborts");
            assertEquals("110", watching.get("balance"));
        }
    }

    @Test
    void jedisMarksTheKeyPrefixingExperimental() throws Exception {
        try (var classFile = PrefixedKeyArgumentPreProcessor.class.getResourceAsStream("PrefixedKeyArgumentPreProcessor.class")) {
            String bytes = new String(classFile.readAllBytes(), java.nio.charset.StandardCharsets.ISO_8859_1);
            assertTrue(bytes.contains("Lredis/clients/jedis/annots/Experimental;"), "no @Experimental on the class");
        }
    }
}
