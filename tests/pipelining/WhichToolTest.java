package pipelining;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

/** Isolated: the launch's two times are figures on the page, measured with nothing else of the build running. */
@Isolated
class WhichToolTest {

    /** All but the two times is fixed: the round trips are counted on the wire, the values read from the server. */
    static final Pattern OUTPUT = Pattern.compile(Pattern.quote("""
            Add 100 to incr_key:   round trips incr_key  others in between read, then decide      on Redis Cluster
            a loop of INCR                 100      100  yes               yes, in your code      any keys
            a pipeline of INCR               1      200  yes               no: replies at sync    split by node
            one command: INCRBY              1      300  no                no                     keys in one slot
            MULTI/EXEC of INCR               2      400  no                no: WATCH and retry    keys in one slot
            a Lua script (EVAL)              1      500  no                yes, on the server     keys in one slot

            A pipeline cannot use its own reply: Please close pipeline or multi block before calling this method.
            A script can: with a limit of 500 it left incr_key at 500, with 1000 it made it 501 (2 writes, 2 round trips)
            Two INCR: the replies came after""") + " (\\d\\.\\d{3}) s\n"
            + Pattern.quote("With a BLPOP 0.2 between the INCR: the replies came after") + " (\\d\\.\\d{3}) s\n");

    @Test
    void whichToolAliasPrintsTheTableAndTheTimesThroughTheLauncher() {
        Sections.saveAttribute("which-tool-count", which_tool.N);
        String printed = Sections.section("which-tool").stdout();
        var times = OUTPUT.matcher(printed);
        assertTrue(times.matches(), printed);
        // a lower bound only: the server waits out the timeout before it runs what was queued behind it
        assertTrue(Double.parseDouble(times.group(2)) >= 0.2, printed);
    }
}
