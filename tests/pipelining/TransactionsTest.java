package pipelining;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Isolated: the launch's two times are figures on the page, measured with nothing else of the build running. */
@Isolated
class TransactionsTest {

    /** The replies and the WATCH retry are fixed; the two times are measured, so only their form is. */
    static Pattern output(int count) {
        return Pattern.compile(Pattern.quote("""
                Pipeline:    [OK, OK, a value] (1 write, 1 round trip)
                Transaction: [OK, OK, a value] (2 writes, 2 round trips)
                Transaction in a pipeline: [OK, OK, a value] (1 write, 1 round trip)

                Attempt 1: read 100, but balance changed: EXEC aborted
                Attempt 2: read 105, EXEC ran: balance = 115

                %s INCR, after a warm-up, median of 3 runs:
                """.formatted(String.format(Locale.ROOT, "%,d", count)))
                + "Pipelined:      \\d+\\.\\d{3} seconds\nOne MULTI/EXEC: \\d+\\.\\d{3} seconds\n");
    }

    @ParameterizedTest
    @EnumSource(PrivateRedis.Kind.class)
    void aPipelineAndATransactionGiveTheSameReplies(PrivateRedis.Kind kind) {
        try (Lesson lesson = Lesson.on(kind)) {
            String printed = Sections.stdoutOf(() -> transactions.compare(lesson.client, lesson.wire, 1_000));
            assertTrue(output(1_000).matcher(printed).matches(), printed);
            assertEquals("1000", lesson.redis.raw.get(lesson.onServer("incr_key")));
        }
    }

    @ParameterizedTest
    @EnumSource(PrivateRedis.Kind.class)
    void watchRetriesUntilNoOneInterferes(PrivateRedis.Kind kind) {
        try (Lesson lesson = Lesson.on(kind)) {
            Sections.stdoutOf(() -> transactions.compare(lesson.client, lesson.wire, 1_000));
            assertEquals("115", lesson.redis.raw.get(lesson.onServer("balance")), "100 + another client's 5 + our 10");
        }
    }

    @Test
    void transactionsAliasPrintsTheSameThroughTheLauncher() {
        Sections.saveAttribute("transactions-count", transactions.COUNT);
        String printed = Sections.section("transactions").stdout();
        assertTrue(output(transactions.COUNT).matcher(printed).matches(), printed);
    }
}
