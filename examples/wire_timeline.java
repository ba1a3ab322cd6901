///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//COMPILE_OPTIONS -encoding UTF-8
//DEPS redis.clients:jedis:8.0.2
//DEPS org.knowm.xchart:xchart:4.0.3
//SOURCES support/*.java
//DESCRIPTION The wire, drawn: when the client writes and when replies arrive, for 20 INCR without and with a pipeline, over a simulated 1 ms round trip.
package pipelining;

import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.RedisClient;

@Command(name = "wire-timeline", description = "Records, at the client's socket, each write and each read of replies"
        + " for 20 INCR without and with a pipeline, through a simulated round trip, and draws them on one time axis.")
class wire_timeline implements Runnable {

    static final int COMMANDS = 20;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help and exit")
    boolean help;
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
        Tutorial.run(rtt, this::recordTheWire);
    }

    /** {@code wire} counts and records, at the client's socket, what went over the network. */
    void recordTheWire(RedisClient redis, Wire wire) {
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
        withoutPipeline.run(); // a first round, not recorded, so the JIT's warm-up is not in the picture
        withPipeline.run();
        List<Wire.Event> without = wire.record(withoutPipeline);
        List<Wire.Event> with = wire.record(withPipeline);
        // end::record[]
        System.out.println(COMMANDS + " INCR, each socket call recorded at the client:");
        System.out.println("Without a pipeline: " + summary(without));
        System.out.println("With a pipeline:    " + summary(with));
        draw(without, with);
    }

    /** How many writes and reads, and when the last reply had arrived. */
    static String summary(List<Wire.Event> events) {
        long writes = events.stream().filter(Wire.Event::write).count();
        long reads = events.size() - writes;
        return String.format(Locale.ROOT, "%d write%s and %d read%s, the last reply in after %.1f ms", writes,
                writes == 1 ? "" : "s", reads, reads == 1 ? "" : "s", events.get(events.size() - 1).nanos() / 1e6);
    }

    /** Two lanes each: the client writes (up), a reply arrives (down); the line joins them in time order. */
    private void draw(List<Wire.Event> without, List<Wire.Event> with) {
        XYChart picture = new XYChartBuilder().width(760).height(300).theme(Styler.ChartTheme.Matlab)
                .xAxisTitle("milliseconds")
                .title(COMMANDS + " INCR over a simulated " + rtt.toNanos() / 1e6 + " ms round trip").build();
        picture.getStyler().setYAxisMin(-0.6).setYAxisMax(3.6).setYAxisTicksVisible(false)
                .setLegendPosition(Styler.LegendPosition.OutsideS).setLegendLayout(Styler.LegendLayout.Horizontal)
                .setAnnotationTextFontColor(Color.DARK_GRAY).setAnnotationTextFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        picture.addSeries("without a pipeline: " + roundTrips(without), millis(without), lanes(without, 2));
        picture.addSeries("with a pipeline: " + roundTrips(with), millis(with), lanes(with, 0));
        double middle = millis(without).get(without.size() - 1) / 2;
        for (int base : List.of(2, 0)) { // each lane's name, just above or below it
            picture.addAnnotation(new AnnotationText("the client writes", middle, base + 1.3, false));
            picture.addAnnotation(new AnnotationText("a reply arrives", middle, base - 0.3, false));
        }
        try {
            BitmapEncoder.saveBitmapWithDPI(picture, chart.toString(), BitmapEncoder.BitmapFormat.PNG, 144); // 2×
            System.err.println("[tutorial] Picture written to " + chart.toAbsolutePath().normalize());
        } catch (IOException e) {
            throw new Problem("Could not write the picture to " + chart + ": " + e.getMessage(), 1);
        }
    }

    private static String roundTrips(List<Wire.Event> events) {
        long writes = events.stream().filter(Wire.Event::write).count(); // here each write waits for its reply
        return writes + (writes == 1 ? " round trip" : " round trips");
    }

    private static List<Double> millis(List<Wire.Event> events) {
        return events.stream().map(event -> event.nanos() / 1e6).toList();
    }

    private static List<Double> lanes(List<Wire.Event> events, int base) {
        return events.stream().map(event -> base + (event.write() ? 1.0 : 0.0)).toList();
    }
}
