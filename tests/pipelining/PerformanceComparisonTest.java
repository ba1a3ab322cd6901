package pipelining;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class PerformanceComparisonTest extends OnBothServers {

    /** The notebook's two blocks; the times are measured, so only their form is fixed. */
    static final Pattern OUTPUT = Pattern.compile("""
            Without pipeline
            Time taken: (\\d+\\.\\d{3}) seconds
            Increment value: 100000

            With pipeline
            Time taken: (\\d+\\.\\d{3}) seconds
            Increment value: 100000
            """);

    @Test
    void bothWaysCountTo100000AndReportTheirTime() {
        assertTimesMeasured(Sections.stdoutOf(() -> performance_comparison.comparePerformance(session.client)));
        assertEquals("100000", redis.raw.get(onServer("incr_key")));
    }

    @Test
    void performanceComparisonAliasPrintsBothBlocksThroughTheLauncher() {
        assertTimesMeasured(Sections.alias("performance-comparison", redis).assertSucceeded().stdout());
    }

    private static void assertTimesMeasured(String printed) {
        Matcher blocks = OUTPUT.matcher(printed);
        assertTrue(blocks.matches(), printed);
        assertTrue(Double.parseDouble(blocks.group(1)) > 0, printed);
        assertTrue(Double.parseDouble(blocks.group(2)) > 0, printed);
    }
}
