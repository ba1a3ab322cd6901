package pipelining;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * How the checker reads the order in which its private server ran safe_transfer's commands; the end-to-end checks
 * (ExercisesTest) run the exercise and its solution for real.
 */
class TransferTraceTest {

    static final String MARKER = "check-paused-writes-1";
    static final String ALICE = Namespace.ROOT + "0a1b2c3d:alice";
    static final String BOB = Namespace.ROOT + "0a1b2c3d:bob";
    static final int TRANSFERS = TransferTrace.CLIENTS * TransferTrace.TRANSFERS_EACH;

    @Test
    void twoClientsWritingWhatTheyReadDuringThePauseLoseATransfer() {
        List<List<String>> trace = opening();
        trace.add(List.of("ECHO", MARKER));
        for (int client = 0; client < 3; client++) {
            trace.add(List.of("GET", ALICE));
            trace.add(List.of("GET", BOB));
        }
        trace.add(List.of("SET", ALICE, "999"));
        trace.add(List.of("SET", ALICE, "999"));
        assertEquals("a transfer was lost: one write set alice to 999, which it already was (a transfer moves it by 1). A client"
                + " wrote a balance it had read before another client changed it", TransferTrace.problem(timed(trace), MARKER));
    }

    @Test
    void transfersThatNeverReachTheBalancesAreCounted() {
        List<List<String>> trace = opening();
        trace.add(List.of("ECHO", MARKER));
        transfers(trace, TRANSFERS - 7, true);
        assertEquals("only " + (TRANSFERS - 7) + " of the " + TRANSFERS + " transfers reached the balances: when EXEC"
                + " returns null (a watched balance changed), the transfer must be tried again, from the WATCH",
                TransferTrace.problem(timed(trace), MARKER));
    }

    @Test
    void everyTransferInTurnAfterReadsDuringThePauseIsWellDone() {
        List<List<String>> trace = opening();
        trace.add(List.of("ECHO", MARKER));
        transfers(trace, TRANSFERS, true);
        assertNull(TransferTrace.problem(timed(trace), MARKER));
    }

    @Test
    void readsThatCameBeforeThePauseProveNothing() {
        List<List<String>> trace = opening();
        trace.add(List.of("GET", ALICE));
        trace.add(List.of("ECHO", MARKER));
        transfers(trace, TRANSFERS, true);
        assertEquals(TransferTrace.NOT_FORCED, TransferTrace.problem(timed(trace), MARKER));
    }

    @Test
    void fewerThanThreeReadersOfABalanceDuringThePauseProveNothing() {
        List<List<String>> trace = opening();
        trace.add(List.of("ECHO", MARKER));
        for (int client = 0; client < TransferTrace.READERS_WHILE_PAUSED - 2; client++) {
            trace.add(List.of("GET", ALICE));
        }
        transfers(trace, TRANSFERS, false); // its first transfer reads during the pause too

        assertEquals(TransferTrace.NOT_FORCED, TransferTrace.problem(timed(trace), MARKER));
    }

    /** DECRBY and INCRBY read nothing, so there is no read to make stale: nothing to force. */
    @Test
    void transfersThatNeverReadABalanceNeedNoPause() {
        List<List<String>> trace = opening();
        for (int i = 0; i < TRANSFERS; i++) {
            trace.add(List.of("DECRBY", i % 2 == 0 ? ALICE : BOB, "1"));
            trace.add(List.of("INCRBY", i % 2 == 0 ? BOB : ALICE, "1"));
        }
        trace.add(List.of("GET", ALICE)); // the exercise's last line, after the last transfer
        assertNull(TransferTrace.problem(timed(trace), MARKER));
    }

    @Test
    void msetIsAWriteOfBothBalances() {
        List<List<String>> trace = new ArrayList<>();
        trace.add(List.of("MSET", ALICE, "1000", BOB, "1000"));
        trace.add(List.of("ECHO", MARKER));
        trace.add(List.of("MSET", ALICE, "999", BOB, "1001"));
        trace.add(List.of("MSET", ALICE, "999", BOB, "1001"));
        assertEquals("a transfer was lost: one write set alice to 999, which it already was (a transfer moves it by 1). A client"
                + " wrote a balance it had read before another client changed it", TransferTrace.problem(timed(trace), MARKER));
    }

    /** A script's reads and writes run together: no pause can come between them, and no read of theirs counts. */
    @Test
    void transfersInAScriptNeedNoPause() {
        List<ServerMonitor.Command> trace = new ArrayList<>(timed(opening()));
        trace.add(new ServerMonitor.Command(1_000_001.0, "127.0.0.1:50001", List.of("ECHO", MARKER)));
        long alice = 1000;
        for (int i = 0; i < TRANSFERS; i++) {
            long by = i % 2 == 0 ? -1 : 1;
            trace.add(new ServerMonitor.Command(1_000_002.0 + i, "127.0.0.1:50001", List.of("EVALSHA", "0123", "2", ALICE, BOB)));
            trace.add(new ServerMonitor.Command(1_000_002.0 + i, "lua", List.of("GET", ALICE)));
            trace.add(new ServerMonitor.Command(1_000_002.0 + i, "lua", List.of("GET", BOB)));
            trace.add(new ServerMonitor.Command(1_000_002.0 + i, "lua", List.of("SET", ALICE, String.valueOf(alice += by))));
            trace.add(new ServerMonitor.Command(1_000_002.0 + i, "lua", List.of("SET", BOB, String.valueOf(2000 - alice))));
        }
        assertNull(TransferTrace.problem(trace, MARKER));
    }

    /** Reads after the pause has run out, before any write, were not held back: they prove nothing. */
    @Test
    void readsAfterThePauseRanOutDoNotCount() {
        List<List<String>> trace = opening();
        trace.add(List.of("ECHO", MARKER));
        List<ServerMonitor.Command> timed = new ArrayList<>(timed(trace));
        double late = timed.get(timed.size() - 1).seconds() + TransferTrace.PAUSE.toMillis() / 1000.0 + 0.1;
        List<List<String>> after = new ArrayList<>();
        transfers(after, TRANSFERS, true);
        for (List<String> command : after) {
            timed.add(new ServerMonitor.Command(late, "127.0.0.1:50001", command));
        }
        assertEquals(TransferTrace.NOT_FORCED, TransferTrace.problem(timed, MARKER));
    }

    @Test
    void onlyRedis62To70PausesWritesAndShowsWhatWaited() {
        assertEquals(List.of(false, true, true, true, false, false, false),
                List.of("6.0.16", "6.2.6", "7.0.0", "7.0.15", "7.2.5", "8.0.2", "").stream()
                        .map(TransferTrace::supports).toList());
    }

    /** Each command a millisecond after the one before, from one client. */
    private static List<ServerMonitor.Command> timed(List<List<String>> trace) {
        List<ServerMonitor.Command> timed = new ArrayList<>();
        for (int i = 0; i < trace.size(); i++) {
            timed.add(new ServerMonitor.Command(1_000_000 + i / 1000.0, "127.0.0.1:50001", trace.get(i)));
        }
        return timed;
    }

    private static List<List<String>> opening() {
        List<List<String>> trace = new ArrayList<>();
        trace.add(List.of("SET", ALICE, "1000"));
        trace.add(List.of("SET", BOB, "1000"));
        return trace;
    }

    /** {@code count} transfers one after the other, alternating ways, each reading both balances first. */
    private static void transfers(List<List<String>> trace, int count, boolean threeReadersFirst) {
        if (threeReadersFirst) {
            for (int client = 0; client < TransferTrace.READERS_WHILE_PAUSED; client++) {
                trace.add(List.of("WATCH", ALICE, BOB));
                trace.add(List.of("GET", ALICE));
                trace.add(List.of("GET", BOB));
            }
        }
        long alice = 1000;
        long bob = 1000;
        for (int i = 0; i < count; i++) {
            long by = i % 2 == 0 ? -1 : 1;
            trace.add(List.of("GET", ALICE));
            trace.add(List.of("GET", BOB));
            trace.add(List.of("SET", ALICE, String.valueOf(alice += by)));
            trace.add(List.of("SET", BOB, String.valueOf(bob -= by)));
        }
    }
}
