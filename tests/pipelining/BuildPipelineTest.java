package pipelining;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class BuildPipelineTest extends OnBothServers {

    /** Three small commands wait in the buffer; of 1,000 INCR most went out with full buffers: how many, the run says. */
    static final Pattern OUTPUT = Pattern.compile(Pattern.quote("""
            Queued: set a, set b, get a
            Key a on the server: false
            Reply to get a: none yet (Please close pipeline or multi block before calling this method.)
            After close(), key a on the server: true
            After close(), reply to get a: a value

            Queued 1000 INCR, no sync yet: the server has run\s""") + "(\\d+)" + Pattern.quote("""
             of them
            Reply to the first INCR: none read yet
            After close(): incr_key = 1000
            """));

    @Test
    void smallCommandsWaitInTheBufferAndAFullBufferGoesOutBeforeTheSync() {
        assertOutput(Sections.stdoutOf(() -> build_pipeline.buildPipeline(session.client)));
        assertEquals("a value", redis.raw.get(onServer("a")));
        assertEquals("b value", redis.raw.get(onServer("b")));
        assertEquals("1000", redis.raw.get(onServer("incr_key")));
    }

    @Test
    void buildPipelineAliasPrintsTheSameThroughTheLauncher() {
        assertOutput(runAlias("build-pipeline").stdout());
    }

    private static void assertOutput(String printed) {
        Matcher output = OUTPUT.matcher(printed);
        assertTrue(output.matches(), printed);
        int ranBeforeTheSync = Integer.parseInt(output.group(1));
        assertTrue(ranBeforeTheSync > 500 && ranBeforeTheSync < 1000, printed);
    }
}
