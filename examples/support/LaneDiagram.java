package pipelining;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.DoubleStream;
import javax.imageio.ImageIO;

/**
 * The picture every explanation of pipelining draws: a client lane and a Redis lane, time running left
 * to right, a line for each command on its way over and for each reply on its way back. Each pair of
 * lanes is one recording; all pairs share one time axis, so a run that took longer is a longer picture.
 */
final class LaneDiagram {

    /** Drawn at twice the size it is shown at, 760 px, like the other pictures. */
    static final int SCALE = 2, WIDTH = 760;
    private static final int LEFT = 64, RIGHT = 18, TOP = 62, PANEL = 98, LANE_GAP = 48;
    static final Color COMMAND = new Color(31, 119, 180), REPLY = new Color(222, 108, 0);
    private static final BasicStroke THIN = new BasicStroke(1f), LINE = new BasicStroke(1.5f, BasicStroke.CAP_ROUND,
            BasicStroke.JOIN_ROUND);

    /**
     * One recording at both ends, on one clock: the client's socket calls ({@link Wire#record}, in nanos
     * since it started, at about {@code start}, a System.nanoTime()) and the chunks at Redis' side of the proxy.
     */
    record Lanes(long start, List<Wire.Event> atClient, List<LatencyProxy.AtRedis> atRedis) {
    }

    /** One line from lane to lane, in milliseconds since the recording started. */
    record Crossing(boolean toRedis, double leftMillis, double arrivedMillis) {
    }

    private LaneDiagram() {
    }

    /**
     * A line for each write, from the write to when its last byte reached Redis, and one for each read,
     * from when the last byte it read left Redis to the read. Bytes are matched by their place in the
     * stream, so it does not matter if the proxy passed on two writes as one chunk, or a reply in pieces.
     */
    static List<Crossing> crossings(Lanes lanes) {
        long written = lanes.atClient.stream().filter(Wire.Event::write).mapToLong(Wire.Event::bytes).sum();
        Collection<List<LatencyProxy.AtRedis>> connections = lanes.atRedis.stream()
                .collect(Collectors.groupingBy(LatencyProxy.AtRedis::connection)).values();
        List<LatencyProxy.AtRedis> ours = connections.stream() // the client's, not the plumbing's heartbeat
                .filter(chunks -> bytes(chunks, true) == written).findFirst()
                .orElseThrow(() -> new IllegalStateException("no connection carried the " + written + " bytes"));
        List<Crossing> crossings = new ArrayList<>();
        for (boolean toRedis : new boolean[] {true, false}) {
            List<LatencyProxy.AtRedis> chunks = ours.stream().filter(chunk -> chunk.toRedis() == toRedis).toList();
            long bytes = 0;
            for (Wire.Event event : lanes.atClient.stream().filter(event -> event.write() == toRedis).toList()) {
                bytes += event.bytes();
                double atClient = event.nanos() / 1e6, atRedis = (lastByteAt(chunks, bytes) - lanes.start) / 1e6;
                crossings.add(toRedis ? new Crossing(true, atClient, atRedis) : new Crossing(false, atRedis, atClient));
            }
        }
        return crossings;
    }

    private static long bytes(List<LatencyProxy.AtRedis> chunks, boolean toRedis) {
        return chunks.stream().filter(chunk -> chunk.toRedis() == toRedis)
                .mapToLong(LatencyProxy.AtRedis::bytes).sum();
    }

    /** When the proxy wrote or read the chunk that holds byte number {@code end} of the stream. */
    private static long lastByteAt(List<LatencyProxy.AtRedis> chunks, long end) {
        long bytes = 0;
        for (LatencyProxy.AtRedis chunk : chunks) {
            bytes += chunk.bytes();
            if (bytes >= end) {
                return chunk.nanos();
            }
        }
        throw new IllegalStateException("the proxy passed on " + bytes + " bytes, the client had " + end);
    }

    /** Where, in the image's pixels, panel {@code panel}'s client lane is; its Redis lane; time zero; the bottom. */
    static int clientRow(int panel) {
        return SCALE * (TOP + panel * PANEL + 18);
    }

    static int redisRow(int panel) {
        return clientRow(panel) + SCALE * LANE_GAP;
    }

    static int zeroColumn() {
        return SCALE * LEFT;
    }

    static int height(int panels) {
        return SCALE * (TOP + panels * PANEL + 40);
    }

    /** Draws the panels one under the other, each headed by its heading, and writes them to a PNG. */
    static void write(Path file, String title, List<String> headings, List<Lanes> panels) throws IOException {
        List<List<Crossing>> lines = panels.stream().map(LaneDiagram::crossings).toList();
        double last = lines.stream().flatMap(List::stream).mapToDouble(Crossing::arrivedMillis).max().orElse(1);
        double perMilli = (WIDTH - LEFT - RIGHT) / (last * 1.03);
        BufferedImage image = new BufferedImage(SCALE * WIDTH, height(panels.size()), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        g.scale(SCALE, SCALE);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, WIDTH, image.getHeight() / SCALE);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        g.drawString(title, LEFT, 24);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        legend(g, COMMAND, "a command on its way to Redis", LEFT);
        legend(g, REPLY, "a reply on its way back", LEFT + 220);
        timeAxis(g, TOP + panels.size() * PANEL, last * 1.03, perMilli);
        for (int panel = 0; panel < panels.size(); panel++) {
            float client = clientRow(panel) / (float) SCALE, redis = redisRow(panel) / (float) SCALE;
            Rectangle2D heading = g.getFontMetrics().getStringBounds(headings.get(panel), g);
            g.setColor(Color.WHITE); // over the grid
            g.fill(new Rectangle2D.Double(LEFT - 2, client - 5 - heading.getHeight(), heading.getWidth() + 4,
                    heading.getHeight()));
            g.setColor(Color.BLACK);
            g.drawString(headings.get(panel), LEFT, client - 8);
            g.setStroke(THIN);
            for (float lane : new float[] {client, redis}) {
                g.setColor(Color.GRAY);
                g.draw(new Line2D.Float(LEFT, lane, WIDTH - RIGHT, lane));
                String name = lane == client ? "client" : "Redis";
                g.setColor(Color.DARK_GRAY);
                g.drawString(name, LEFT - 10 - g.getFontMetrics().stringWidth(name), lane + 4);
            }
            for (Crossing line : lines.get(panel)) {
                g.setColor(line.toRedis ? COMMAND : REPLY);
                arrow(g, (float) (LEFT + line.leftMillis * perMilli), line.toRedis ? client : redis,
                        (float) (LEFT + line.arrivedMillis * perMilli), line.toRedis ? redis : client);
            }
        }
        g.dispose();
        ImageIO.write(image, "png", file.toFile());
    }

    /** In milliseconds: at most 12 labelled ticks, 1, 2 or 5 times a power of ten apart, each with a grid line. */
    private static void timeAxis(Graphics2D g, int y, double end, double perMilli) {
        double power = Math.pow(10, Math.floor(Math.log10(end / 12)));
        double step = DoubleStream.of(1, 2, 5, 10).map(times -> times * power).filter(s -> end / s <= 12)
                .findFirst().orElseThrow();
        g.setStroke(THIN);
        g.setColor(Color.DARK_GRAY);
        g.draw(new Line2D.Float(LEFT, y, WIDTH - RIGHT, y));
        for (int i = 0; i * step / 5 <= end; i++) {
            float x = (float) (LEFT + i * step / 5 * perMilli);
            if (i % 5 == 0) {
                g.setColor(new Color(230, 230, 230));
                g.draw(new Line2D.Float(x, TOP, x, y));
                String label = String.format(Locale.ROOT, "%.3f", i * step / 5).replaceAll("\\.?0+$", "");
                g.setColor(Color.DARK_GRAY);
                g.drawString(label, x - g.getFontMetrics().stringWidth(label) / 2f, y + 18);
            }
            g.draw(new Line2D.Float(x, y, x, y + (i % 5 == 0 ? 5 : 3)));
        }
        g.drawString("milliseconds since the recording started", LEFT, y + 34);
    }

    private static void legend(Graphics2D g, Color color, String text, int x) {
        g.setColor(color);
        arrow(g, x, 36, x + 14, 45);
        g.setColor(Color.DARK_GRAY);
        g.drawString(text, x + 22, 44);
    }

    /** A line with a small head where it arrives. */
    private static void arrow(Graphics2D g, float x1, float y1, float x2, float y2) {
        g.setStroke(LINE);
        g.draw(new Line2D.Float(x1, y1, x2, y2));
        double angle = Math.atan2(y2 - y1, x2 - x1), size = 6, spread = 0.4;
        Path2D head = new Path2D.Double();
        head.moveTo(x2, y2);
        head.lineTo(x2 - size * Math.cos(angle - spread), y2 - size * Math.sin(angle - spread));
        head.lineTo(x2 - size * Math.cos(angle + spread), y2 - size * Math.sin(angle + spread));
        head.closePath();
        g.fill(head);
    }
}
