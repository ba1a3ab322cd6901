package pipelining;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
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

class ClusterPipelineTest {

    /** Slots are CRC16 of the hash tag, and the embedded cluster splits them evenly: only the times vary. */
    static final Pattern OUTPUT = Pattern.compile(Pattern.quote("""
            Replies to the GETs, in command order:
            [{user:1}'s name, {user:1}'s email, {user:2}'s name, {user:3}'s name, {user:4}'s name, {user:5}'s name]

            Key              Slot   Node
            {user:1}:name    10778   2
            {user:1}:email   10778   2
            {user:2}:name     6777   2
            {user:3}:name     2648   1
            {user:4}:name    15039   3
            {user:5}:name    10910   2
            Node 1: 2 commands of the pipeline above; on the wire: 1 write, 1 round trip
            Node 2: 8 commands of the pipeline above; on the wire: 1 write, 1 round trip
            Node 3: 2 commands of the pipeline above; on the wire: 1 write, 1 round trip

            MSET across slots: Command 'MSET' with MULTI_SHARD request policy cannot be executed in pipeline mode
              because it cannot be routed to a single slot
            MULTI on the cluster client: refused (UnsupportedOperationException)

            """) + "10,000 INCR without a pipeline: \\d+\\.\\d{3} seconds, 10,000 writes, 10,000 round trips\n"
            + "10,000 INCR with a pipeline:    \\d+\\.\\d{3} seconds, \\d+ writes, 3 round trips\n");

    @Test
    void theEmbeddedClusterRunsOnItsOwnPortsEvenWith6380TakenAndIsStoppedAfterwards() throws Exception {
        try (AutoCloseable taken = anotherRedisOn6380()) {
            Sections.Run run = Sections.jbang(Map.of(), "cluster-pipeline").assertSucceeded();
            assertTrue(OUTPUT.matcher(run.stdout()).matches(), run.stdout());
            Sections.saveSnippet("cluster-pipeline.txt", run.stdout());
            Matcher nodes = Pattern.compile("at redis://(\\S+) \\(an embedded cluster").matcher(run.stderr());
            assertTrue(nodes.find(), run.stderr());
            for (String node : nodes.group(1).split(",")) {
                int port = Integer.parseInt(node.substring(node.indexOf(':') + 1));
                assertTrue(port != 6379 && port != 6380 && port != 6381, node);
                assertTrue(!Sections.listening(port), "the cluster node " + node + " still listens");
            }
        }
    }

    @Test
    void aUsersClusterKeepsItsOwnKeysAndGetsNothingLeftBehind() {
        try (Server cluster = Cluster.find(Map.of());
             RedisClusterClient raw = RedisClusterClient.create(Cluster.nodes(cluster.uri))) {
            raw.set("{user:1}:name".getBytes(), new byte[] {'m', 'i', 'n', 'e', 0});
            byte[] before = raw.dump("{user:1}:name");
            Sections.Run run = Sections.jbang(Map.of("REDIS_CLUSTER_URL", cluster.uri.toString()), "cluster-pipeline")
                    .assertSucceeded();
            assertTrue(run.stderr().contains("(REDIS_CLUSTER_URL)"), run.stderr());
            assertTrue(OUTPUT.matcher(run.stdout()).matches(), run.stdout());
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
        String line = Sections.jbang(Map.of("REDIS_CLUSTER_URL", "redis://127.0.0.1:7000,nohost"), "cluster-pipeline")
                .assertFailedClearly(2);
        assertTrue(line.contains("names node 'nohost', which is not host:port"), line);
    }

    /** A redis-server on 6380 where one can be started, else a plain listener; nothing if 6380 is taken already. */
    private static AutoCloseable anotherRedisOn6380() throws Exception {
        if (Sections.listening(6380)) {
            return () -> { };
        }
        if (Server.onPath("redis-server") != null) {
            Process redis = new ProcessBuilder("redis-server", "--port", "6380", "--bind", "127.0.0.1", "--save", "",
                    "--appendonly", "no").redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            for (int i = 0; i < 100 && !Sections.listening(6380); i++) {
                Thread.sleep(20);
            }
            return () -> {
                redis.destroy();
                redis.waitFor();
            };
        }
        return new ServerSocket(6380, 1, java.net.InetAddress.getLoopbackAddress());
    }
}
