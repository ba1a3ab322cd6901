package pipelining;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class TransactionsTest extends OnBothServers {

    /** The replies and the WATCH retry are fixed; the two times are measured, so only their form is. */
    static final Pattern OUTPUT = Pattern.compile(Pattern.quote("""
            Pipeline:    [OK, OK, a value] (1 write, 1 round trip)
            Transaction: [OK, OK, a value] (2 writes, 2 round trips)
            Transaction in a pipeline: [OK, OK, a value] (1 write, 1 round trip)

            Attempt 1: read 100, but balance changed: EXEC aborted
            Attempt 2: read 105, EXEC ran: balance = 115

            100,000 INCR, after a warm-up, median of 3 runs:
            """) + "Pipelined:      \\d+\\.\\d{3} seconds\nOne MULTI/EXEC: \\d+\\.\\d{3} seconds\n");

    @Test
    void bothGiveTheSameRepliesAndWatchRetriesUntilNoOneInterferes() {
        String printed = Sections.stdoutOf(() -> transactions.compare(session.client));
        assertTrue(OUTPUT.matcher(printed).matches(), printed);
        assertEquals("115", redis.raw.get(onServer("balance")), "100 + another client's 5 + our 10");
        assertEquals("100000", redis.raw.get(onServer("incr_key")));
    }

    @Test
    void transactionsAliasPrintsTheSameThroughTheLauncher() {
        String printed = runAlias("transactions").stdout();
        assertTrue(OUTPUT.matcher(printed).matches(), printed);
    }
}
