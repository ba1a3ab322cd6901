package pipelining;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** ping in this JVM on both servers; its one launch, from a folder outside the repository, is in LauncherTest. */
class PingTest {

    static final String OUTPUT = "PONG\nOn the wire: 1 write, 1 round trip\n";

    @ParameterizedTest
    @EnumSource(PrivateRedis.Kind.class)
    void pingPrintsPong(PrivateRedis.Kind kind) {
        try (Lesson lesson = Lesson.on(kind)) {
            assertEquals(OUTPUT, Sections.stdoutOf(() -> ping.checkRedisIsRunning(lesson.client, lesson.wire)));
        }
    }
}
