package pipelining;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import redis.clients.jedis.ClusterPipeline;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.MultiNodePipelineBase;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.Response;
import redis.clients.jedis.args.ClientType;
import redis.clients.jedis.exceptions.JedisClusterOperationException;
import redis.clients.jedis.params.ClientKillParams;
import redis.clients.jedis.params.ClientKillParams.SkipMe;
import redis.clients.jedis.util.JedisClusterCRC16;

/** The cluster plumbing and what Jedis' cluster pipeline does, in this JVM, each on an embedded cluster of its own. */
@Order(1) // among the longest: started first, so the others fill the cores around it
class ClusterSessionTest {

    @Test
    void aUsersClusterKeepsItsOwnKeysAndGetsNothingLeftBehind() {
        try (Server cluster = Cluster.find(Map.of());
             RedisClusterClient raw = RedisClusterClient.create(Cluster.nodes(cluster.uri))) {
            raw.set("{user:1}:name".getBytes(), new byte[] {'m', 'i', 'n', 'e', 0});
            byte[] before = raw.dump("{user:1}:name");
            String[] printed = new String[1];
            String told = Sections.stderrOf(() -> printed[0] = Sections.stdoutOf(() -> assertEquals(0,
                    Tutorial.run(Tutorial.onCluster(Map.of("REDIS_CLUSTER_URL", cluster.uri.toString()), System.err),
                            ClusterSessionTest::pipelineOnACluster, System.err))));
            assertTrue(told.contains("(REDIS_CLUSTER_URL)"), told);
            assertTrue(ClusterPipelineTest.OUTPUT.matcher(printed[0]).matches(), printed[0]);
            assertArrayEquals(before, raw.dump("{user:1}:name"));
            long keys = raw.getClusterNodes().values().stream().mapToLong(pool -> {
                try (var connection = pool.getResource()) {
                    return new redis.clients.jedis.Jedis(connection).dbSize();
                }
            }).sum();
            assertEquals(1, keys, "keys left on the cluster");
        }
    }

    @Test
    void aRefusedCrossSlotMsetLeavesTheBlockAndCloseStillSendsWhatWasQueuedBeforeIt() {
        try (Server cluster = Cluster.find(Map.of());
             Session<RedisClusterClient> session = Session.openCluster(cluster.uri);
             RedisClusterClient raw = RedisClusterClient.create(Cluster.nodes(cluster.uri))) {
            String printed = Sections.stdoutOf(() -> {
                try (var pipe = session.client.pipelined()) {
                    pipe.mset("{user:1}:name", "Ann", "{user:1}:email", "ann@example.org");
                    pipe.mset("{user:1}:name", "Ann", "{user:2}:name", "Bob");
                } catch (UnsupportedOperationException refused) {
                    System.out.println("refused");
                }
            });
            assertEquals("refused\n", printed);
            assertEquals("ann@example.org", raw.get(session.namespace() + "{user:1}:email"), "the single-slot MSET ran");
            assertEquals(null, raw.get(session.namespace() + "{user:2}:name"), "the cross-slot MSET did not");
            assertThrows(UnsupportedOperationException.class, session.client::multi);
            try (var pipe = session.client.pipelined()) {
                assertThrows(JedisClusterOperationException.class, () -> pipe.sunion("{user:1}:tags", "{user:2}:tags"),
                        "another cross-slot command, refused another way");
            }
        }
    }

    /**
     * The page: a cluster pipeline does not follow MOVED. Once a slot has moved to another node, a command the pipeline
     * sends to the node the client still knows for it gets the redirect, as its Response's error. Nor does that MOVED
     * mend the client's map of slots: a second pipeline goes to the old node again, until a plain command's redirect.
     */
    @Test
    void aClusterPipelineNeitherFollowsMovedNorLearnsFromIt() {
        try (Server cluster = Cluster.find(Map.of());
             RedisClusterClient client = RedisClusterClient.create(Cluster.nodes(cluster.uri))) {
            HostAndPort to = moveTheSlotOf("moved", client);
            assertEquals(to, pipelinedSetGetsMoved(client), "the MOVED names the new node");
            try (Jedis node = new Jedis(to)) {
                assertNull(node.get("moved"), "the redirected SET did not run");
            }
            assertEquals(to, pipelinedSetGetsMoved(client), "the second pipeline went to the old node again");
            client.set("moved", "x"); // a plain command follows the redirect, and mends the map
            try (Jedis node = new Jedis(to)) {
                assertEquals("x", node.get("moved"));
            }
            try (ClusterPipeline pipe = client.pipelined()) {
                Response<String> set = pipe.set("moved", "y");
                pipe.sync();
                assertEquals("OK", set.get(), "after the plain command, the pipeline goes to the new node");
            }
            client.del("moved");
        }
    }

    /** Gives the (empty) slot of {@code key} to the next node, telling every node at once; returns that node. */
    private static HostAndPort moveTheSlotOf(String key, RedisClusterClient client) {
        int slot = JedisClusterCRC16.getSlot(key);
        HostAndPort from = Cluster.nodeServing(client, slot);
        List<HostAndPort> nodes = new ArrayList<>(Cluster.nodeNumbers(client).keySet());
        HostAndPort to = nodes.get((nodes.indexOf(from) + 1) % nodes.size());
        String toId;
        try (Jedis node = new Jedis(to)) {
            toId = node.clusterMyId();
        }
        for (HostAndPort address : nodes) {
            try (Jedis node = new Jedis(address)) {
                node.clusterSetSlotNode(slot, toId);
            }
        }
        return to;
    }

    /** A pipelined SET of "moved": its Response holds the MOVED; returns the node the redirect names. */
    private static HostAndPort pipelinedSetGetsMoved(RedisClusterClient client) {
        try (ClusterPipeline pipe = client.pipelined()) {
            Response<String> set = pipe.set("moved", "x");
            pipe.sync();
            return assertThrows(redis.clients.jedis.exceptions.JedisMovedDataException.class, set::get).getTargetNode();
        }
    }

    /** What a cluster node itself answers, on one cluster these tests share: they only read, or delete what they write. */
    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class WhatAClusterNodeItselfDoes {

        private Server cluster;
        private RedisClusterClient raw;

        @BeforeAll
        void startTheCluster() {
            cluster = Cluster.find(Map.of());
            raw = RedisClusterClient.create(Cluster.nodes(cluster.uri));
        }

        @AfterAll
        void stopTheCluster() {
            raw.close();
            cluster.close();
        }

        /**
         * The page: the hash tag is what lies between the first { and the first } after it; if nothing does, the whole key
         * is hashed (Redis does not look further). Redis' CLUSTER KEYSLOT and Jedis' getSlot agree.
         */
        @Test
        void theHashTagIsBetweenTheFirstOpeningBraceAndTheNextClosingOneAndAnEmptyTagMeansTheWholeKey() {
            try (var connection = raw.getConnectionFromSlot(0)) {
                Jedis node = new Jedis(connection);
                Map<String, Integer> slotOf = Map.of("{user:1}:name", JedisClusterCRC16.getSlot("user:1"),
                        "foo{}{bar}", JedisClusterCRC16.getCRC16("foo{}{bar}") & 16383,
                        "foo{{bar}}", JedisClusterCRC16.getSlot("{bar"),
                        "foo{bar}{zap}", JedisClusterCRC16.getSlot("bar"));
                slotOf.forEach((key, slot) -> {
                    assertEquals(slot, (int) node.clusterKeySlot(key), key);
                    assertEquals(slot, JedisClusterCRC16.getSlot(key), key);
                });
                assertNotEquals(JedisClusterCRC16.getSlot("bar"), JedisClusterCRC16.getSlot("foo{}{bar}"));
            }
        }

        /**
         * which-tool's "keys in one slot": the cluster itself, not only Jedis' cluster client, refuses MSET, a script and
         * MULTI/EXEC whose keys are in two slots, even on one node ({user:1} and {user:2} are), and runs them within one slot.
         */
        @Test
        void oneCommandAScriptAndATransactionRunOnAClusterNodeOnlyWithTheirKeysInOneSlot() {
            try (var connection = raw.getConnectionFromSlot(JedisClusterCRC16.getSlot("{user:1}"))) {
                Jedis node = new Jedis(connection);
                String[] twoSlots = {"{user:1}:n", "{user:2}:n"};
                String[] oneSlot = {"{user:1}:n", "{user:1}:m"};
                assertNull(node.get(twoSlots[1]), "no MOVED: this node serves both slots");
                assertCrossSlot(() -> node.mset(twoSlots[0], "1", twoSlots[1], "1"));
                assertCrossSlot(() -> node.eval("return 1", 2, twoSlots));
                var multi = node.multi();
                multi.incr(twoSlots[0]);
                multi.incr(twoSlots[1]);
                assertCrossSlot(multi::exec);
                assertEquals("OK", node.mset(oneSlot[0], "1", oneSlot[1], "1"));
                assertEquals(1L, node.eval("return 1", 2, oneSlot));
                multi = node.multi();
                multi.incr(oneSlot[0]);
                multi.incr(oneSlot[1]);
                assertEquals(List.of(2L, 2L), multi.exec());
                node.del(oneSlot);
            }
        }
    }

    private static void assertCrossSlot(org.junit.jupiter.api.function.Executable refused) {
        var error = assertThrows(redis.clients.jedis.exceptions.JedisDataException.class, refused);
        assertEquals("CROSSSLOT Keys in request don't hash to the same slot", error.getMessage());
    }

    @Test
    void aNodeLostDuringTheSyncIsLoggedInOneLineTheOtherNodesRepliesArriveAndItsResponsesStayEmpty() {
        LibraryLog.warningsAsOneLine(); // as Tutorial sets it up for a script
        try (Server cluster = Cluster.find(Map.of());
             Session<RedisClusterClient> session = Session.openCluster(cluster.uri)) {
            HostAndPort lost = Cluster.nodeServing(session.client, JedisClusterCRC16.getSlot("{user:4}"));
            assertNotEquals(lost, Cluster.nodeServing(session.client, JedisClusterCRC16.getSlot("{user:3}")));
            List<Response<String>> replies = new ArrayList<>();
            List<Long> loggedOnThreads = new CopyOnWriteArrayList<>();
            Handler threads = new Handler() {
                @Override
                public void publish(LogRecord record) {
                    loggedOnThreads.add(record.getLongThreadID());
                }

                @Override
                public void flush() {
                }

                @Override
                public void close() {
                }
            };
            Logger.getLogger("").addHandler(threads);
            String logged = Sections.stderrOf(() -> {
                try (ClusterPipeline pipe = session.client.pipelined()) {
                    replies.add(pipe.set("{user:3}:name", "Cy"));
                    replies.add(pipe.set("{user:4}:name", "Di")); // on the node whose connections die now
                    try (Jedis node = new Jedis(lost)) {
                        node.clientKill(ClientKillParams.clientKillParams().type(ClientType.NORMAL).skipMe(SkipMe.YES));
                    }
                }
            });
            Logger.getLogger("").removeHandler(threads);
            assertEquals(3, MultiNodePipelineBase.MULTI_NODE_PIPELINE_SYNC_WORKERS, "the sync's worker threads");
            assertFalse(loggedOnThreads.contains(Thread.currentThread().getId()), "the nodes are read on worker threads");
            assertEquals("OK", replies.get(0).get());
            assertThrows(IllegalStateException.class, replies.get(1)::get, "no reply was set for the lost node");
            List<String> lines = logged.lines().filter(line -> line.startsWith("[jedis] ")).toList();
            assertEquals(1, lines.size(), logged);
            assertTrue(lines.get(0).startsWith("[jedis] Error with connection to " + lost + " ("), logged);
        }
    }

    @Test
    void aMalformedClusterUrlFailsClearly() {
        int[] exitCode = new int[1];
        String told = Sections.stderrOf(() -> exitCode[0] = Tutorial.run(Tutorial.onCluster(Map.of("REDIS_CLUSTER_URL",
                "redis://127.0.0.1:7000,nohost"), System.err), ClusterSessionTest::pipelineOnACluster, System.err));
        assertEquals(2, exitCode[0], told);
        assertEquals(1, told.lines().count(), told);
        assertTrue(told.startsWith("[tutorial] ") && told.contains("names node 'nohost', which is not host:port"), told);
    }

    private static void pipelineOnACluster(Tutorial<RedisClusterClient> tutorial) {
        cluster_pipeline.pipelineOnACluster(tutorial.redis, tutorial.wire);
    }
}
