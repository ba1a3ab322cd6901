package pipelining;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class PingTest extends OnBothServers {

    @Test
    void pingPrintsPong() {
        assertEquals("PONG\n", Sections.stdoutOf(() -> ping.checkRedisIsRunning(session.client)));
    }

    @Test
    void pingAliasPrintsPongThroughTheLauncher() {
        assertEquals("PONG\n", runAlias("ping").stdout());
    }
}
