///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//COMPILE_OPTIONS -encoding UTF-8
//DEPS redis.clients:jedis:8.0.2
//DEPS org.knowm.xchart:xchart:4.0.3
//SOURCES support/*.java
//DESCRIPTION Batch sizes: INCR per second and heap held by the pipeline, for batches of 1 to 100,000.
package pipelining;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.RedisClient;

@Command(name = "batch-sizes", mixinStandardHelpOptions = true, description = "Sends --count INCR in pipelined batches of 1, 10, ... up to 100,000"
        + " commands (no larger than --count) and reports, for each size, INCR per second and the heap one batch holds.")
class batch_sizes implements Runnable {

    static final List<Integer> BATCH_SIZES = List.of(1, 10, 100, 1_000, 10_000, 100_000);

    @Option(names = "--count", paramLabel = "N", description = "INCR commands per batch size (default: ${DEFAULT-VALUE})")
    int count = 100_000;
    @Option(names = "--chart", paramLabel = "FILE", description = "where to write the chart (default: ${DEFAULT-VALUE})")
    Path chart = Path.of("batch-sizes.png");

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true"); // the chart is drawn off screen
        System.exit(Options.parseAndRun(new batch_sizes(), args));
    }

    @Override
    public void run() {
        Options.requireAtLeast(1, "--count", count);
        Tutorial.run(tutorial -> measureBatchSizes(tutorial.redis, tutorial.wire));
    }

    /** {@code wire} counts, at the client's socket, the round trips of each run. */
    void measureBatchSizes(RedisClient redis, Wire wire) {
        incrInBatches(redis, 1_000); // warm-up: let the JIT compile Jedis before anything is timed
        List<Double> opsPerSecond = new ArrayList<>();
        List<Double> mebibytes = new ArrayList<>();
        List<Integer> sizes = BATCH_SIZES.stream().filter(size -> size <= count).toList(); // larger ones = one batch
        System.out.printf(Locale.ROOT, "%,d INCR per batch size, median of 3 runs%n", count);
        System.out.println("Batch size   Round trips   INCR per second   Heap held by the pipeline");
        for (int batch : sizes) {
            long[] roundTrips = new long[1];
            double[] runs = Progress.whileRunning(String.format(Locale.ROOT, "batches of %,d", batch), () -> {
                double[] timed = new double[3];
                for (int run = 0; run < timed.length; run++) {
                    redis.del("incr_key");
                    Wire.Tally before = wire.tally();
                    long start = System.nanoTime();
                    incrInBatches(redis, batch);
                    timed[run] = count / ((System.nanoTime() - start) / 1e9);
                    roundTrips[0] = wire.since(before).roundTrips(); // the same in every run
                }
                return timed;
            }); // a terminal sees which size runs: a batch of 1 takes a while
            opsPerSecond.add(Median.of(runs));
            mebibytes.add(heapHeldByOneBatch(redis, batch) / (1024.0 * 1024));
            System.out.printf(Locale.ROOT, "%,10d %,13d %,17.0f %,21.1f MiB%n", batch, roundTrips[0], Median.of(runs),
                    mebibytes.get(mebibytes.size() - 1));
        }
        writeChart(sizes, opsPerSecond, mebibytes);
    }

    // tag::batches[]
    void incrInBatches(RedisClient redis, int batch) {
        try (Pipeline pipe = redis.pipelined()) {
            for (int i = 1; i <= count; i++) {
                pipe.incr("incr_key");
                if (i % batch == 0) {
                    pipe.sync(); // one round trip for the batch; its replies can then be let go
                }
            }
        }
    }
    // end::batches[]

    /** What a full batch keeps alive while it waits for its replies, measured apart from the timed run. */
    static long heapHeldByOneBatch(RedisClient redis, int batch) {
        System.gc();
        long before = heapUsed();
        try (Pipeline pipe = redis.pipelined()) {
            for (int i = 0; i < batch; i++) {
                pipe.incr("incr_key");
            }
            System.gc(); // what is left is what the queued commands' Response objects hold: no reply is read yet
            return Math.max(0, heapUsed() - before);
        }
    }

    private static long heapUsed() {
        Runtime runtime = Runtime.getRuntime();
        return runtime.totalMemory() - runtime.freeMemory();
    }

    static final int WIDTH = 720;
    static final int HEIGHT = 300;

    /** 500k, 1.5M, 0.4: a tick label a reader takes in at a glance. */
    static String readable(double value) {
        DecimalFormat digits = new DecimalFormat("0.##", DecimalFormatSymbols.getInstance(Locale.ROOT));
        return value >= 1e6 ? digits.format(value / 1e6) + "M" : value >= 1e3 ? digits.format(value / 1e3) + "k"
                : digits.format(value);
    }

    /** Two charts, one above the other, on the same logarithmic axis of batch sizes. */
    private void writeChart(List<Integer> batchSizes, List<Double> opsPerSecond, List<Double> mebibytes) {
        List<Double> sizes = batchSizes.stream().map(Integer::doubleValue).toList();
        XYChart throughput = chart(String.format(Locale.ROOT, "%,d INCR in pipelined batches: throughput", count),
                "INCR per second", sizes, opsPerSecond);
        XYChart memory = chart("Heap one full batch holds while it waits for its replies", "MiB", sizes, mebibytes);
        // Drawn at twice the size it is shown at, so it stays sharp on a high-DPI screen
        BufferedImage picture = new BufferedImage(2 * WIDTH, 2 * 2 * HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D graphics = picture.createGraphics();
        graphics.scale(2, 2);
        throughput.paint(graphics, WIDTH, HEIGHT);
        graphics.translate(0, HEIGHT);
        memory.paint(graphics, WIDTH, HEIGHT);
        graphics.dispose();
        try {
            ImageIO.write(picture, "png", chart.toFile());
            System.err.println("[tutorial] Chart written to " + chart.toAbsolutePath().normalize());
        } catch (IOException e) {
            throw new Problem("Could not write the chart to " + chart + ": " + e.getMessage(), 1);
        }
    }

    private static XYChart chart(String title, String yAxis, List<Double> sizes, List<Double> values) {
        XYChart drawing = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).theme(Styler.ChartTheme.Matlab)
                .xAxisTitle("batch size (commands per round trip)").yAxisTitle(yAxis).build();
        drawing.getStyler().setLocale(Locale.ROOT); // 10,000 on the axis, as in the table
        drawing.getStyler().setXAxisLogarithmic(true).setXAxisDecimalPattern("#,###");
        drawing.getStyler().setYAxisTickLabelsFormattingFunction(batch_sizes::readable);
        drawing.getStyler().setLegendVisible(false);
        drawing.addSeries(yAxis, sizes, values);
        return drawing;
    }
}
