package pipelining;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;
import redis.clients.jedis.RedisClient;

/**
 * Isolated: the round-trip table is a figure on the page, measured with nothing else of the build running. The section's
 * launch is {@link ClientComparisonTest}'s, with the other clients'; this class writes what machine measured them.
 */
@Isolated
class PerformanceComparisonTest {

    /** The notebook's two blocks; the times are measured, so only their form is fixed. */
    static Pattern output(int count) {
        return Pattern.compile("""
                Without pipeline
                Time taken: (\\d+\\.\\d{3}) seconds
                Increment value: %1$d
                On the wire: %2$s writes, %2$s round trips

                With pipeline
                Time taken: (\\d+\\.\\d{3}) seconds
                Increment value: %1$d
                On the wire: \\d+ writes, 1 round trip

                The pipeline was (\\d+\\.\\d) times as fast.
                """.formatted(count, String.format(Locale.ROOT, "%,d", count + 1)));
    }

    /**
     * The section's one launch, which {@link ClientComparisonTest} makes beside the other clients' (all measured alone,
     * each in a JVM of its own): its blocks checked, its chart drawn, what it printed returned.
     */
    static String launchedForThePage() throws IOException {
        int notebook = new performance_comparison().count; // the default, as in the notebook
        Sections.saveAttribute("notebook-count", notebook);
        Sections.saveAttribute("notebook-replies", notebook + 1); // and the final GET
        Sections.Run run = Sections.section("performance-comparison", PerformanceComparisonTest::saveIncrCost);
        List<Double> seconds = timesMeasured(100_000, run.stdout());
        Matcher pipelinedWrites = Pattern.compile("On the wire: (\\d+) writes, 1 round trip").matcher(run.stdout());
        assertTrue(pipelinedWrites.find(), run.stdout());
        Sections.saveAttribute("pipelined-writes", Integer.parseInt(pipelinedWrites.group(1)));
        drawChart(notebook, seconds.get(0), seconds.get(1));
        Matcher redisVersion = Pattern.compile("\\[tutorial] Using Redis (\\S+) ").matcher(run.stderr());
        assertTrue(redisVersion.find(), run.stderr());
        Sections.saveSnippet("machine.adoc", machine(redisVersion.group(1)));
        return run.stdout();
    }

    /** What one INCR cost the server in the page's run, by its own INFO commandstats. */
    private static void saveIncrCost(PrivateRedis redis) {
        Matcher incr = Pattern.compile("cmdstat_incr:calls=(\\d+),usec=\\d+,usec_per_call=([\\d.]+)")
                .matcher(redis.raw.info("commandstats"));
        assertTrue(incr.find(), "INFO commandstats");
        assertTrue(Long.parseLong(incr.group(1)) >= 200_000, "the run's INCR: " + incr.group());
        double microseconds = Double.parseDouble(incr.group(2));
        assertTrue(microseconds < 1, "the page says an INCR takes the server less than a microsecond: " + incr.group());
        Sections.saveSnippet("incr-usec.txt", String.format(Locale.ROOT, "%.2f", microseconds));
    }

    /** What measured the page's figures, as a benchmark report says: cores, processor, system, JDK, Redis. */
    static String machine(String redisVersion) throws IOException {
        Path cpuinfo = Path.of("/proc/cpuinfo");
        String processor = !Files.isReadable(cpuinfo) ? System.getProperty("os.arch") : Files.readAllLines(cpuinfo).stream()
                .filter(line -> line.startsWith("model name")).map(line -> line.substring(line.indexOf(':') + 1).strip())
                .findFirst().orElse(System.getProperty("os.arch"));
        return String.format(Locale.ROOT, "%d cores (%s), %s %s, Java %s (%s), Redis %s.",
                Runtime.getRuntime().availableProcessors(), processor, System.getProperty("os.name"),
                System.getProperty("os.version"), Runtime.version(), System.getProperty("java.vm.vendor"), redisVersion);
    }

    /** INCR each way in each row of the round-trip table: fewer, and the loopback row is mostly fixed costs. */
    static final int ROUND_TRIP_TABLE_COUNT = 500;
    static final int ROUND_TRIP_TABLE_ROUNDS = 3;

    /** The docs' table: the same comparison on loopback and at two simulated round trips. */
    @Test
    void simulatedRoundTripsForTheDocs() {
        StringBuilder rows = new StringBuilder();
        try (PrivateRedis redis = PrivateRedis.start(PrivateRedis.Kind.preferred())) {
            for (Duration rtt : List.of(Duration.ZERO, Duration.ofMillis(1).dividedBy(5), Duration.ofMillis(1))) {
                try (LatencyProxy proxy = rtt.isZero() ? null : new LatencyProxy(redis.server.uri, rtt);
                     Session<RedisClient> session = Session.open(proxy == null ? redis.server.uri : proxy.inFrontOf(redis.server.uri))) {
                    performance_comparison run = new performance_comparison();
                    run.count = ROUND_TRIP_TABLE_COUNT;
                    run.rounds = ROUND_TRIP_TABLE_ROUNDS;
                    run.rtt = rtt;
                    run.json = true;
                    JsonObject result = JsonParser.parseString(Sections.stdoutOf(() -> run.comparePerformance(session.client,
                            session.wire))).getAsJsonObject();
                    assertEquals(ROUND_TRIP_TABLE_COUNT, result.getAsJsonObject("with_pipeline").get("value").getAsInt());
                    if (rtt.isZero()) { // the page's figure for a round trip on loopback
                        Sections.saveAttribute("loopback-ping-us", Math.round(result.get("ping_ms").getAsDouble() * 1000));
                    }
                    rows.append(String.format(Locale.ROOT, "| %s | %.3f ms | %,.0f | %,.0f | %,.0f×%n",
                            rtt.isZero() ? "none (loopback)" : rtt.toNanos() / 1e6 + " ms", result.get("ping_ms").getAsDouble(),
                            result.getAsJsonObject("without_pipeline").get("ops_per_second").getAsDouble(),
                            result.getAsJsonObject("with_pipeline").get("ops_per_second").getAsDouble(),
                            result.get("speedup").getAsDouble()));
                }
            }
        }
        Sections.saveSnippet("round-trips.adoc", rows.toString());
        Sections.saveAttribute("round-trip-table-count", ROUND_TRIP_TABLE_COUNT);
        Sections.saveAttribute("round-trip-table-rounds", ROUND_TRIP_TABLE_ROUNDS);
    }

    /** Without batches, one pipeline of a million INCR holds more heap than the -Xmx32m it runs in batched. */
    @Test
    void aMillionQueuedCommandsHoldMoreThan32MiBOfHeap() {
        try (Lesson lesson = Lesson.on(PrivateRedis.Kind.preferred())) {
            long held = batch_sizes.heapHeldByOneBatch(lesson.client, FailureModesTest.BATCHED_COUNT);
            assertTrue(held > (long) FailureModesTest.BATCHED_HEAP_MIB << 20,
                    "a million queued INCR hold " + (held >> 20) + " MiB");
        }
    }

    /** The two times printed, checked to be there and positive. */
    static List<Double> timesMeasured(int count, String printed) {
        Matcher blocks = output(count).matcher(printed);
        assertTrue(blocks.matches(), printed);
        List<Double> seconds = List.of(Double.parseDouble(blocks.group(1)), Double.parseDouble(blocks.group(2)));
        assertTrue(seconds.get(0) > 0 && seconds.get(1) > 0, printed);
        // the speedup comes from the unrounded times: within what times rounded to the millisecond allow, to 0.1
        double half = 0.0005;
        double printedSpeedup = Double.parseDouble(blocks.group(3));
        double lowest = (seconds.get(0) - half) / (seconds.get(1) + half);
        double highest = (seconds.get(0) + half) / (seconds.get(1) - half);
        assertTrue(printedSpeedup >= lowest - 0.05 && printedSpeedup <= highest + 0.05,
                "between " + lowest + " and " + highest + ":\n" + printed);
        return seconds;
    }

    /** The width the page shows the chart at; it is drawn at twice the pixels. */
    static final int CHART_WIDTH = 720;

    /** The docs' chart, drawn from the times this build's run printed. */
    private static void drawChart(int count, double withoutPipeline, double withPipeline) throws IOException {
        System.setProperty("java.awt.headless", "true");
        Sections.saveAttribute("comparison-chart-width", CHART_WIDTH);
        CategoryChart chart = new CategoryChartBuilder().width(CHART_WIDTH).height(360).theme(Styler.ChartTheme.Matlab)
                .title(String.format(Locale.ROOT, "%,d INCR: the pipeline is %.0f times as fast in this build", count,
                        withoutPipeline / withPipeline))
                .yAxisTitle("seconds").build();
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setYAxisDecimalPattern("0.0##");
        // The times go under the bars, where they stay readable however thin a bar is
        chart.addSeries("Time taken", List.of(String.format(Locale.ROOT, "Without pipeline: %.3f s", withoutPipeline),
                String.format(Locale.ROOT, "With pipeline: %.3f s", withPipeline)), List.of(withoutPipeline, withPipeline));
        java.nio.file.Files.createDirectories(Sections.SNIPPETS);
        BitmapEncoder.saveBitmapWithDPI(chart, Sections.SNIPPETS.resolve("performance-comparison.png").toString(),
                BitmapEncoder.BitmapFormat.PNG, 144); // twice the pixels, for sharp high-DPI screens
    }
}
