package pipelining;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ChainedCallTest extends OnBothServers {

    static final String OUTPUT = "[OK, OK, a value]\nOn the wire, for the 3 commands: 1 write, 1 round trip\n";

    @Test
    void chainedCallGivesTheSameRepliesAsExecute() {
        assertEquals(OUTPUT, Sections.stdoutOf(() -> chained_call.chainedCall(session.client)));
        assertEquals("a value", redis.raw.get(onServer("a")));
        assertEquals("b value", redis.raw.get(onServer("b")));
    }

    @Test
    void chainedCallAliasPrintsTheSameThroughTheLauncher() {
        assertEquals(OUTPUT, runAlias("chained-call").stdout());
    }
}
