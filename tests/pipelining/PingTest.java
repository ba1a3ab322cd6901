package pipelining;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class PingTest extends OnBothServers {

    static final String OUTPUT = "PONG\nOn the wire: 1 write, 1 round trip\n";

    @Test
    void pingPrintsPong() {
        assertEquals(OUTPUT, Sections.stdoutOf(() -> ping.checkRedisIsRunning(session.client)));
    }

    @Test
    void pingAliasPrintsPongThroughTheLauncher() {
        assertEquals(OUTPUT, runAlias("ping").stdout());
    }
}
