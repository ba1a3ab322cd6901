package pipelining;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ChainedCallTest {

    static final String OUTPUT = "[OK, OK, a value]\nOn the wire, for the 3 commands: 1 write, 1 round trip\n";

    @ParameterizedTest
    @EnumSource(PrivateRedis.Kind.class)
    void chainedCallGivesTheSameRepliesAsExecute(PrivateRedis.Kind kind) {
        try (Lesson lesson = Lesson.on(kind)) {
            assertEquals(OUTPUT, Sections.stdoutOf(() -> chained_call.chainedCall(lesson.client, lesson.wire)));
            assertEquals("a value", lesson.redis.raw.get(lesson.onServer("a")));
            assertEquals("b value", lesson.redis.raw.get(lesson.onServer("b")));
        }
    }

    @Test
    void chainedCallAliasPrintsTheSameThroughTheLauncher() {
        assertEquals(OUTPUT, Sections.section("chained-call").stdout());
    }
}
