package pipelining;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;

class PerformanceComparisonTest extends OnBothServers {

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

    @Test
    void bothWaysCountToTheCountAndReportTheirTime() {
        performance_comparison run = new performance_comparison();
        run.count = 20_000; // the default 100,000 is checked through the launcher, below
        timesMeasured(20_000, Sections.stdoutOf(() -> run.comparePerformance(session.client)));
        assertEquals("20000", redis.raw.get(onServer("incr_key")));
        Matcher incr = Pattern.compile("cmdstat_incr:calls=\\d+,usec=\\d+,usec_per_call=([\\d.]+)")
                .matcher(redis.raw.info("commandstats"));
        assertTrue(incr.find(), "INFO commandstats");
        double microseconds = Double.parseDouble(incr.group(1));
        assertTrue(microseconds < 5, "the page says an INCR takes the server about a microsecond: " + incr.group());
        if (writesSnippets()) {
            Sections.saveSnippet("incr-usec.txt", String.format(Locale.ROOT, "%.2f", microseconds));
        }
    }

    @Test
    void performanceComparisonAliasPrintsBothBlocksThroughTheLauncher() throws IOException {
        List<Double> seconds = timesMeasured(100_000, runAlias("performance-comparison").stdout());
        if (writesSnippets()) {
            drawChart(seconds.get(0), seconds.get(1));
        }
    }

    @Test
    void optionsBatchRepeatAndReportJson() {
        performance_comparison run = new performance_comparison();
        run.count = 2_000;
        run.batch = 300;
        run.rounds = 3;
        run.json = true;
        JsonObject result = JsonParser.parseString(Sections.stdoutOf(() -> run.comparePerformance(session.client)))
                .getAsJsonObject();
        assertEquals(2_000, result.get("count").getAsInt());
        assertEquals(300, result.get("batch").getAsInt());
        assertEquals(3, result.get("rounds").getAsInt());
        assertEquals(0.0, result.get("rtt_ms").getAsDouble());
        assertTrue(result.get("server_version").getAsString().matches("\\d+\\.\\d+\\.\\d+"), result.toString());
        for (String half : List.of("without_pipeline", "with_pipeline")) {
            JsonObject timing = result.getAsJsonObject(half);
            assertEquals(2_000, timing.get("value").getAsInt(), half);
            double opsPerSecond = 2_000 / timing.get("seconds").getAsDouble();
            assertEquals(opsPerSecond, timing.get("ops_per_second").getAsDouble(), opsPerSecond * 1e-3, half);
        }
        assertEquals(2_001, result.getAsJsonObject("without_pipeline").get("round_trips").getAsInt(), "2,000 INCR, a GET");
        assertEquals(2_001, result.getAsJsonObject("without_pipeline").get("writes").getAsInt());
        assertEquals(7, result.getAsJsonObject("with_pipeline").get("round_trips").getAsInt(),
                "a sync after 300, 600 … 1,800 INCR, and close()");
        double speedup = result.getAsJsonObject("without_pipeline").get("seconds").getAsDouble()
                / result.getAsJsonObject("with_pipeline").get("seconds").getAsDouble();
        assertEquals(speedup, result.get("speedup").getAsDouble(), Math.max(0.01, speedup * 1e-3)); // printed rounded
    }

    @Test
    void eachBlockNamesTheOptionsThatShapedIt() {
        performance_comparison run = new performance_comparison();
        run.count = 200;
        run.batch = 50;
        run.rounds = 2;
        run.rtt = Duration.ofMillis(1); // named in the blocks; the proxy itself is Tutorial.run's, not tested here
        String printed = Sections.stdoutOf(() -> run.comparePerformance(session.client));
        assertTrue(Pattern.compile("Without pipeline\nTime taken: \\d+\\.\\d{3} seconds \\(median of 2 after a"
                + " warm-up; through a simulated round trip of 1\\.0 ms\\)\n").matcher(printed).find(), printed);
        assertTrue(Pattern.compile("With pipeline\nTime taken: \\d+\\.\\d{3} seconds \\(median of 2 after a"
                + " warm-up; through a simulated round trip of 1\\.0 ms; synced every 50 commands\\)\n")
                .matcher(printed).find(), printed);
        assertTrue(printed.contains("On the wire: 4 writes, 4 round trips\n"), "a round trip per batch: " + printed);
    }

    @Test
    void onlyOneHalfLeavesTheOtherOutOfTheJson() {
        performance_comparison run = new performance_comparison();
        run.count = 500;
        run.only = performance_comparison.Half.pipelined;
        run.json = true;
        JsonObject result = JsonParser.parseString(Sections.stdoutOf(() -> run.comparePerformance(session.client)))
                .getAsJsonObject();
        assertTrue(result.has("with_pipeline"), result.toString());
        assertFalse(result.has("without_pipeline") || result.has("speedup"), result.toString());
    }

    /** The two times printed, checked to be there and positive. */
    private static List<Double> timesMeasured(int count, String printed) {
        Matcher blocks = output(count).matcher(printed);
        assertTrue(blocks.matches(), printed);
        List<Double> seconds = List.of(Double.parseDouble(blocks.group(1)), Double.parseDouble(blocks.group(2)));
        assertTrue(seconds.get(0) > 0 && seconds.get(1) > 0, printed);
        double speedup = seconds.get(0) / seconds.get(1); // from times rounded to the millisecond
        assertEquals(speedup, Double.parseDouble(blocks.group(3)), 0.1 + speedup * 0.05, printed);
        return seconds;
    }

    /** The docs' chart, drawn from the times this build's run printed. */
    private static void drawChart(double withoutPipeline, double withPipeline) throws IOException {
        System.setProperty("java.awt.headless", "true");
        CategoryChart chart = new CategoryChartBuilder().width(720).height(360).theme(Styler.ChartTheme.Matlab)
                .title(String.format(Locale.ROOT, "100,000 INCR: the pipeline is %.0f times as fast in this build",
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
