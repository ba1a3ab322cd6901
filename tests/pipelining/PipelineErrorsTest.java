package pipelining;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;

class PipelineErrorsTest extends OnBothServers {

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

    @Test
    void aFailingCommandSurfacesAtItsOwnReplyAndTheOthersStillRun() {
        assertEquals(OUTPUT, Sections.stdoutOf(() -> pipeline_errors.showErrors(session.client)));
        assertEquals("a value", redis.raw.get(onServer("a")), "the failed INCR changed nothing");
        assertEquals("b value", redis.raw.get(onServer("b")));
        assertEquals("2", redis.raw.get(onServer("c")));
        assertFalse(redis.raw.exists(onServer("d")), "EXECABORT ran nothing");
        assertEquals("e value", redis.raw.get(onServer("e")), "close() synced although the block threw");
    }

    @Test
    void pipelineErrorsAliasPrintsTheSameThroughTheLauncher() {
        assertEquals(OUTPUT, runAlias("pipeline-errors").stdout());
    }
}
