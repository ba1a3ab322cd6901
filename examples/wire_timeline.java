///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//COMPILE_OPTIONS -encoding UTF-8
//DEPS redis.clients:jedis:8.0.2
//SOURCES support/*.java
//DESCRIPTION The wire, drawn: when the client writes and when replies arrive, for 20 INCR without and with a pipeline, over a simulated 1 ms round trip.
package pipelining;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.RedisClient;

@Command(name = "wire-timeline", mixinStandardHelpOptions = true, description = "Records, at the client's socket, each write and each read of replies"
        + " for 20 INCR without and with a pipeline, through a simulated round trip, and when their bytes reached"
        + " Redis and left it; draws them as a client lane and a Redis lane on one time axis.")
class wire_timeline implements Runnable {

    static final int COMMANDS = 20;

    @Option(names = "--rtt", paramLabel = "DURATION", converter = Options.DurationConverter.class,
            description = "the simulated network round trip (default: 1ms)")
    Duration rtt = Duration.ofMillis(1);
    @Option(names = "--chart", paramLabel = "FILE", description = "where to write the picture (default: ${DEFAULT-VALUE})")
    Path chart = Path.of("wire-timeline.png");

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true"); // the picture is drawn off screen
        System.exit(Options.parseAndRun(new wire_timeline(), args));
    }

    @Override
    public void run() {
        Tutorial.run(rtt, tutorial -> recordTheWire(tutorial.redis, tutorial.wire, tutorial.proxy));
    }

    /** {@code wire} records at the client's socket; {@code proxy}, the simulated network, next to Redis. */
    void recordTheWire(RedisClient redis, Wire wire, LatencyProxy proxy) {
        // tag::record[]
        Runnable withoutPipeline = () -> {
            for (int i = 0; i < COMMANDS; i++) {
                redis.incr("incr_key"); // write, then wait for the reply
            }
        };
        Runnable withPipeline = () -> {
            try (Pipeline pipe = redis.pipelined()) {
                for (int i = 0; i < COMMANDS; i++) {
                    pipe.incr("incr_key"); // into the buffer
                }
            } // close(): one write, one wait
        };
        for (int round = 0; round < 10; round++) { // rounds not drawn: the JIT compiles Jedis' code before the picture
            atBothEnds(withoutPipeline, wire, proxy);
            atBothEnds(withPipeline, wire, proxy);
        }
        LaneDiagram.Lanes without = atBothEnds(withoutPipeline, wire, proxy);
        LaneDiagram.Lanes with = atBothEnds(withPipeline, wire, proxy);
        // end::record[]
        System.out.println(COMMANDS + " INCR, each socket call recorded at the client:");
        System.out.println("Without a pipeline: " + summary(without.atClient()));
        System.out.println("With a pipeline:    " + summary(with.atClient()));
        draw(without, with);
    }

    // tag::both-ends[]
    /** What {@code work} sent and received, at the client's socket and at the proxy's side next to Redis. */
    static LaneDiagram.Lanes atBothEnds(Runnable work, Wire wire, LatencyProxy proxy) {
        LatencyProxy.Recording atRedis = proxy.record(); // when each chunk reached Redis, and each reply left it
        long[] start = new long[1];
        List<Wire.Event> atClient = wire.record(() -> {
            start[0] = System.nanoTime(); // the Wire's own clock started just before: time zero for both
            work.run();
        });
        return new LaneDiagram.Lanes(start[0], atClient, atRedis.stop());
    }
    // end::both-ends[]

    /** How many writes and reads, and when the last reply had arrived. */
    static String summary(List<Wire.Event> events) {
        long writes = events.stream().filter(Wire.Event::write).count();
        long reads = events.size() - writes;
        return String.format(Locale.ROOT, "%d write%s and %d read%s, the last reply in after %.1f ms", writes,
                writes == 1 ? "" : "s", reads, reads == 1 ? "" : "s", events.get(events.size() - 1).nanos() / 1e6);
    }

    /** A client lane and a Redis lane for each half, on one time axis. */
    private void draw(LaneDiagram.Lanes without, LaneDiagram.Lanes with) {
        String millis = BigDecimal.valueOf(rtt.toNanos(), 6).stripTrailingZeros().toPlainString();
        try {
            LaneDiagram.write(chart, COMMANDS + " INCR over a simulated " + millis + " ms round trip",
                    List.of("Without a pipeline: " + summary(without.atClient()),
                            "With a pipeline: " + summary(with.atClient())), List.of(without, with));
            System.err.println("[tutorial] Picture written to " + chart.toAbsolutePath().normalize());
        } catch (IOException e) {
            throw new Problem("Could not write the picture to " + chart + ": " + e.getMessage(), 1);
        }
    }
}
