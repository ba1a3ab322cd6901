package pipelining;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** Runs a section the two ways the tests need: in this JVM, and as a user would, through ./jbang. */
final class Sections {

    /** What a program printed, apart, and how it exited. */
    record Run(int exitCode, String stdout, String stderr) {

        /**
         * Exit 0, the line saying which Redis was used, and nothing on stderr but JBang's lines and
         * ours: a library's warning (Jedis logs at warn level and up) would mean something went wrong.
         */
        Run assertSucceeded() {
            assertEquals(0, exitCode, () -> "exit code; stderr was:\n" + stderr);
            assertTrue(stderr.contains("[tutorial] Using Redis "), () -> "stderr was:\n" + stderr);
            assertTrue(stderr.lines().allMatch(line -> line.startsWith("[jbang] ") || line.startsWith("[tutorial] ")),
                    () -> "stderr was:\n" + stderr);
            return this;
        }

        /**
         * The failure a user should see: one [tutorial] line (besides JBang's own and the one naming
         * the server, if it got that far), the given exit code, no stack trace.
         */
        String assertFailedClearly(int expectedExitCode) {
            assertEquals(expectedExitCode, exitCode, () -> "exit code; stderr was:\n" + stderr);
            List<String> ours = stderr.lines()
                    .filter(line -> !line.startsWith("[jbang]") && !line.startsWith("[tutorial] Using Redis ")).toList();
            assertEquals(1, ours.size(), () -> "expected one line, got:\n" + stderr);
            assertTrue(ours.get(0).startsWith("[tutorial] "), ours.get(0));
            assertFalse(stderr.contains("Exception") || stderr.contains("\tat "), stderr);
            return ours.get(0);
        }
    }

    private Sections() {
    }

    /**
     * What a thread prints goes to the capture it (or the thread that started it) is running, else where it always
     * went: captures made side by side, by test classes running at once, never get each other's lines.
     */
    private static final InheritableThreadLocal<ByteArrayOutputStream> STDOUT_CAPTURE = new InheritableThreadLocal<>();
    private static final InheritableThreadLocal<ByteArrayOutputStream> STDERR_CAPTURE = new InheritableThreadLocal<>();

    static {
        System.setOut(routed(System.out, STDOUT_CAPTURE));
        System.setErr(routed(System.err, STDERR_CAPTURE));
    }

    private static PrintStream routed(PrintStream original, ThreadLocal<ByteArrayOutputStream> capture) {
        return new PrintStream(new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                target().write(b);
            }

            @Override
            public void write(byte[] bytes, int offset, int length) throws IOException {
                target().write(bytes, offset, length);
            }

            @Override
            public void flush() {
                original.flush();
            }

            private OutputStream target() {
                ByteArrayOutputStream captured = capture.get();
                return captured != null ? captured : original;
            }
        }, true, UTF_8);
    }

    /** What a section printed to System.out when run in this JVM, on this thread and the threads it started. */
    static String stdoutOf(Runnable section) {
        return printedOn(STDOUT_CAPTURE, section);
    }

    /** What code run in this JVM printed to System.err, on this thread and the threads it started. */
    static String stderrOf(Runnable code) {
        return printedOn(STDERR_CAPTURE, code);
    }

    private static String printedOn(ThreadLocal<ByteArrayOutputStream> capture, Runnable code) {
        ByteArrayOutputStream outer = capture.get();
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        capture.set(printed);
        try {
            code.run();
        } finally {
            capture.set(outer);
        }
        return printed.toString(UTF_8);
    }

    /** Runs ./jbang with the given arguments from the repository root, REDIS_URL and TUTORIAL_REDIS as given. */
    static Run jbang(Map<String, String> env, String... args) {
        return launch(env, args).finish(5, TimeUnit.MINUTES);
    }

    /** ./jbang started in the background, its output going to files; {@link #finish} waits and reads them. */
    record Launched(Process process, Path out, Path err, String what) {

        Run finish(long timeout, TimeUnit unit) {
            try {
                if (!process.waitFor(timeout, unit)) {
                    process.destroyForcibly();
                    throw new AssertionError(what + " did not end within " + timeout + " " + unit);
                }
                Run run = new Run(process.exitValue(), Files.readString(out), Files.readString(err));
                Files.delete(out);
                Files.delete(err);
                return run;
            } catch (IOException e) {
                throw new AssertionError("could not read what " + what + " printed", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    static Launched launch(Map<String, String> env, String... args) {
        return launchIn(Path.of(""), env, List.of(), args);
    }

    /**
     * The same, as a shell starts a job in the foreground, where Ctrl-C reaches it: with SIGINT at its
     * default. A build run as a background job ({@code ./mvnw verify &}) starts with SIGINT ignored, and
     * every process it starts inherits that; coreutils' env resets it where it can.
     */
    static Launched launchInTheForeground(Map<String, String> env, String... args) {
        return launchIn(Path.of(""), env, RESETS_SIGINT ? List.of("env", "--default-signal=INT") : List.of(), args);
    }

    private static final boolean RESETS_SIGINT = resetsSigint();

    private static boolean resetsSigint() {
        try {
            Process probe = new ProcessBuilder("env", "--default-signal=INT", "true").start();
            return probe.waitFor(10, TimeUnit.SECONDS) && probe.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The same, from another folder of the repository, as {@code ../jbang …} would. */
    static Run jbangIn(Path folder, Map<String, String> env, String... args) {
        return launchIn(folder, env, List.of(), args).finish(5, TimeUnit.MINUTES);
    }

    /** The same, with {@code typed} on its standard input, as {@code printf '…' | ./jbang …} would. */
    static Run typedInto(Path folder, Map<String, String> env, String typed, String... args) {
        Launched run = launchIn(folder, env, List.of(), args);
        try (var input = run.process().getOutputStream()) {
            input.write(typed.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (java.io.IOException e) {
            throw new AssertionError("could not type into " + run.what(), e);
        }
        return run.finish(5, TimeUnit.MINUTES);
    }

    private static Launched launchIn(Path folder, Map<String, String> env, List<String> prefix, String... args) {
        List<String> command = new ArrayList<>(prefix);
        command.add(Path.of("jbang").toAbsolutePath().toString());
        command.addAll(List.of(args));
        try {
            Path runs = Files.createDirectories(Path.of("target", "runs")); // not /tmp: nothing of ours is left there
            Path out = Files.createTempFile(runs, "jbang", ".out");
            Path err = Files.createTempFile(runs, "jbang", ".err");
            ProcessBuilder builder = new ProcessBuilder(command).directory(folder.toAbsolutePath().toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile());
            builder.environment().remove("REDIS_URL");
            builder.environment().remove("TUTORIAL_REDIS");
            builder.environment().putAll(env);
            String script = Arrays.stream(args).filter(arg -> !arg.startsWith("-")).findFirst().orElse("");
            return startedAlone(script, () -> new Launched(builder.start(), out, err, "./jbang " + String.join(" ", args)));
        } catch (Exception e) {
            throw new AssertionError("could not run ./jbang", e);
        }
    }

    /** Per script: open once its first run through ./jbang got past JBang's build and started the program. */
    private static final Map<String, CountDownLatch> BUILT = new ConcurrentHashMap<>();

    /**
     * JBang builds a script into its cache on its first run; two first runs at once (tests run side
     * by side) can race there. So a script's first run starts alone, and the others wait until its
     * program is running (it printed something of its own) or it has ended.
     */
    private static Launched startedAlone(String script, Callable<Launched> start) throws Exception {
        CountDownLatch built = new CountDownLatch(1);
        CountDownLatch first = BUILT.putIfAbsent(script, built);
        if (first != null) {
            first.await();
            return start.call();
        }
        try {
            Launched launched = start.call();
            Wait.until(Duration.ofMinutes(5), () -> !launched.process().isAlive() || printedItsOwn(launched));
            return launched;
        } finally {
            built.countDown();
        }
    }

    /** Whether the program, past JBang's build, printed something of its own. */
    private static boolean printedItsOwn(Launched launched) {
        try {
            return Files.size(launched.out()) > 0 || Files.readString(launched.err()).contains("[tutorial]");
        } catch (IOException e) {
            return false;
        }
    }

    /** A section run in this JVM as a script's main runs it, with {@code env}: what it printed, and how it exited. */
    static Run inThisJvm(Map<String, String> env, Consumer<Tutorial<redis.clients.jedis.RedisClient>> section) {
        int[] exitCode = new int[1];
        String[] stdout = new String[1];
        String stderr = stderrOf(() -> stdout[0] = stdoutOf(() ->
                exitCode[0] = Tutorial.run(Tutorial.on(env, System.err, null), section, System.err)));
        return new Run(exitCode[0], stdout[0], stderr);
    }

    /**
     * Kills a private redis-server as a crash would (SIGKILL: no goodbye to its clients) once it has run {@code incr}
     * INCR, from a thread of its own, so that it dies while a section's loop is waiting for a reply.
     */
    static void killAfter(long incr, PrivateRedis redis) {
        long pid = Long.parseLong(redis.raw.info("server").lines().filter(line -> line.startsWith("process_id:"))
                .map(line -> line.substring("process_id:".length()).strip()).findFirst().orElseThrow());
        Thread killer = new Thread(() -> {
            Wait.until(Duration.ofMinutes(1), () -> redis.raw.info("commandstats").lines()
                    .filter(line -> line.startsWith("cmdstat_incr:"))
                    .anyMatch(line -> Long.parseLong(line.replaceAll(".*:calls=(\\d+),.*", "$1")) >= incr));
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }, "killer");
        killer.setDaemon(true);
        killer.start();
    }

    /**
     * A run that a dying server ended: exit 1, no stack trace, and this build's line, the last of ours (a client's own
     * warnings, one line each, may come around it: while it tries to reconnect, or when it is shut down meanwhile).
     */
    static String assertEndedByADeadServer(Run run) {
        assertEquals(1, run.exitCode(), () -> "exit code; stderr was:\n" + run.stderr());
        assertFalse(run.stderr().contains("Exception in") || run.stderr().contains("\tat "), run.stderr());
        List<String> ours = run.stderr().lines().filter(line -> line.startsWith("[tutorial] ")).toList();
        assertTrue(ours.size() >= 2, run.stderr()); // which Redis, then what ended the run
        return ours.get(ours.size() - 1);
    }

    /**
     * A tutorial opened in this JVM on a private server, as a script's main opens one, for a section's methods to run
     * on; its lines go nowhere, not into the build's log. Closing it cleans up, as the end of a run does.
     */
    static Tutorial<redis.clients.jedis.RedisClient> tutorialOn(PrivateRedis redis) {
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        return Tutorial.on(Map.of("REDIS_URL", redis.url()), quiet, null).open(new Cleanup());
    }

    /** Where the docs include this build's output from. */
    static final Path SNIPPETS = Path.of("target", "snippets");

    static void saveSnippet(String name, String content) {
        try {
            Path file = SNIPPETS.resolve(name);
            Files.createDirectories(file.getParent());
            Files.writeString(file, content);
        } catch (IOException e) {
            throw new AssertionError("could not write the snippet " + name, e);
        }
    }

    /**
     * A number the page's prose gives, as this build had it: {@code :name: value}, in a file of its own that the page
     * includes in its header, so the prose says {@code {name}} instead of a figure typed by hand.
     */
    static void saveAttribute(String name, Object value) {
        saveSnippet("attributes/" + name + ".adoc", ":" + name + ": " + (value instanceof Number number
                ? String.format(java.util.Locale.ROOT, "%,d", number.longValue()) : value) + "\n");
    }

    /**
     * A section's one launch in the build, as a user runs it: {@code REDIS_URL=… ./jbang alias options…}
     * against a private Redis (Redis 7 where there is one) that also holds a user's own keys. It checks
     * everything the user would see (exit code, nothing but our lines on stderr, the user's keys byte for
     * byte, nothing left behind) and saves stdout for the page, as {@code <alias>.txt}; the caller checks stdout.
     */
    static Run section(String alias, String... options) {
        return section(alias, redis -> { }, options);
    }

    /** The same, and {@code afterwards} looks at the server the run used before it stops (its INFO, say). */
    static Run section(String alias, Consumer<PrivateRedis> afterwards, String... options) {
        try (PrivateRedis redis = PrivateRedis.start(PrivateRedis.Kind.preferred())) {
            UsersKeys mine = UsersKeys.on(redis);
            Run run = alias(alias, redis, options).assertSucceeded();
            mine.assertUntouchedAndAlone();
            afterwards.accept(redis);
            saveSnippet(alias + ".txt", run.stdout());
            return run;
        }
    }

    /** Runs an alias with options against the given server, as {@code REDIS_URL=… ./jbang alias options…}. */
    static Run alias(String alias, PrivateRedis redis, String... options) {
        List<String> args = new ArrayList<>(List.of(alias));
        args.addAll(List.of(options));
        return jbang(Map.of("REDIS_URL", redis.url()), args.toArray(String[]::new));
    }
}
