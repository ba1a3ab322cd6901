//DEPS redis.clients:jedis:8.0.2
//DEPS com.github.codemonstur:embedded-redis:1.4.4
package pipelining;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import redis.clients.jedis.Connection;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisClusterClient;
import redis.embedded.RedisShardedCluster;

/** The Redis Cluster for cluster-pipeline: which one, and which of its nodes serves a slot. */
final class Cluster {

    private Cluster() {
    }

    /** REDIS_CLUSTER_URL if set, else an embedded cluster of three shards on free ports (never 6379-6381). */
    static Server find(Map<String, String> env) {
        String url = env.getOrDefault("REDIS_CLUSTER_URL", "");
        if (!url.isBlank()) {
            nodes(RedisUrl.parse(url.strip().split(",")[0])); // checks the first node's part
            return Server.theirs(URI.create(url.strip()), "REDIS_CLUSTER_URL");
        }
        return LocalRedis.onAFreePort(Cluster::startEmbedded);
    }

    private static Server startEmbedded() {
        List<Integer> ports = Ports.free(3);
        Path folder = null;
        RedisShardedCluster cluster = null;
        try {
            folder = Files.createTempDirectory("pipelining-tutorial-cluster-");
            // serverPorts() before shard(): shard() takes its port from there, else from 6379 up
            cluster = RedisShardedCluster.newRedisCluster()
                    .withServerBuilder(LocalRedis.embeddedServer(folder)).serverPorts(ports)
                    .shard("a", 0).shard("b", 0).shard("c", 0).build();
            cluster.start();
            awaitClusterOk(ports);
            String nodes = ports.stream().map(port -> "127.0.0.1:" + port).collect(Collectors.joining(","));
            Path removeAfterwards = folder;
            RedisShardedCluster started = cluster;
            return Server.started(URI.create("redis://" + nodes), "an embedded cluster of 3 shards, stopped when this"
                    + " script ends", () -> {
                        started.stop();
                        LocalRedis.deleteFolder(removeAfterwards);
                    });
        } catch (IOException | RuntimeException e) {
            stopQuietly(cluster); // the nodes that did start
            LocalRedis.deleteFolder(folder);
            throw new Problem("Could not start the embedded Redis Cluster (" + Problem.rootMessage(e) + "). It needs"
                    + " OpenSSL 3 (Debian/Ubuntu: apt install libssl3; macOS: brew install openssl@3);"
                    + " or set REDIS_CLUSTER_URL to a cluster you run.", 1);
        }
    }

    private static void stopQuietly(RedisShardedCluster cluster) {
        try {
            if (cluster != null) {
                cluster.stop();
            }
        } catch (IOException | RuntimeException alreadyDown) {
            // nothing of it is running
        }
    }

    /** The nodes a cluster URL names: redis://[[user]:password@]host:port[,host:port…]. */
    static Set<HostAndPort> nodes(URI uri) {
        String nodes = uri.getRawAuthority().substring(uri.getRawAuthority().lastIndexOf('@') + 1);
        Set<HostAndPort> parsed = new LinkedHashSet<>();
        for (String node : nodes.split(",")) {
            try {
                parsed.add(HostAndPort.from(node.strip()));
            } catch (RuntimeException e) {
                throw Problem.badInput("REDIS_CLUSTER_URL names node '" + node + "', which is not host:port."
                        + " Use redis://[[user]:password@]host:port[,host:port...]");
            }
        }
        return parsed;
    }

    /**
     * The cluster's primaries numbered 1, 2, 3… in the order of the first slot each serves, so that
     * the numbers stay the same from run to run while the ports change.
     */
    static Map<HostAndPort, Integer> nodeNumbers(RedisClusterClient cluster) {
        Map<HostAndPort, Integer> numbers = new LinkedHashMap<>();
        slotRanges(cluster).keySet().forEach(node -> numbers.put(node, numbers.size() + 1));
        return numbers;
    }

    /** Each primary's ranges of slots ("0-5460"), the nodes in the order of their first slot. */
    static Map<HostAndPort, List<String>> slotRanges(RedisClusterClient cluster) {
        Map<HostAndPort, List<String>> ranges = new LinkedHashMap<>();
        HostAndPort node = nodeServing(cluster, 0);
        int first = 0;
        for (int slot = 1; slot <= 16_384; slot++) {
            HostAndPort next = slot < 16_384 ? nodeServing(cluster, slot) : null;
            if (!node.equals(next)) {
                ranges.computeIfAbsent(node, n -> new ArrayList<>()).add(first + "-" + (slot - 1));
                node = next;
                first = slot;
            }
        }
        return ranges;
    }

    /** The primary that serves {@code slot}, as the client's slot cache knows it. */
    static HostAndPort nodeServing(RedisClusterClient cluster, int slot) {
        try (Connection connection = cluster.getConnectionFromSlot(slot)) {
            return connection.getHostAndPort();
        }
    }

    /** The nodes are up before they agree on the slots; until then commands get CLUSTERDOWN. */
    private static void awaitClusterOk(List<Integer> ports) throws IOException {
        for (int port : ports) {
            try (Jedis node = new Jedis("127.0.0.1", port)) {
                if (!Wait.until(Duration.ofSeconds(20), () -> node.clusterInfo().contains("cluster_state:ok"))) {
                    throw new IOException("the cluster's nodes did not agree within 20 seconds");
                }
            }
        }
    }
}
