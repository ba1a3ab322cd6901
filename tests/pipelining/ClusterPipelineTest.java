package pipelining;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

/** Isolated: the launch's two times are figures on the page, measured with nothing else of the build running. */
@Isolated
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
            Node 1 (slots 0-5460): 2 commands of the pipeline above; on the wire: 1 write, 1 round trip
            Node 2 (slots 5461-10921): 8 commands of the pipeline above; on the wire: 1 write, 1 round trip
            Node 3 (slots 10922-16383): 2 commands of the pipeline above; on the wire: 1 write, 1 round trip

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
            Sections.saveAttribute("cluster-count", cluster_pipeline.COUNT);
            Sections.saveAttribute("cluster-keys", cluster_pipeline.KEYS);
            Matcher nodes = Pattern.compile("at redis://(\\S+) \\(an embedded cluster").matcher(run.stderr());
            assertTrue(nodes.find(), run.stderr());
            for (String node : nodes.group(1).split(",")) {
                int port = Integer.parseInt(node.substring(node.indexOf(':') + 1));
                assertTrue(port != 6379 && port != 6380 && port != 6381, node);
                assertTrue(!Ports.listening(port), "the cluster node " + node + " still listens");
            }
        }
    }

    /** A redis-server on 6380 where one can be started, else a plain listener; nothing if 6380 is taken already. */
    private static AutoCloseable anotherRedisOn6380() throws Exception {
        if (Ports.listening(6380)) {
            return () -> { };
        }
        if (OnPath.find("redis-server") != null) {
            Process redis = new ProcessBuilder("redis-server", "--port", "6380", "--bind", "127.0.0.1", "--save", "",
                    "--appendonly", "no").redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            Wait.until(Duration.ofSeconds(2), () -> Ports.listening(6380));
            return () -> {
                redis.destroy();
                redis.waitFor();
            };
        }
        return new ServerSocket(6380, 1, java.net.InetAddress.getLoopbackAddress());
    }
}
