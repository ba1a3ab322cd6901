package pipelining;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class BuildPipelineTest {

    /** What the first part prints, the part the notebook has too: three commands queued, none sent until close(). */
    static final String THREE_QUEUED = """
            Queued: set a, set b, get a. On the wire so far: 0 writes, 0 round trips
            Key a on the server: false
            Reply to get a: none yet (Please close pipeline or multi block before calling this method.)
            After close(), key a on the server: true
            After close(), reply to get a: a value
            """;

    /**
     * Three small commands wait in the buffer: nothing written. Of 1,000 INCR most went out, in full
     * 8 KiB buffers, with no reply read: how many writes and commands, the run says.
     */
    static final Pattern OUTPUT = Pattern.compile(Pattern.quote(THREE_QUEUED + """

            Queued 1000 INCR, no sync yet. On the wire so far:\s""") + "(\\d+)" + Pattern.quote("""
             writes, 0 round trips, 0 bytes of replies read
            The server has already run\s""") + "(\\d+)" + Pattern.quote("""
             of them
            After close(): incr_key = 1000
            """));

    @ParameterizedTest
    @EnumSource(PrivateRedis.Kind.class)
    void smallCommandsWaitInTheBufferAndAFullBufferGoesOutBeforeTheSync(PrivateRedis.Kind kind) {
        try (Lesson lesson = Lesson.on(kind)) {
            assertOutput(Sections.stdoutOf(() -> build_pipeline.buildPipeline(lesson.client, lesson.wire)));
            assertEquals("a value", lesson.redis.raw.get(lesson.onServer("a")));
            assertEquals("b value", lesson.redis.raw.get(lesson.onServer("b")));
            assertEquals("1000", lesson.redis.raw.get(lesson.onServer("incr_key")));
        }
    }

    @Test
    void buildPipelineAliasPrintsTheSameThroughTheLauncher() {
        Sections.saveAttribute("queued-incr", build_pipeline.QUEUED);
        assertOutput(Sections.section("build-pipeline").stdout());
    }

    private static void assertOutput(String printed) {
        Matcher output = OUTPUT.matcher(printed);
        assertTrue(output.matches(), printed);
        int fullBuffersWritten = Integer.parseInt(output.group(1));
        int ranBeforeTheSync = Integer.parseInt(output.group(2));
        assertTrue(fullBuffersWritten >= 5 && fullBuffersWritten <= 8, "1,000 INCR of about 57 bytes in 8 KiB writes: "
                + printed);
        assertTrue(ranBeforeTheSync > 500 && ranBeforeTheSync < 1000, printed);
    }
}
