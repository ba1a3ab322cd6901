package pipelining;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import redis.clients.jedis.RedisClient;

/** performance-comparison and its options, in this JVM on both servers (its one launch is PerformanceComparisonTest's). */
class PerformanceComparisonOptionsTest {

    @ParameterizedTest
    @EnumSource(PrivateRedis.Kind.class)
    void bothWaysCountToTheCountAndReportTheirTime(PrivateRedis.Kind kind) {
        try (Lesson lesson = Lesson.on(kind)) {
            performance_comparison run = new performance_comparison();
            run.count = 20_000; // the default 100,000 is checked through the launcher, below
            PerformanceComparisonTest.timesMeasured(20_000, Sections.stdoutOf(() -> run.comparePerformance(lesson.client, lesson.wire)));
            assertEquals("20000", lesson.redis.raw.get(lesson.onServer("incr_key")));
            Matcher incr = Pattern.compile("cmdstat_incr:calls=\\d+,usec=\\d+,usec_per_call=([\\d.]+)")
                    .matcher(lesson.redis.raw.info("commandstats"));
            assertTrue(incr.find(), "INFO commandstats");
            double microseconds = Double.parseDouble(incr.group(1));
            assertTrue(microseconds < 5, "a microsecond or so, on a machine busy with the rest of the build: " + incr.group());
        }
    }

    @Test
    void aSimulatedRoundTripIsPaidOncePerCommandWithoutAPipelineAndOncePerBatchWithOne() {
        Duration rtt = Duration.ofMillis(2);
        try (PrivateRedis redis = PrivateRedis.start(PrivateRedis.Kind.preferred());
             LatencyProxy proxy = new LatencyProxy(redis.server.uri, rtt);
             Session<RedisClient> session = Session.open(proxy.inFrontOf(redis.server.uri))) {
            performance_comparison run = new performance_comparison();
            run.count = 100;
            run.batch = 25;
            run.json = true;
            JsonObject result = JsonParser.parseString(Sections.stdoutOf(() -> run.comparePerformance(session.client,
                    session.wire))).getAsJsonObject();
            // Lower bounds only: a slow machine adds time, it cannot take the delay away.
            double unpipelined = result.getAsJsonObject("without_pipeline").get("seconds").getAsDouble();
            double pipelined = result.getAsJsonObject("with_pipeline").get("seconds").getAsDouble();
            assertTrue(unpipelined >= 100 * 0.002 + 0.002, "100 INCR + GET, each a 2 ms round trip: " + unpipelined);
            assertTrue(pipelined >= 4 * 0.002, "4 batches, each a 2 ms round trip: " + pipelined);
            assertEquals(101, result.getAsJsonObject("without_pipeline").get("round_trips").getAsInt());
            assertEquals(4, result.getAsJsonObject("with_pipeline").get("round_trips").getAsInt());
            assertTrue(result.get("ping_ms").getAsDouble() >= 2.0, result.toString());
        }
    }

    @ParameterizedTest
    @EnumSource(PrivateRedis.Kind.class)
    void optionsBatchRepeatAndReportJson(PrivateRedis.Kind kind) {
        try (Lesson lesson = Lesson.on(kind)) {
            performance_comparison run = new performance_comparison();
            run.count = 2_000;
            run.batch = 300;
            run.rounds = 3;
            run.json = true;
            JsonObject result = JsonParser.parseString(Sections.stdoutOf(() -> run.comparePerformance(lesson.client, lesson.wire)))
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
    }

    @ParameterizedTest
    @EnumSource(PrivateRedis.Kind.class)
    void eachBlockNamesTheOptionsThatShapedIt(PrivateRedis.Kind kind) {
        try (Lesson lesson = Lesson.on(kind)) {
            performance_comparison run = new performance_comparison();
            run.count = 200;
            run.batch = 50;
            run.rounds = 2;
            run.rtt = Duration.ofMillis(1); // named in the blocks; the proxy itself is Tutorial.run's, not tested here
            String printed = Sections.stdoutOf(() -> run.comparePerformance(lesson.client, lesson.wire));
            assertTrue(Pattern.compile("Without pipeline\nTime taken: \\d+\\.\\d{3} seconds \\(median of 2 after a"
                    + " warm-up; through a simulated round trip of 1\\.0 ms\\)\n").matcher(printed).find(), printed);
            assertTrue(Pattern.compile("With pipeline\nTime taken: \\d+\\.\\d{3} seconds \\(median of 2 after a"
                    + " warm-up; through a simulated round trip of 1\\.0 ms; synced every 50 commands\\)\n")
                    .matcher(printed).find(), printed);
            assertTrue(printed.contains("On the wire: 4 writes, 4 round trips\n"), "a round trip per batch: " + printed);
        }
    }

    @ParameterizedTest
    @EnumSource(PrivateRedis.Kind.class)
    void onlyOneHalfLeavesTheOtherOutOfTheJson(PrivateRedis.Kind kind) {
        try (Lesson lesson = Lesson.on(kind)) {
            performance_comparison run = new performance_comparison();
            run.count = 500;
            run.only = performance_comparison.Half.pipelined;
            run.json = true;
            JsonObject result = JsonParser.parseString(Sections.stdoutOf(() -> run.comparePerformance(lesson.client, lesson.wire)))
                    .getAsJsonObject();
            assertTrue(result.has("with_pipeline"), result.toString());
            assertFalse(result.has("without_pipeline") || result.has("speedup"), result.toString());
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--count abc | Invalid value for option '--count': 'abc' is not an int",
        "--count 0 | --count must be at least 1, not 0",
        "--batch -5 | --batch must be at least 1, not -5",
        "--rounds 0 | --rounds must be at least 1, not 0",
        "--rtt 1x | '1x' is not a duration: write it like 200us, 0.2ms or 1ms",
        "--rtt 11s | '11s' is longer than 10s",
        "--only both | expected one of [pipelined, unpipelined]",
        "--bogus | Unknown option: '--bogus'",
        "--count ten | Invalid value for option '--count': 'ten' is not an int (see --help)"})
    void aBadOptionFailsClearlyBeforeAnythingRuns(String option, String message) {
        int[] exitCode = new int[1];
        String told = Sections.stderrOf(() -> exitCode[0] = Options.parseAndRun(new performance_comparison(), option.split(" ")));
        assertEquals(2, exitCode[0], told);
        assertEquals(1, told.lines().count(), told);
        assertTrue(told.startsWith("[tutorial] ") && told.contains(message), told);
    }

    @Test
    void helpListsEveryOption() {
        int[] exitCode = new int[1];
        String help = Sections.stdoutOf(() -> exitCode[0] = Options.parseAndRun(new performance_comparison(), "--help"));
        assertEquals(0, exitCode[0]);
        for (String option : List.of("--count", "--batch", "--rounds", "--rtt", "--only", "--json")) {
            assertTrue(help.contains(option), option);
        }
    }
}
