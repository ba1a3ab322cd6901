package pipelining;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Each workshop exercise: its check fails on the exercise as handed out, and passes on the solution. */
class ExercisesTest {

    @ParameterizedTest
    @ValueSource(strings = {"pipeline_this_loop", "batch_the_import", "safe_transfer"})
    void theCheckFailsOnTheUntouchedExerciseAndPassesOnTheSolution(String exercise) {
        long redisServersBefore = redisServers();
        Sections.Run untouched = Sections.jbang(Map.of(), "check", "exercises/" + exercise + ".java");
        assertEquals(1, untouched.exitCode(), untouched.stdout() + untouched.stderr());
        assertTrue(untouched.stdout().startsWith("✗ " + exercise + ": "), untouched.stdout());

        Sections.Run solved = Sections.jbang(Map.of(), "check", "exercises/solutions/" + exercise + ".java");
        assertEquals(0, solved.exitCode(), solved.stdout() + solved.stderr());
        assertEquals("✓ " + exercise + ": well done\n", solved.stdout());
        assertEquals(redisServersBefore, redisServers(), "a check left its private Redis running");
    }

    private static long redisServers() {
        return ProcessHandle.allProcesses()
                .filter(process -> process.info().command().orElse("").contains("redis")).count(); // Debian: redis-check-rdb
    }
}
