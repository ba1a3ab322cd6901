package pipelining;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

/** Isolated: the picture and its times are figures on the page, measured with nothing else of the build running. */
@Isolated
class WireTimelineTest {

    /** Without a pipeline each INCR is a write and a read; with one, one write (the replies may come in more reads). */
    static final Pattern OUTPUT = Pattern.compile("""
            20 INCR, each socket call recorded at the client:
            Without a pipeline: 20 writes and 20 reads, the last reply in after (\\d+\\.\\d) ms
            With a pipeline:    1 write and \\d+ reads?, the last reply in after (\\d+\\.\\d) ms
            """);

    @Test
    void twentyIncrAreTwentyRoundTripsWithoutAPipelineAndOneWithItAndThePictureIsDrawnAtTwiceTheSize() throws Exception {
        Path picture = Sections.SNIPPETS.resolve("wire-timeline.png");
        Files.createDirectories(Sections.SNIPPETS);
        Files.deleteIfExists(picture);
        Sections.Run run = Sections.section("wire-timeline", "--chart", picture.toString());
        Matcher output = OUTPUT.matcher(run.stdout());
        assertTrue(output.matches(), run.stdout());
        double without = Double.parseDouble(output.group(1));
        double with = Double.parseDouble(output.group(2));
        assertTrue(without >= 20 * 1.0, "20 round trips of at least 1 ms each: " + without);
        assertTrue(with >= 1.0 && with < without, "one round trip: " + with);
        BufferedImage drawn = ImageIO.read(picture.toFile());
        assertEquals(2 * 760, drawn.getWidth(), "drawn at 144 dpi, twice the 760 px it is shown at");
    }
}
