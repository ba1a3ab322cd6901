package pipelining;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ExecuteTest {

    static final String OUTPUT = """
            [OK, OK, a value]
            set a "a value" -> OK
            set b "b value" -> OK
            get a           -> a value
            On the wire, for the 3 commands: 1 write, 1 round trip
            """;

    @ParameterizedTest
    @EnumSource(PrivateRedis.Kind.class)
    void executeReturnsRepliesInCommandOrder(PrivateRedis.Kind kind) {
        try (Lesson lesson = Lesson.on(kind)) {
            assertEquals(OUTPUT, Sections.stdoutOf(() -> execute.executePipeline(lesson.client, lesson.wire)));
            assertEquals("a value", lesson.redis.raw.get(lesson.onServer("a")));
            assertEquals("b value", lesson.redis.raw.get(lesson.onServer("b")));
        }
    }

    @Test
    void executeAliasPrintsTheSameThroughTheLauncher() {
        assertEquals(OUTPUT, Sections.section("execute").stdout());
    }
}
