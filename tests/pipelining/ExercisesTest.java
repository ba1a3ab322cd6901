package pipelining;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each workshop exercise: its check fails on the exercise as handed out and passes on the solution.
 * One check runs as an attendee runs it, from inside exercises/ as ../jbang check; the others call the
 * checker in this JVM, which still runs each exercise through ./jbang, as the attendee would.
 */
@Order(1) // among the longest: started first, so the others fill the cores around it
class ExercisesTest {

    static final Path EXERCISES = Path.of("exercises");
    static final Pattern PRIVATE_REDIS = Pattern.compile("Checking against a private Redis at redis://127\\.0\\.0\\.1:(\\d+)");

    @Test
    void theCheckRunFromInsideExercisesFailsOnTheUntouchedExerciseAndStopsItsRedis() {
        Sections.Run untouched = Sections.jbangIn(EXERCISES, Map.of(), "check", "pipeline_this_loop.java");
        assertEquals(1, untouched.exitCode(), untouched.stdout() + untouched.stderr());
        assertTrue(untouched.stdout().startsWith("✗ pipeline_this_loop: the client sent "), untouched.stdout());
        assertStoppedItsRedis(untouched.stderr());
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "batch_the_import ; it ran out of memory in a 48 MiB heap",
        "safe_transfer ; (set \\w+ to (999|1001), which it already was|took \\w+ from (999|1001) to (999|1001))"}) // from the paused state
    void theCheckFailsOnTheUntouchedExercise(String exercise, String why) throws Exception {
        Sections.saveAttribute("import-heap-mib", check.IMPORT_HEAP_MIB); // the workshop page's figures, from the code
        Sections.saveAttribute("import-rows", number("batch_the_import", "static final int COUNT = ([\\d_]+);"));
        Sections.saveAttribute("import-keys", number("batch_the_import", "i % ([\\d_]+),"));
        Sections.saveAttribute("import-sync-every", number("batch_the_import", "TODO: every ([\\d,]+) commands"));
        Sections.saveAttribute("loop-sets", number("pipeline_this_loop", "i < ([\\d_]+);"));
        Sections.saveAttribute("close-batches", number("close_the_pipelines", "batch < ([\\d_]+);"));
        Sections.saveAttribute("transfer-clients", TransferTrace.CLIENTS);
        Checked untouched = check(EXERCISES.resolve(exercise + ".java"));
        assertTrue(untouched.verdict().startsWith("✗ " + exercise + ": ") && Pattern.compile(why).matcher(untouched.verdict())
                .find(),
                untouched.verdict());
        assertStoppedItsRedis(untouched.told());
    }

    @ParameterizedTest
    @ValueSource(strings = {"pipeline_this_loop", "batch_the_import", "safe_transfer", "close_the_pipelines"})
    void theCheckPassesOnTheSolution(String exercise) throws Exception {
        Checked solved = check(Path.of("solutions", exercise + ".java"));
        assertEquals("✓ " + exercise + ": well done", solved.verdict(), solved.told());
        assertStoppedItsRedis(solved.told());
    }

    /** The first number in an exercise's source that {@code regex}'s group finds. */
    static int number(String exercise, String regex) throws IOException {
        Matcher found = Pattern.compile(regex).matcher(Files.readString(EXERCISES.resolve(exercise + ".java")));
        assertTrue(found.find(), exercise + " has no " + regex);
        return Integer.parseInt(found.group(1).replaceAll("[_,]", ""));
    }

    /** A solution copied over its exercise builds and runs as it does in solutions/: the same folder depth, the same header. */
    @ParameterizedTest
    @ValueSource(strings = {"pipeline_this_loop", "batch_the_import", "safe_transfer", "close_the_pipelines"})
    void aSolutionHasItsExercisesHeaderSoItWorksCopiedOverIt(String exercise) throws IOException {
        for (String directive : List.of("JAVA", "COMPILE_OPTIONS", "DEPS", "SOURCES")) {
            assertEquals(CatalogTest.directives(EXERCISES.resolve(exercise + ".java"), directive),
                    CatalogTest.directives(Path.of("solutions", exercise + ".java"), directive), directive);
        }
    }

    /** The checker counts the transfers the exercise makes: its clients and their transfers are the checker's. */
    @Test
    void theCheckerKnowsHowManyTransfersTheExerciseMakes() throws IOException {
        for (Path script : List.of(EXERCISES.resolve("safe_transfer.java"), Path.of("solutions", "safe_transfer.java"))) {
            String source = Files.readString(script);
            assertTrue(source.contains("newFixedThreadPool(" + TransferTrace.CLIENTS + ")")
                    && source.contains("client < " + TransferTrace.CLIENTS + ";")
                    && source.contains("i < " + TransferTrace.TRANSFERS_EACH + ";")
                    && source.contains(", " + TransferTrace.AMOUNT + ");"), script.toString());
        }
    }

    @Test
    void anExerciseThatDoesNotCompileGetsTheCompilersFirstMessage() throws Exception {
        Path broken = copyOfTheExercises("broken").resolve("pipeline_this_loop.java");
        Files.writeString(broken, Files.readString(EXERCISES.resolve("pipeline_this_loop.java"))
                .replace("redis.set(", "redis.sett("));
        String verdict = check(broken).verdict();
        assertTrue(verdict.startsWith("✗ pipeline_this_loop: it did not build: pipeline_this_loop.java:"), verdict);
        assertTrue(verdict.contains(": error: cannot find symbol (symbol: method sett("), verdict);
    }

    /** An untouched import stops once its eight pipelines hold the pool's connections: the check stops it, and says why. */
    @Test
    void theUntouchedImportIsStoppedOnceItWaitsAndTheVerdictSaysWhere() throws Exception {
        Checked untouched = check(EXERCISES.resolve("close_the_pipelines.java"));
        assertEquals("✗ close_the_pipelines: it stopped after batch 7 sent and waited: each redis.pipelined() keeps one"
                + " of the pool's 8 connections until it is closed, and a sync() does not give it back. Open each batch's"
                + " pipeline in try (Pipeline pipe = redis.pipelined()) { … }", untouched.verdict());
        assertStoppedItsRedis(untouched.told());
    }

    /** A verdict says what was expected, what was seen and the likely cause; these are the runs a new user made. */
    @Test
    void aSyncInsideTheLoopIsNamedAsTheCause() {
        assertEquals("it uses redis.pipelined(), yet the client sent 502 separate chunks of bytes: a sync() inside the"
                + " loop waits for the replies each time. Queue all 500 SETs, then sync (or close) once, after the loop",
                check.judge("pipeline_this_loop", ran("item:499 = value 499"), 502, null, PIPELINED));
    }

    @Test
    void aGetBeforeTheSyncIsNamedAsTheCause() {
        assertEquals("expected item:499 = value 499, got item:499 = null: item:499 was not set when the GET ran. Does the"
                + " loop reach 499, and is the pipeline synced or closed first?",
                check.judge("pipeline_this_loop", ran("item:499 = null"), 3, null, PIPELINED));
        assertEquals("expected item:499 = value 499, got item:499 = value499",
                check.judge("pipeline_this_loop", ran("item:499 = value499"), 3, null, PIPELINED));
    }

    @Test
    void aTransactionInsteadOfAPipelinePassesWithAWordOnTheDifference() {
        assertEquals(" (with MULTI/EXEC: a transaction, which also keeps other clients' commands out and costs a second"
                + " round trip; for this loop a pipeline is enough)", check.aside("pipeline_this_loop",
                "try (AbstractTransaction multi = redis.multi()) { … multi.exec(); }"));
    }

    static final String PIPELINED = "try (Pipeline pipe = redis.pipelined()) { for (…) { pipe.set(…); pipe.sync(); } }";

    @Test
    void keepingEveryBatchsRepliesIsNamedAsTheCauseOfRunningOutOfMemory() {
        assertEquals("it ran out of memory in a 48 MiB heap: syncAndReturnAll() hands back each batch's replies, and"
                + " the code keeps them all. Call pipe.sync(), which lets them go, or keep only what you need",
                check.judge("batch_the_import", ran("OutOfMemoryError"), 4000, null,
                        "if ((i + 1) % 10_000 == 0) { replies.addAll(pipe.syncAndReturnAll()); }"));
    }

    @Test
    void readingAReplyInsideMultiGetsItsCauseNotAStackTrace() {
        String verdict = check.judge("safe_transfer", ran("Exception in thread \"pool-1-thread-1\""
                + " java.lang.IllegalStateException: Please close pipeline or multi block before calling this method."),
                900, null, "redis.multi()");
        assertTrue(verdict.startsWith("it failed with \"Please close pipeline or multi block before calling this"
                + " method\": a reply was read (.get()) before the pipeline or transaction was synced."), verdict);
        assertFalse(verdict.contains("Exception in thread"), verdict);
    }

    @Test
    void closingTheClientGetsItsCause() {
        assertEquals("it failed with \"Pool not open\": the tutorial's client was closed while the run still used it."
                + " Close each pipeline (try (Pipeline pipe = redis.pipelined()) { … }), not redis, which the tutorial"
                + " closes", check.judge("close_the_pipelines",
                new check.Run(1, "[tutorial] Redis at redis://127.0.0.1:33627 failed: Pool not open", null, false), 30,
                null, "redis.close();"));
    }

    /** A run's own line can name the checker's private server; the verdict names it as the check's Redis. */
    @Test
    void aVerdictNeverShowsTheChecksPrivateAddress() {
        assertEquals("it failed with java.net.SocketException: the check's Redis refused, then the check's Redis hung up",
                check.hideAddress("it failed with java.net.SocketException: redis://127.0.0.1:33627 refused, then"
                        + " 127.0.0.1:33627 hung up", URI.create("redis://127.0.0.1:33627")));
    }

    @Test
    void aCheckThatProvedNothingSaysSoWithAQuestionMark() {
        assertEquals("? safe_transfer: " + TransferTrace.NOT_FORCED,
                check.line("safe_transfer", TransferTrace.NOT_FORCED, ""));
        assertEquals("✓ safe_transfer: well done", check.line("safe_transfer", null, ""));
        assertEquals("✗ safe_transfer: a transfer was lost", check.line("safe_transfer", "a transfer was lost", ""));
    }

    private static check.Run ran(String printed) {
        return new check.Run(0, printed, null, false);
    }

    @Test
    void aMisnamedExerciseGetsOneLine() {
        Problem problem = assertThrows(Problem.class, () -> check.verdict(new String[] {"pipeline_this_lop.java"},
                System.err));
        assertEquals(2, problem.exitCode);
        assertTrue(problem.getMessage().contains("Name the exercise file")
                && problem.getMessage().contains("pipeline_this_lop.java"), problem.getMessage());
    }

    /** The checker's verdict line, and what it told on stderr. */
    record Checked(String verdict, String told) {
    }

    private static Checked check(Path exercise) throws Exception {
        ByteArrayOutputStream told = new ByteArrayOutputStream();
        String verdict = check.verdict(new String[] {exercise.toString()}, new PrintStream(told, true, StandardCharsets.UTF_8));
        return new Checked(verdict, told.toString(StandardCharsets.UTF_8));
    }

    private static void assertStoppedItsRedis(String told) {
        Matcher server = PRIVATE_REDIS.matcher(told);
        assertTrue(server.find(), told);
        assertFalse(Ports.listening(Integer.parseInt(server.group(1))), "a check left its private Redis running");
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
