///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//COMPILE_OPTIONS -encoding UTF-8
//DEPS redis.clients:jedis:8.0.2
//SOURCES support/*.java
//DESCRIPTION Cluster pipeline: on Redis Cluster a pipeline is split per node by hash slot, and replies keep their order.
package pipelining;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import redis.clients.jedis.ClusterPipeline;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.Response;
import redis.clients.jedis.util.JedisClusterCRC16;

class cluster_pipeline {

    static final int COUNT = 10_000;
    /** Counters spread over the nodes, each its own hash tag. */
    static final int KEYS = 30;

    public static void main(String[] args) {
        Tutorial.runOnCluster(tutorial -> pipelineOnACluster(tutorial.redis, tutorial.wire));
    }

    /** {@code wire} counts, at the client's sockets, what went over the network to each node. */
    static void pipelineOnACluster(RedisClusterClient cluster, Wire wire) {
        Map<HostAndPort, Wire.Tally> beforePipeline = wire.perNode();
        // tag::split[]
        List<String> keys = List.of("{user:1}:name", "{user:1}:email", "{user:2}:name", "{user:3}:name",
                "{user:4}:name", "{user:5}:name");
        List<Response<String>> replies = new ArrayList<>();
        try (ClusterPipeline pipe = cluster.pipelined()) {
            for (String key : keys) {
                pipe.set(key, key.replace("}:", "}'s "));
            }
            for (String key : keys) {
                replies.add(pipe.get(key));
            }
        } // close(): reads each node's replies; each lands in its own Response
        System.out.println("Replies to the GETs, in command order:");
        System.out.println(replies.stream().map(Response::get).toList());
        // end::split[]
        Map<HostAndPort, Wire.Tally> pipelineOnTheWire = wire.perNodeSince(beforePipeline);
        System.out.println();

        // tag::slots[]
        // The slot is CRC16 of the key modulo 16384; if the key has a { and a } after it with something
        // in between, CRC16 of only that part (the hash tag)
        System.out.println("Key              Slot   Node");
        Map<HostAndPort, List<String>> slotRanges = Cluster.slotRanges(cluster);
        Map<HostAndPort, Integer> nodeNumbers = Cluster.nodeNumbers(cluster); // 1, 2, 3 by their first slot
        Map<HostAndPort, Integer> commandsPerNode = new HashMap<>();
        for (String key : keys) {
            int slot = JedisClusterCRC16.getSlot(key);
            HostAndPort node = Cluster.nodeServing(cluster, slot);
            commandsPerNode.merge(node, 2, Integer::sum); // a SET and a GET each
            System.out.printf(Locale.ROOT, "%-16s %5d   %d%n", key, slot, nodeNumbers.get(node));
        }
        nodeNumbers.forEach((node, number) -> System.out.println("Node " + number + " (slots "
                + String.join(", ", slotRanges.get(node)) + "): " + commandsPerNode.getOrDefault(node, 0)
                + " commands of the pipeline above; on the wire: "
                + pipelineOnTheWire.getOrDefault(node, Wire.Tally.NONE)));
        // end::slots[]
        System.out.println();

        // tag::refused[]
        try (ClusterPipeline pipe = cluster.pipelined()) {
            pipe.mset("{user:1}:name", "Ann", "{user:1}:email", "ann@example.org"); // one slot: fine
            pipe.mset("{user:1}:name", "Ann", "{user:2}:name", "Bob"); // two slots: refused at once
        } catch (UnsupportedOperationException refused) {
            System.out.println("MSET across slots: " + refused.getMessage().split("\\. ")[0]
                    .replace(" because", "\n  because")); // a long message: on two lines
        }
        try {
            cluster.multi();
        } catch (UnsupportedOperationException refused) {
            System.out.println("MULTI on the cluster client: refused (UnsupportedOperationException)");
        }
        // end::refused[]
        System.out.println();

        // tag::speedup[]
        Wire.Tally before = wire.tally();
        long start = System.nanoTime();
        for (int i = 0; i < COUNT; i++) {
            cluster.incr("{counter:" + i % KEYS + "}");
        }
        double unpipelined = (System.nanoTime() - start) / 1e9;
        Wire.Tally unpipelinedOnTheWire = wire.since(before);
        before = wire.tally();
        start = System.nanoTime();
        try (ClusterPipeline pipe = cluster.pipelined()) {
            for (int i = 0; i < COUNT; i++) {
                pipe.incr("{counter:" + i % KEYS + "}");
            }
        }
        double pipelined = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "%,d INCR without a pipeline: %.3f seconds, %s%n",
                COUNT, unpipelined, unpipelinedOnTheWire);
        System.out.printf(Locale.ROOT, "%,d INCR with a pipeline:    %.3f seconds, %s%n",
                COUNT, pipelined, wire.since(before));
        // end::speedup[]
    }
}
