package pipelining;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class PipelineErrorsTest {

    static final String OUTPUT = """
            Pipeline replies: [OK, (error) ERR value is not an integer or out of range, b value]
            incrA.get() throws: ERR value is not an integer or out of range
            The others were applied: b = b value

            MULTI/EXEC with a runtime error: [OK, (error) ERR value is not an integer or out of range, 2]
            No rollback: c = 2

            MULTI/EXEC with a queueing error: EXECABORT Transaction discarded because of previous errors.
            Nothing ran: d exists = false

            get() before sync: Please close pipeline or multi block before calling this method.

            The block threw (our own code failed); on the wire: 1 write, 1 round trip
            So SET e ran: e = e value
            """;

    @ParameterizedTest
    @EnumSource(PrivateRedis.Kind.class)
    void aFailingCommandSurfacesAtItsOwnReplyAndTheOthersStillRun(PrivateRedis.Kind kind) {
        try (Lesson lesson = Lesson.on(kind)) {
            assertEquals(OUTPUT, Sections.stdoutOf(() -> pipeline_errors.showErrors(lesson.client, lesson.wire)));
            var raw = lesson.redis.raw;
            assertEquals("a value", raw.get(lesson.onServer("a")), "the failed INCR changed nothing");
            assertEquals("b value", raw.get(lesson.onServer("b")));
            assertEquals("2", raw.get(lesson.onServer("c")));
            assertFalse(raw.exists(lesson.onServer("d")), "EXECABORT ran nothing");
            assertEquals("e value", raw.get(lesson.onServer("e")), "close() synced although the block threw");
        }
    }

    @Test
    void pipelineErrorsAliasPrintsTheSameThroughTheLauncher() {
        assertEquals(OUTPUT, Sections.section("pipeline-errors").stdout());
    }
}
