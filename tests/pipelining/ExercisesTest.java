package pipelining;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each workshop exercise: its check fails on the exercise as handed out (checked from inside
 * exercises/, as ../jbang check), and passes on the solution, in solutions/ and copied over the exercise.
 */
class ExercisesTest {

    static final Path EXERCISES = Path.of("exercises");

    @ParameterizedTest
    @ValueSource(strings = {"pipeline_this_loop", "batch_the_import", "safe_transfer"})
    void theCheckFailsOnTheUntouchedExerciseAndPassesOnTheSolutionInPlaceAndCopiedOverIt(String exercise)
            throws IOException {
        Sections.Run untouched = Sections.jbangIn(EXERCISES, Map.of(), "check", exercise + ".java");
        assertEquals(1, untouched.exitCode(), untouched.stdout() + untouched.stderr());
        assertTrue(untouched.stdout().startsWith("✗ " + exercise + ": "), untouched.stdout());

        Sections.Run solved = Sections.jbang(Map.of(), "check", "solutions/" + exercise + ".java");
        Path copied = copyOfTheExercises("copied-over-" + exercise);
        Files.copy(Path.of("solutions", exercise + ".java"), copied.resolve(exercise + ".java"),
                StandardCopyOption.REPLACE_EXISTING);
        Sections.Run solvedCopy = Sections.jbang(Map.of(), "check", copied.resolve(exercise + ".java").toString());
        for (Sections.Run check : List.of(untouched, solved, solvedCopy)) {
            Matcher server = Pattern.compile("Checking against a private Redis at redis://127\\.0\\.0\\.1:(\\d+)")
                    .matcher(check.stderr());
            assertTrue(server.find(), check.stderr());
            assertFalse(Sections.listening(Integer.parseInt(server.group(1))), "a check left its private Redis running");
        }
        for (Sections.Run check : List.of(solved, solvedCopy)) {
            assertEquals(0, check.exitCode(), check.stdout() + check.stderr());
            assertEquals("✓ " + exercise + ": well done\n", check.stdout());
        }
    }

    @Test
    void anExerciseThatDoesNotCompileGetsTheCompilersFirstMessage() throws IOException {
        Path copied = copyOfTheExercises("broken");
        Path broken = copied.resolve("pipeline_this_loop.java");
        Files.writeString(broken, Files.readString(EXERCISES.resolve("pipeline_this_loop.java"))
                .replace("redis.set(", "redis.sett("));
        Sections.Run check = Sections.jbang(Map.of(), "check", broken.toString());
        assertEquals(1, check.exitCode(), check.stdout() + check.stderr());
        assertTrue(check.stdout().startsWith("✗ pipeline_this_loop: it did not build: pipeline_this_loop.java:"),
                check.stdout());
        assertTrue(check.stdout().contains(": error: cannot find symbol"), check.stdout());
    }

    @Test
    void aMisnamedExerciseGetsOneLineFromInsideExercisesToo() {
        String line = Sections.jbangIn(EXERCISES, Map.of(), "check", "pipeline_this_lop.java").assertFailedClearly(2);
        assertTrue(line.contains("Name the exercise file") && line.contains("pipeline_this_lop.java"), line);
    }

    /**
     * A folder beside a copy of examples/support/, as exercises/ is beside examples/, so a script
     * copied there finds the plumbing the way it would in exercises/.
     */
    private static Path copyOfTheExercises(String name) throws IOException {
        Path root = Path.of("target", name);
        Path support = root.resolve("examples").resolve("support");
        Files.createDirectories(support);
        try (Stream<Path> files = Files.list(Path.of("examples", "support"))) {
            for (Path file : files.toList()) {
                Files.copy(file, support.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Path exercises = root.resolve("exercises");
        Files.createDirectories(exercises);
        return exercises;
    }
}
