package pipelining;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ChainedCallTest extends OnBothServers {

    @Test
    void chainedCallGivesTheSameRepliesAsExecute() {
        assertEquals("[OK, OK, a value]\n", Sections.stdoutOf(() -> chained_call.chainedCall(session.client)));
        assertEquals("a value", redis.raw.get(onServer("a")));
        assertEquals("b value", redis.raw.get(onServer("b")));
    }

    @Test
    void chainedCallAliasPrintsTheSameThroughTheLauncher() {
        assertEquals("[OK, OK, a value]\n", runAlias("chained-call").stdout());
    }
}
