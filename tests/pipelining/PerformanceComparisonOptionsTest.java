package pipelining;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import redis.clients.jedis.RedisClient;

/** performance-comparison's options, run as a user runs them, on one private server. */
class PerformanceComparisonOptionsTest {

    PrivateRedis redis;

    @BeforeEach
    void startPrivateRedis() {
        redis = PrivateRedis.start(PrivateRedis.Kind.preferred());
    }

    @AfterEach
    void stopPrivateRedis() {
        redis.close();
    }

    Sections.Run performanceComparison(String... options) {
        return Sections.alias("performance-comparison", redis, options);
    }

    @Test
    void batchesKeepTenMillionPipelinedCommandsInA64MiBHeap() {
        Sections.Run batched = Sections.jbang(Map.of("REDIS_URL", redis.url()), "-R-Xmx64m", "performance-comparison",
                "--count", "10000000", "--batch", "10000", "--only", "pipelined").assertSucceeded();
        assertTrue(batched.stdout().contains("Increment value: 10000000\n")
                && batched.stdout().endsWith(" writes, 1,000 round trips\n"), "a round trip per batch: " + batched.stdout());
        // The same heap without batches fails, at under a third of the count: the bound comes from batching.
        Sections.Run unbatched = Sections.jbang(Map.of("REDIS_URL", redis.url()), "-R-Xmx64m", "performance-comparison",
                "--count", "3000000", "--only", "pipelined");
        assertNotEquals(0, unbatched.exitCode());
        assertTrue(unbatched.stderr().contains("OutOfMemoryError"), unbatched.stderr());
    }

    @Test
    void aSimulatedRoundTripIsPaidOncePerCommandWithoutAPipelineAndOncePerBatchWithOne() throws Exception {
        Duration rtt = Duration.ofMillis(2);
        URI server = redis.server.uri;
        try (LatencyProxy proxy = new LatencyProxy(server, rtt);
             Session<RedisClient> session = Session.open(proxy.inFrontOf(server))) {
            performance_comparison run = new performance_comparison();
            run.count = 100;
            run.batch = 25;
            run.json = true;
            JsonObject result = JsonParser.parseString(Sections.stdoutOf(() -> run.comparePerformance(session.client)))
                    .getAsJsonObject();
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

    /** The docs' table: the same comparison on loopback and at two simulated round trips. */
    @Test
    void simulatedRoundTripsForTheDocs() {
        StringBuilder rows = new StringBuilder();
        for (String rtt : List.of("0", "0.2ms", "1ms")) {
            Sections.Run run = performanceComparison("--count", "1000", "--rounds", "3", "--rtt", rtt, "--json")
                    .assertSucceeded();
            JsonObject result = JsonParser.parseString(run.stdout()).getAsJsonObject();
            assertEquals(1000, result.getAsJsonObject("with_pipeline").get("value").getAsInt());
            rows.append(String.format(Locale.ROOT, "| %s | %.3f ms | %,.0f | %,.0f | %,.0f×%n",
                    rtt.equals("0") ? "none (loopback)" : rtt.replace("ms", " ms"), result.get("ping_ms").getAsDouble(),
                    result.getAsJsonObject("without_pipeline").get("ops_per_second").getAsDouble(),
                    result.getAsJsonObject("with_pipeline").get("ops_per_second").getAsDouble(),
                    result.get("speedup").getAsDouble()));
        }
        Sections.saveSnippet("round-trips.adoc", rows.toString());
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
        "--bogus | Unknown option: '--bogus'"})
    void aBadOptionFailsClearlyBeforeAnythingRuns(String option, String message) {
        int[] exitCode = new int[1];
        String told = Sections.stderrOf(() -> exitCode[0] = Options.parseAndRun(new performance_comparison(), option.split(" ")));
        assertEquals(2, exitCode[0], told);
        assertEquals(1, told.lines().count(), told);
        assertTrue(told.startsWith("[tutorial] ") && told.contains(message), told);
    }

    @Test
    void aBadOptionFailsClearlyThroughTheLauncherAndWritesNothing() {
        String line = performanceComparison("--count", "ten").assertFailedClearly(2);
        assertTrue(line.contains("Invalid value for option '--count': 'ten' is not an int (see --help)"), line);
        assertEquals(0, redis.raw.dbSize(), "it wrote to the server");
    }

    @Test
    void helpListsEveryOption() {
        Sections.Run help = performanceComparison("--help");
        assertEquals(0, help.exitCode());
        for (String option : List.of("--count", "--batch", "--rounds", "--rtt", "--only", "--json")) {
            assertTrue(help.stdout().contains(option), option);
        }
    }
}
