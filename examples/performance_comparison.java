///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//COMPILE_OPTIONS -encoding UTF-8
//DEPS redis.clients:jedis:8.0.2
//SOURCES support/*.java
//DESCRIPTION Performance comparison: 100,000 INCR without and with a pipeline, timed.
package pipelining;

import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.Response;

@Command(name = "performance-comparison", mixinStandardHelpOptions = true, sortOptions = false,
        description = "INCR on incr_key without and with a pipeline, timed. With no options it does what the"
                + " notebook does: 100,000 each way, the pipeline synced once at the end, one cold round.")
class performance_comparison implements Runnable {

    enum Half { pipelined, unpipelined }

    @Option(names = "--count", paramLabel = "N", description = "INCR commands each way (default: ${DEFAULT-VALUE})")
    int count = 100_000;
    @Option(names = "--batch", paramLabel = "N", description = "sync the pipeline every N commands (default: one batch)")
    Integer batch;
    @Option(names = "--rounds", paramLabel = "N", description = "a warm-up round, then N timed rounds; report the median (default: one cold round)")
    Integer rounds;
    @Option(names = "--rtt", paramLabel = "DURATION", converter = Options.DurationConverter.class,
            description = "simulate a network round trip of this length: 200us, 0.2ms, 1ms (default: none)")
    Duration rtt = Duration.ZERO;
    @Option(names = "--only", paramLabel = "HALF", description = "run one half only: ${COMPLETION-CANDIDATES}")
    Half only;
    @Option(names = "--json", description = "print one JSON object instead of the notebook's blocks")
    boolean json;

    public static void main(String[] args) {
        System.exit(Options.parseAndRun(new performance_comparison(), args));
    }

    @Override
    public void run() {
        Options.requireAtLeast(1, "--count", count);
        Options.requireAtLeast(1, "--batch", batch);
        Options.requireAtLeast(1, "--rounds", rounds);
        if (rtt.isZero()) { // straight to Redis: even a proxy that delays nothing adds a hop to every round trip
            Tutorial.run(tutorial -> comparePerformance(tutorial.redis, tutorial.wire));
        } else {
            Tutorial.run(rtt, tutorial -> comparePerformance(tutorial.redis, tutorial.wire));
        }
    }

    /** {@code wire} counts, at the client's socket, what each half sent and waited for. */
    void comparePerformance(RedisClient redis, Wire wire) {
        Timing without = only == Half.pipelined ? null
                : Timing.measure(redis, wire, count, rounds, "without pipeline", () -> incrWithoutPipeline(redis));
        Timing with = only == Half.unpipelined ? null
                : Timing.measure(redis, wire, count, rounds, "with pipeline", () -> incrWithPipeline(redis));
        System.out.println(json ? Timing.json(count, batch == null ? count : batch, rounds == null ? 1 : rounds, rtt,
                redis, without, with) : Timing.blocks(without, with, rounds, batch, rtt));
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
                pipe.incr("incr_key"); // into Jedis' 8 KiB buffer, sent when it fills; no waiting
                if (i % syncEvery == 0 && i < count) {
                    pipe.sync(); // read this batch's replies, so memory stays bounded
                }
            }
            value = pipe.get("incr_key");
        } // close() sends what is left in the buffer, then reads all the replies
        return value.get();
    }
    // end::with[]
}
