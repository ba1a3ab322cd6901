package pipelining;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

/** Isolated: the PING times are figures on the page, measured with nothing else of the build running. */
@Isolated
class PitfallsTest {

    static final String SPREAD = "median \\d+\\.\\d{3} ms, 99% within \\d+\\.\\d{3} ms, max \\d+\\.\\d{3} ms \\([\\d,]+ PINGs\\)\n";
    static final Pattern OUTPUT = Pattern.compile(Pattern.quote("""
            After 8 pipelines left open, a PING still waits for a connection after 1 s
            Closed them, and the PING got a connection back: PONG
            A reply later than the socket timeout: java.net.SocketTimeoutException: Read timed out
            incr_key = 1: the INCR before it ran, so a retry would run it twice
            Replies the server holds for this pipeline before close(): omem=""") + "\\d+ bytes \\(\\d+\\.\\d MB of the 10 MB of replies\\)\n"
            + Pattern.quote("""
            The server's limit for such a client: client-output-buffer-limit normal 0 0 0
            PING from another connection, idle:""") + " " + SPREAD
            + Pattern.quote("PING while 300,000 pipelined INCR ran: ") + SPREAD
            + Pattern.quote("Meanwhile, the longest pause of this JVM's garbage collector: ") + "\\d+ ms\n");

    @Test
    void pitfallsAliasShowsEachPitfallAndTheServersSideThroughTheLauncher() {
        Sections.saveAttribute("reply-buffer-gets", pitfalls.GETS);
        Sections.saveAttribute("reply-buffer-value-bytes", pitfalls.VALUE_BYTES);
        Sections.saveAttribute("big-pipeline", pitfalls.BIG_PIPELINE);
        Sections.saveAttribute("pool-size", org.apache.commons.pool2.impl.GenericObjectPoolConfig.DEFAULT_MAX_TOTAL);
        String printed = Sections.section("pitfalls").stdout();
        assertTrue(OUTPUT.matcher(printed).matches(), printed);
    }
}
