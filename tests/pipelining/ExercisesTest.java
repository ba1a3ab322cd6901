package pipelining;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Each workshop exercise: its check fails on the exercise as handed out, and passes on the solution. */
class ExercisesTest {

    @ParameterizedTest
    @ValueSource(strings = {"pipeline_this_loop", "batch_the_import", "safe_transfer"})
    void theCheckFailsOnTheUntouchedExerciseAndPassesOnTheSolution(String exercise) {
        Sections.Run untouched = Sections.jbang(Map.of(), "check", "exercises/" + exercise + ".java");
        assertEquals(1, untouched.exitCode(), untouched.stdout() + untouched.stderr());
        assertTrue(untouched.stdout().startsWith("✗ " + exercise + ": "), untouched.stdout());

        Sections.Run solved = Sections.jbang(Map.of(), "check", "exercises/solutions/" + exercise + ".java");
        assertEquals(0, solved.exitCode(), solved.stdout() + solved.stderr());
        assertEquals("✓ " + exercise + ": well done\n", solved.stdout());
        for (Sections.Run check : List.of(untouched, solved)) {
            Matcher server = Pattern.compile("Checking against a private Redis at redis://127\\.0\\.0\\.1:(\\d+)")
                    .matcher(check.stderr());
            assertTrue(server.find(), check.stderr());
            assertFalse(Sections.listening(Integer.parseInt(server.group(1))), "a check left its private Redis running");
        }
    }
}
