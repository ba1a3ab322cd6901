package pipelining;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;
import redis.clients.jedis.RedisClient;

/** Isolated: the picture and its times are figures on the page, measured with nothing else of the build running. */
@Isolated
class WireTimelineTest {

    /** Without a pipeline each INCR is a write and a read; with one, one write (the replies may come in more reads). */
    static final Pattern OUTPUT = Pattern.compile("""
            20 INCR, each socket call recorded at the client:
            Without a pipeline: 20 writes and 20 reads, the last reply in after (\\d+\\.\\d) ms
            With a pipeline:    1 write and (\\d+) reads?, the last reply in after (\\d+\\.\\d) ms
            """);

    @Test
    void twentyIncrAreTwentyRoundTripsWithoutAPipelineAndOneWithItAndThePictureDrawsEachCrossingOnOneTimeAxis()
            throws Exception {
        Sections.saveAttribute("timeline-commands", wire_timeline.COMMANDS);
        Sections.saveAttribute("timeline-width", LaneDiagram.WIDTH);
        Path picture = Sections.SNIPPETS.resolve("wire-timeline.png");
        Files.createDirectories(Sections.SNIPPETS);
        Files.deleteIfExists(picture);
        Sections.Run run = Sections.section("wire-timeline", "--chart", picture.toString());
        Matcher output = OUTPUT.matcher(run.stdout());
        assertTrue(output.matches(), run.stdout());
        double without = Double.parseDouble(output.group(1));
        int repliesWith = Integer.parseInt(output.group(2));
        double with = Double.parseDouble(output.group(3));
        assertTrue(without >= 20 * 1.0, "20 round trips of at least 1 ms each: " + without);
        assertTrue(with >= 1.0 && with < without, "one round trip: " + with);

        BufferedImage drawn = ImageIO.read(picture.toFile());
        assertEquals(2 * LaneDiagram.WIDTH, drawn.getWidth(), "drawn at twice the width it is shown at");
        assertEquals(LaneDiagram.height(2), drawn.getHeight(), "two pairs of lanes");
        // Half way between the lanes, every crossing is drawn once: a line for each write, one for each read.
        assertEquals(20, lines(drawn, between(0), LaneDiagram.COMMAND), "without a pipeline: 20 commands go over");
        assertEquals(20, lines(drawn, between(0), LaneDiagram.REPLY), "and 20 replies come back");
        assertEquals(1, lines(drawn, between(1), LaneDiagram.COMMAND), "with one: one write");
        int replyLines = lines(drawn, between(1), LaneDiagram.REPLY);
        assertTrue(replyLines >= 1 && replyLines <= repliesWith, replyLines + " reply lines for " + repliesWith + " reads");
        // One time axis: each half's last reply arrives, at the client lane, as far right as its printed time says.
        double perMilli = (lastColumn(drawn, 0) - LaneDiagram.zeroColumn()) / without;
        assertEquals(with, (lastColumn(drawn, 1) - LaneDiagram.zeroColumn()) / perMilli, 0.2,
                "the pipelined half, read off the picture on the unpipelined half's scale, in ms");
    }

    /** A round trip at both ends: both lanes on the same clock, in the order the bytes went. */
    @Test
    void aReplyLeavesRedisAfterItsCommandArrivedAndReachesTheClientNoSoonerThanHalfARoundTripLater() {
        try (PrivateRedis redis = PrivateRedis.start(PrivateRedis.Kind.preferred());
             LatencyProxy proxy = new LatencyProxy(redis.server.uri, Duration.ofMillis(2));
             Session<RedisClient> session = Session.open(proxy.inFrontOf(redis.server.uri))) {
            LaneDiagram.Lanes lanes = wire_timeline.atBothEnds(() -> session.client.incr("incr_key"), session.wire, proxy);
            List<LaneDiagram.Crossing> crossings = LaneDiagram.crossings(lanes);
            assertEquals(2, crossings.size(), crossings.toString());
            LaneDiagram.Crossing command = crossings.get(0), reply = crossings.get(1);
            assertTrue(command.toRedis() && !reply.toRedis(), crossings.toString());
            assertTrue(command.arrivedMillis() >= 1.0, "held for half the round trip on its way: " + command);
            assertTrue(reply.leftMillis() >= command.arrivedMillis(), crossings.toString());
            assertTrue(reply.arrivedMillis() - reply.leftMillis() >= 1.0, "and on the way back: " + reply);
        }
    }

    @Test
    void twoWritesThatTheProxyPassedOnAsOneChunkBothArriveWithItAndAnotherConnectionIsLeftOut() {
        long start = 5_000_000;
        LaneDiagram.Lanes lanes = new LaneDiagram.Lanes(start,
                List.of(new Wire.Event(100_000, true, 58), new Wire.Event(200_000, true, 58),
                        new Wire.Event(1_500_000, false, 10)),
                List.of(new LatencyProxy.AtRedis(start + 400_000, 2, true, 30), // the plumbing's heartbeat
                        new LatencyProxy.AtRedis(start + 700_000, 1, true, 116),
                        new LatencyProxy.AtRedis(start + 800_000, 2, false, 5),
                        new LatencyProxy.AtRedis(start + 900_000, 1, false, 10)));
        assertEquals(List.of(new LaneDiagram.Crossing(true, 0.1, 0.7), new LaneDiagram.Crossing(true, 0.2, 0.7),
                new LaneDiagram.Crossing(false, 0.9, 1.5)), LaneDiagram.crossings(lanes));
    }

    @Test
    void aReplyChunkReadInTwoPiecesIsTwoLinesFromWhenItLeftRedis() {
        long start = 5_000_000;
        LaneDiagram.Lanes lanes = new LaneDiagram.Lanes(start,
                List.of(new Wire.Event(100_000, true, 1160), new Wire.Event(1_500_000, false, 60),
                        new Wire.Event(1_600_000, false, 40)),
                List.of(new LatencyProxy.AtRedis(start + 600_000, 1, true, 1000),
                        new LatencyProxy.AtRedis(start + 650_000, 1, true, 160),
                        new LatencyProxy.AtRedis(start + 900_000, 1, false, 100)));
        assertEquals(List.of(new LaneDiagram.Crossing(true, 0.1, 0.65), new LaneDiagram.Crossing(false, 0.9, 1.5),
                new LaneDiagram.Crossing(false, 0.9, 1.6)), LaneDiagram.crossings(lanes));
    }

    private static int between(int panel) {
        return (LaneDiagram.clientRow(panel) + LaneDiagram.redisRow(panel)) / 2;
    }

    /** How many separate strokes of {@code color} cross row {@code y} right of time zero. */
    private static int lines(BufferedImage image, int y, Color color) {
        int lines = 0;
        boolean inLine = false;
        for (int x = LaneDiagram.zeroColumn(); x < image.getWidth(); x++) {
            boolean here = looksLike(new Color(image.getRGB(x, y)), color);
            lines += here && !inLine ? 1 : 0;
            inLine = here;
        }
        return lines;
    }

    /** The rightmost reply pixel just under the client lane of {@code panel}: where its last reply arrived. */
    private static int lastColumn(BufferedImage image, int panel) {
        int y = LaneDiagram.clientRow(panel) + 4;
        for (int x = image.getWidth() - 1; x >= 0; x--) {
            if (looksLike(new Color(image.getRGB(x, y)), LaneDiagram.REPLY)) {
                return x;
            }
        }
        throw new AssertionError("no reply arrives in panel " + panel);
    }

    /** The same hue, also where the line's edge is blended with the white or grey under it. */
    private static boolean looksLike(Color pixel, Color color) {
        boolean blue = pixel.getBlue() - pixel.getRed() > 50, orange = pixel.getRed() - pixel.getBlue() > 70;
        return color.equals(LaneDiagram.COMMAND) ? blue : orange;
    }
}
