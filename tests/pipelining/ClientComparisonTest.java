package pipelining;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
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

/**
 * The notebook's comparison in each client's section, each launched once as a user would, in a JVM of its own: Jedis'
 * performance-comparison and the other clients' sections, checked, and drawn into one table and one chart for the page.
 * Isolated: those are figures the page shows as measured, with nothing else of the build running.
 */
@Isolated
class ClientComparisonTest {

    /** The notebook's count, which each section's comparison runs. */
    static final int COUNT = 100_000;
    /** A new Lettuce connection's handshake: see {@link LettucePipeliningTest}. */
    static final int HANDSHAKE_WRITES = 3;

    /** One way of running the comparison, as a section prints it. */
    record Way(String client, String title, double seconds, long writes, long roundTrips) {
    }

    static final Pattern BLOCK = Pattern.compile("^(.+)\nTime taken: (\\d+\\.\\d{3}) seconds\nIncrement value: (\\d+)\n"
            + "On the wire: ([\\d,]+) writes?, ([\\d,]+) round trips?$", Pattern.MULTILINE);

    /** The blocks a run printed, each checked to have counted to the notebook's count. */
    static List<Way> ways(String client, String printed) {
        List<Way> ways = new ArrayList<>();
        Matcher block = BLOCK.matcher(printed);
        while (block.find()) {
            assertEquals(String.valueOf(COUNT), block.group(3), block.group());
            ways.add(new Way(client, block.group(1), Double.parseDouble(block.group(2)),
                    Long.parseLong(block.group(4).replace(",", "")), Long.parseLong(block.group(5).replace(",", ""))));
        }
        return ways;
    }

    private static void assertWay(Way way, String title, long writes, Long roundTrips) {
        assertEquals(title, way.title());
        assertEquals(writes, way.writes(), title);
        if (roundTrips != null) {
            assertEquals((long) roundTrips, way.roundTrips(), title);
        } else { // replies come back while commands still go out: as many as the timing makes, but never more
            assertTrue(way.roundTrips() >= 1 && way.roundTrips() <= writes, way.toString());
        }
        assertTrue(way.seconds() > 0, way.toString());
    }

    @Test
    void eachClientsSectionPrintsItsCountsAndTheComparisonIsDrawnFromTheirRuns() throws IOException {
        List<Way> table = new ArrayList<>();
        table.addAll(jedis());
        table.addAll(lettuce());
        table.addAll(spring());
        table.addAll(redisson());
        StringBuilder rows = new StringBuilder();
        for (Way way : table) {
            rows.append(String.format(Locale.ROOT, "| %s | %s | %.3f s | %,d | %,d%n", way.client(), way.title(),
                    way.seconds(), way.writes(), way.roundTrips()));
        }
        Sections.saveSnippet("client-comparison.adoc", rows.toString());
        Sections.saveAttribute("client-comparison-count", COUNT);
        drawChart(table);
    }

    /** Jedis' two halves, as the performance comparison's launch prints them. */
    private static List<Way> jedis() throws IOException {
        List<Way> ways = ways("Jedis", PerformanceComparisonTest.launchedForThePage());
        assertEquals(2, ways.size());
        return List.of(new Way("Jedis", "one command at a time", ways.get(0).seconds(), ways.get(0).writes(),
                ways.get(0).roundTrips()), new Way("Jedis", "a Pipeline, synced once", ways.get(1).seconds(),
                ways.get(1).writes(), ways.get(1).roundTrips()));
    }

    private static List<Way> lettuce() {
        String printed = Sections.section("lettuce-pipelining").stdout();
        assertTrue(printed.startsWith("""
                Replies: [OK, OK, a value]
                On the wire: 1 write, 1 round trip
                """), printed);
        List<Way> ways = ways("Lettuce", printed);
        assertEquals(3, ways.size(), printed);
        assertWay(ways.get(0), "Sync API, one command at a time", COUNT + 1, COUNT + 1L);
        assertWay(ways.get(1), "Async API, auto-flush on (the default)", COUNT + 1, null);
        assertWay(ways.get(2), "Async API, auto-flush off, one flushCommands()", 1, 1L);
        assertTrue(Pattern.compile("\nOne flush was \\d+\\.\\d times as fast as one command at a time.\n").matcher(printed)
                .find(), printed);
        assertTrue(printed.endsWith("""
                Another thread's GET, while auto-flush is off: Command timed out after 1 second(s)
                The same GET, while a batch has a connection of its own: a value
                Another thread's SET, during this thread's MULTI, returned: null
                This thread's EXEC returned: [1, OK]
                """), printed);
        return ways;
    }

    private static List<Way> spring() {
        String printed = Sections.section("spring-pipelining").stdout();
        // the template's connection opened at its first use, the pipeline's own, then each command written at once
        long buildWrites = 2 * HANDSHAKE_WRITES + 3;
        assertTrue(printed.startsWith("""
                Inside the callback, get("a") returned null
                Replies: [true, true, a value]
                On the wire: %d writes, """.formatted(buildWrites)), printed);
        List<Way> ways = ways("Spring Data Redis", printed);
        assertEquals(4, ways.size(), printed);
        assertWay(ways.get(0), "The template, one command at a time", COUNT + 1, COUNT + 1L);
        assertWay(ways.get(1), "executePipelined, flushEachCommand() (the default)", HANDSHAKE_WRITES + COUNT + 1, null);
        long buffered = (COUNT + 1 + spring_pipelining.BUFFERED - 1) / spring_pipelining.BUFFERED;
        assertWay(ways.get(2), "executePipelined, buffered(" + spring_pipelining.BUFFERED + ")", HANDSHAKE_WRITES + buffered, null);
        assertWay(ways.get(3), "executePipelined, flushOnClose()", HANDSHAKE_WRITES + 1, null);
        assertTrue(printed.endsWith("\nA callback that returns a value: Callback cannot return a non-null value as it gets"
                + " overwritten by the pipeline\n"), printed);
        Sections.saveAttribute("handshake-writes", HANDSHAKE_WRITES);
        Sections.saveAttribute("spring-build-writes", buildWrites);
        Sections.saveAttribute("spring-buffered", String.valueOf(spring_pipelining.BUFFERED)); // code: no comma
        Sections.saveAttribute("spring-default-writes", ways.get(1).writes());
        Sections.saveAttribute("spring-buffered-writes", ways.get(2).writes());
        Sections.saveAttribute("spring-on-close-writes", ways.get(3).writes());
        return ways;
    }

    private static List<Way> redisson() {
        String printed = Sections.section("redisson-batch").stdout();
        assertTrue(printed.startsWith("""
                Replies: [null, null, a value]; getA: a value
                On the wire: 1 write, 1 round trip
                """), printed);
        List<Way> ways = ways("Redisson", printed);
        assertEquals(2, ways.size(), printed);
        assertWay(ways.get(0), "RAtomicLong, one command at a time", COUNT + 1, COUNT + 1L);
        assertWay(ways.get(1), "RBatch, executed once", 1, 1L);
        assertTrue(Pattern.compile("\nThe batch was \\d+\\.\\d times as fast as one command at a time.\n").matcher(printed)
                .find(), printed);
        assertTrue(printed.endsWith("\nA batch executed twice: Batch already executed!\n"), printed);
        return ways;
    }

    /** Per client: one command at a time, beside its fastest way of pipelining in this build. */
    private static void drawChart(List<Way> table) throws IOException {
        System.setProperty("java.awt.headless", "true");
        List<String> clients = table.stream().map(Way::client).distinct().toList();
        List<Double> oneAtATime = new ArrayList<>();
        List<Double> fastest = new ArrayList<>();
        for (String client : clients) {
            List<Way> its = table.stream().filter(way -> way.client().equals(client)).toList();
            oneAtATime.add(its.get(0).seconds());
            fastest.add(its.stream().skip(1).mapToDouble(Way::seconds).min().orElseThrow());
        }
        CategoryChart chart = new CategoryChartBuilder().width(PerformanceComparisonTest.CHART_WIDTH).height(360)
                .theme(Styler.ChartTheme.Matlab)
                .title(String.format(Locale.ROOT, "%,d INCR per client, in this build", COUNT)).yAxisTitle("seconds").build();
        chart.getStyler().setYAxisDecimalPattern("0.0##");
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
        chart.addSeries("one command at a time", clients, oneAtATime);
        chart.addSeries("its fastest pipelining", clients, fastest);
        Files.createDirectories(Sections.SNIPPETS);
        BitmapEncoder.saveBitmapWithDPI(chart, Sections.SNIPPETS.resolve("client-comparison.png").toString(),
                BitmapEncoder.BitmapFormat.PNG, 144);
    }
}
