//DEPS redis.clients:jedis:8.0.2
//DEPS com.google.code.gson:gson:2.14.0
package pipelining;

import com.google.gson.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import redis.clients.jedis.RedisClient;

/** The performance comparison's clock: one half timed, and the two ways it is reported. */
record Timing(double seconds, double opsPerSecond, String value, Wire.Tally wire) {

    /**
     * Runs one half from a deleted {@code incr_key}: once cold, or a warm-up then {@code rounds}
     * times, keeping the median. {@code half} returns the final value of the key.
     */
    static Timing measure(RedisClient redis, Wire wire, int count, Integer rounds, String what, Supplier<String> half) {
        int timed = rounds == null ? 1 : rounds;
        double[] seconds = new double[timed];
        String value = null;
        Wire.Tally onTheWire = null;
        for (int round = rounds == null ? 0 : -1; round < timed; round++) {
            redis.del("incr_key");
            Wire.Tally before = wire.tally();
            long start = System.nanoTime();
            value = Progress.whileRunning(what, half);
            if (round >= 0) {
                seconds[round] = (System.nanoTime() - start) / 1e9;
            }
            onTheWire = wire.since(before); // the same in every round
        }
        double median = Median.of(seconds);
        return new Timing(median, count / median, value, onTheWire);
    }

    /** The notebook's blocks, for the halves that ran (null: did not run), each naming the options that shaped it. */
    static String blocks(Timing without, Timing with, Integer rounds, Integer batch, Duration rtt) {
        List<String> settings = new ArrayList<>();
        if (rounds != null) {
            settings.add("median of " + rounds + " after a warm-up");
        }
        if (!rtt.isZero()) {
            settings.add("through a simulated round trip of " + rtt.toNanos() / 1e6 + " ms");
        }
        List<String> pipelineSettings = new ArrayList<>(settings);
        if (batch != null) {
            pipelineSettings.add(String.format(Locale.ROOT, "synced every %,d commands", batch));
        }
        List<String> blocks = new ArrayList<>();
        if (without != null) {
            blocks.add(without.block("Without pipeline", settings));
        }
        if (with != null) {
            blocks.add(with.block("With pipeline", pipelineSettings));
        }
        if (without != null && with != null) {
            blocks.add(String.format(Locale.ROOT, "The pipeline was %.1f times as fast.", without.seconds / with.seconds));
        }
        return String.join("\n\n", blocks);
    }

    /** "{@code fast} was N times as fast as {@code slow}.", from the unrounded times. */
    static String asFast(String fast, Timing fastTiming, String slow, Timing slowTiming) {
        return String.format(Locale.ROOT, "%s was %.1f times as fast as %s.", fast, slowTiming.seconds / fastTiming.seconds, slow);
    }

    /** One half's block, as the notebook prints it: for a section that times more ways than two. */
    String block(String title) {
        return block(title, List.of());
    }

    private String block(String title, List<String> settings) {
        return String.format(Locale.ROOT, "%s%nTime taken: %.3f seconds%s%nIncrement value: %s%nOn the wire: %s", title,
                seconds, settings.isEmpty() ? "" : " (" + String.join("; ", settings) + ")", value, wire);
    }

    /** One JSON object: the settings, the server, each half that ran, and the speedup if both did. */
    static String json(int count, int batch, int rounds, Duration rtt, RedisClient redis, Timing without, Timing with) {
        JsonObject json = new JsonObject();
        json.addProperty("count", count);
        json.addProperty("batch", batch);
        json.addProperty("rounds", rounds);
        json.addProperty("rtt_ms", rtt.toNanos() / 1e6);
        json.addProperty("ping_ms", round(Session.medianPingMillis(redis), 3));
        json.addProperty("server_version", Session.serverVersion(redis));
        if (without != null) {
            json.add("without_pipeline", without.json());
        }
        if (with != null) {
            json.add("with_pipeline", with.json());
        }
        if (without != null && with != null) {
            json.addProperty("speedup", round(without.seconds / with.seconds, 2));
        }
        return json.toString();
    }

    private JsonObject json() {
        JsonObject half = new JsonObject();
        half.addProperty("seconds", round(seconds, 6));
        half.addProperty("ops_per_second", Math.round(opsPerSecond));
        half.addProperty("value", Long.parseLong(value));
        half.addProperty("writes", wire.writes());
        half.addProperty("round_trips", wire.roundTrips());
        return half;
    }

    private static double round(double value, int decimals) {
        double scale = Math.pow(10, decimals);
        return Math.round(value * scale) / scale;
    }
}
