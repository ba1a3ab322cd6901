package pipelining;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ExecuteTest extends OnBothServers {

    static final String OUTPUT = """
            [OK, OK, a value]
            set a "a value" -> OK
            set b "b value" -> OK
            get a           -> a value
            On the wire, for the 3 commands: 1 write, 1 round trip
            """;

    @Test
    void executeReturnsRepliesInCommandOrder() {
        assertEquals(OUTPUT, Sections.stdoutOf(() -> execute.executePipeline(session.client)));
        assertEquals("a value", redis.raw.get(onServer("a")));
        assertEquals("b value", redis.raw.get(onServer("b")));
    }

    @Test
    void executeAliasPrintsTheSameThroughTheLauncher() {
        assertEquals(OUTPUT, runAlias("execute").stdout());
    }
}
