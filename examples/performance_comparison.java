///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//DEPS redis.clients:jedis:8.0.2
//DEPS com.github.codemonstur:embedded-redis:1.4.4
//DEPS org.slf4j:slf4j-api:2.0.20
//DEPS org.slf4j:slf4j-nop:2.0.20
//DEPS info.picocli:picocli:4.7.7
//SOURCES Tutorial.java
//DESCRIPTION Performance comparison: 100,000 INCR without and with a pipeline, timed.
package pipelining;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.Response;

@Command(name = "performance-comparison", sortOptions = false,
        description = "INCR on incr_key without and with a pipeline, timed. With no options it does what the"
                + " notebook does: 100,000 each way, the pipeline sent as one batch, one cold round.")
class performance_comparison implements Runnable {

    enum Half { pipelined, unpipelined }

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help and exit")
    boolean help;
    @Option(names = "--count", paramLabel = "N", description = "INCR commands each way (default: ${DEFAULT-VALUE})")
    int count = 100_000;
    @Option(names = "--batch", paramLabel = "N", description = "sync the pipeline every N commands (default: one batch)")
    Integer batch;
    @Option(names = "--rounds", paramLabel = "N", description = "a warm-up round, then N timed rounds; report the median (default: one cold round)")
    Integer rounds;
    @Option(names = "--rtt", paramLabel = "DURATION", converter = Tutorial.DurationConverter.class,
            description = "simulate a network round trip of this length: 200us, 0.2ms, 1ms (default: none)")
    Duration rtt = Duration.ZERO;
    @Option(names = "--only", paramLabel = "HALF", description = "run one half only: ${COMPLETION-CANDIDATES}")
    Half only;
    @Option(names = "--json", description = "print one JSON object instead of the notebook's blocks")
    boolean json;

    public static void main(String[] args) {
        System.exit(Tutorial.runCommand(new performance_comparison(), args));
    }

    @Override
    public void run() {
        Tutorial.requireAtLeast(1, "--count", count);
        Tutorial.requireAtLeast(1, "--batch", batch == null ? 1 : batch);
        Tutorial.requireAtLeast(1, "--rounds", rounds == null ? 1 : rounds);
        Tutorial.run(rtt, this::comparePerformance);
    }

    void comparePerformance(RedisClient redis) {
        Timing without = only == Half.pipelined ? null : time(redis, () -> incrWithoutPipeline(redis));
        Timing with = only == Half.unpipelined ? null : time(redis, () -> incrWithPipeline(redis));
        System.out.println(json ? Timing.json(this, redis, without, with)
                : Timing.blocks(without, with, rounds));
    }

    // tag::without[]
    String incrWithoutPipeline(RedisClient redis) {
        for (int i = 0; i < count; i++) {
            redis.incr("incr_key"); // one round trip each
        }
        return redis.get("incr_key");
    }
    // end::without[]

    // tag::with[]
    String incrWithPipeline(RedisClient redis) {
        int syncEvery = batch == null ? count : batch;
        Response<String> value;
        try (Pipeline pipe = redis.pipelined()) {
            for (int i = 1; i <= count; i++) {
                pipe.incr("incr_key"); // queued, not sent yet
                if (i % syncEvery == 0 && i < count) {
                    pipe.sync(); // read this batch's replies, so memory stays bounded
                }
            }
            value = pipe.get("incr_key");
        } // close() sends what is left and reads all the replies
        return value.get();
    }
    // end::with[]

    /** Runs one half from a deleted key: once cold, or a warm-up then --rounds times, keeping the median. */
    Timing time(RedisClient redis, Supplier<String> half) {
        int timed = rounds == null ? 1 : rounds;
        double[] seconds = new double[timed];
        String value = null;
        for (int round = rounds == null ? 0 : -1; round < timed; round++) {
            redis.del("incr_key");
            long start = System.nanoTime();
            value = Tutorial.withProgress(redis, "incr_key", count, half);
            if (round >= 0) {
                seconds[round] = (System.nanoTime() - start) / 1e9;
            }
        }
        Arrays.sort(seconds);
        return new Timing(seconds[timed / 2], count / seconds[timed / 2], value);
    }

    record Timing(double seconds, double opsPerSecond, String value) {

        static String blocks(Timing without, Timing with, Integer rounds) {
            String median = rounds == null ? "" : " (median of " + rounds + " after a warm-up)";
            List<String> blocks = new ArrayList<>();
            if (without != null) {
                blocks.add(without.block("Without pipeline", median));
            }
            if (with != null) {
                blocks.add(with.block("With pipeline", median));
            }
            return String.join("\n\n", blocks);
        }

        String block(String title, String median) {
            return String.format(Locale.ROOT, "%s%nTime taken: %.3f seconds%s%nIncrement value: %s",
                    title, seconds, median, value);
        }

        static String json(performance_comparison run, RedisClient redis, Timing without, Timing with) {
            List<String> fields = new ArrayList<>(List.of("\"count\": " + run.count,
                    "\"batch\": " + (run.batch == null ? run.count : run.batch),
                    "\"rounds\": " + (run.rounds == null ? 1 : run.rounds),
                    "\"rtt_ms\": " + run.rtt.toNanos() / 1e6,
                    String.format(Locale.ROOT, "\"ping_ms\": %.3f", Tutorial.medianPingMillis(redis)),
                    "\"server_version\": \"" + Tutorial.serverVersion(redis) + "\""));
            if (without != null) {
                fields.add(without.json("without_pipeline"));
            }
            if (with != null) {
                fields.add(with.json("with_pipeline"));
            }
            if (without != null && with != null) {
                fields.add(String.format(Locale.ROOT, "\"speedup\": %.2f", without.seconds / with.seconds));
            }
            return "{" + String.join(", ", fields) + "}";
        }

        String json(String name) {
            return String.format(Locale.ROOT, "\"%s\": {\"seconds\": %.6f, \"ops_per_second\": %.0f, \"value\": %s}",
                    name, seconds, opsPerSecond, value);
        }
    }
}
