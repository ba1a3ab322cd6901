package pipelining;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

/** Isolated: the table and the chart are figures on the page, measured with nothing else of the build running. */
@Isolated
class BatchSizesTest {

    static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G'};

    @Test
    void reportsThroughputAndHeapForEveryBatchSizeAndDrawsTheChart() throws Exception {
        Sections.saveAttribute("batch-sizes-count", new batch_sizes().count);
        Sections.saveAttribute("batch-sizes-width", batch_sizes.WIDTH);
        List<String> batches = batch_sizes.BATCH_SIZES.stream().map(size -> String.format(Locale.ROOT, "%,d", size)).toList();
        Sections.saveAttribute("batch-size-list", String.join(", ", batches.subList(0, batches.size() - 1)) + " and "
                + batches.get(batches.size() - 1));
        Path chart = Sections.SNIPPETS.resolve("batch-sizes.png");
        Files.createDirectories(Sections.SNIPPETS);
        Files.deleteIfExists(chart);
        // 10,000 rather than the default 100,000 keeps the build quick; the page says so.
        Sections.Run run = Sections.section("batch-sizes", "--count", "10000", "--chart", chart.toString());
        List<String> lines = run.stdout().lines().toList();
        assertEquals("10,000 INCR per batch size, median of 3 runs", lines.get(0));
        assertEquals("Batch size   Round trips   INCR per second   Heap held by the pipeline", lines.get(1));
        List<Integer> sizes = List.of(1, 10, 100, 1_000, 10_000); // 100,000 is more than --count, 10,000 all of it
        assertEquals(sizes.size() + 2, lines.size(), run.stdout());
        for (int i = 0; i < sizes.size(); i++) {
            String[] columns = lines.get(i + 2).strip().replace(",", "").split("\\s+");
            assertEquals(String.valueOf(sizes.get(i)), columns[0], lines.get(i + 2));
            assertEquals(String.valueOf(10_000 / sizes.get(i)), columns[1], "one round trip per batch: " + lines.get(i + 2));
            assertTrue(Double.parseDouble(columns[2]) > 0, lines.get(i + 2));
            assertTrue(Double.parseDouble(columns[3]) >= 0 && columns[4].equals("MiB"), lines.get(i + 2));
        }
        Sections.saveAttribute("heap-compared-small", sizes.get(2));
        Sections.saveAttribute("heap-compared-large", sizes.get(4));
        double heapSmall = Double.parseDouble(lines.get(2 + 2).strip().split("\\s+")[3]);
        double heapLarge = Double.parseDouble(lines.get(4 + 2).strip().split("\\s+")[3]);
        assertTrue(heapLarge > heapSmall, "a batch's Responses grow with it: " + run.stdout());
        assertArrayEquals(PNG_SIGNATURE, Arrays.copyOf(Files.readAllBytes(chart), 4), "the chart is a PNG");
        BufferedImage drawn = ImageIO.read(chart.toFile());
        assertEquals(2 * batch_sizes.WIDTH, drawn.getWidth(), "drawn at twice the size the page shows it");
    }

    @Test
    void theThroughputAxisReadsLikeTheTable() {
        assertEquals("500k", batch_sizes.readable(500_000));
        assertEquals("1.5M", batch_sizes.readable(1_500_000));
        assertEquals("0.4", batch_sizes.readable(0.4));
    }

    @Test
    void aBadCountFailsClearly() {
        int[] exitCode = new int[1];
        String told = Sections.stderrOf(() -> exitCode[0] = Options.parseAndRun(new batch_sizes(), "--count", "-1"));
        assertEquals(2, exitCode[0], told);
        assertTrue(told.startsWith("[tutorial] --count must be at least 1") && told.lines().count() == 1, told);
    }
}
