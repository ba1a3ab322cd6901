package pipelining;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class PingTest {

    static final String OUTPUT = "PONG\nOn the wire: 1 write, 1 round trip\n";

    @ParameterizedTest
    @EnumSource(PrivateRedis.Kind.class)
    void pingPrintsPong(PrivateRedis.Kind kind) {
        try (Lesson lesson = Lesson.on(kind)) {
            assertEquals(OUTPUT, Sections.stdoutOf(() -> ping.checkRedisIsRunning(lesson.client, lesson.wire)));
        }
    }

    /**
     * The first thing a new user runs, on a machine with no Redis of theirs, and from wherever they are:
     * the script starts a private server on a free port and stops it when it ends.
     */
    @Test
    void pingAliasStartsAPrivateServerFromAnyFolderAndStopsItWhenTheScriptEnds(@TempDir Path elsewhere) {
        PrivateRedis.Kind kind = PrivateRedis.Kind.preferred();
        Sections.Run run = Sections.jbangIn(elsewhere, Map.of("TUTORIAL_REDIS", kind.choice), "ping").assertSucceeded();
        assertEquals(OUTPUT, run.stdout());
        Sections.saveSnippet("ping.txt", run.stdout());
        Matcher used = Pattern.compile("\\[tutorial] Using Redis (\\S+) at redis://127\\.0\\.0\\.1:(\\d+) \\((.*)\\)")
                .matcher(run.stderr());
        assertTrue(used.find(), run.stderr());
        assertTrue(used.group(3).contains(kind == PrivateRedis.Kind.EMBEDDED ? "embedded" : "redis-server"), used.group(3));
        assertTrue(used.group(3).endsWith("stopped when this script ends"), used.group(3));
        assertFalse(Ports.listening(Integer.parseInt(used.group(2))), "the server it started still listens");
    }
}
