///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//COMPILE_OPTIONS -encoding UTF-8
//RUNTIME_OPTIONS -Dsun.stdout.encoding=UTF-8 -Dstdout.encoding=UTF-8
//DEPS redis.clients:jedis:8.0.2
//SOURCES ../examples/support/*.java
//DESCRIPTION Check a workshop exercise: ./jbang check exercises/<exercise>.java prints ✓ or ✗ with a hint.
package pipelining;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs an exercise as you would, against a private Redis behind a simulated 1 ms network, and
 * judges what it printed and how it talked to the server (the round trips it waited for).
 */
class check {

    /** batch_the_import runs in this heap: enough for batches, too little for a million queued commands. */
    static final int IMPORT_HEAP_MIB = 48;

    public static void main(String[] args) {
        try {
            String verdict = verdict(args, System.err);
            System.out.println(verdict);
            System.exit(verdict.startsWith("✓") ? 0 : 1);
        } catch (Problem problem) {
            System.err.println("[tutorial] " + problem.getMessage());
            System.exit(problem.exitCode);
        } catch (Exception e) {
            System.err.println("[tutorial] The check could not run: " + Problem.rootMessage(e));
            System.exit(1);
        }
    }

    /** The line the check prints: ✓, or ✗ with what is still wrong. {@code err} gets which server it checks against. */
    static String verdict(String[] args, java.io.PrintStream err) throws Exception {
        if (args.length != 1 || !Files.isRegularFile(Path.of(args[0]))) {
            throw Problem.badInput("Name the exercise file: ./jbang check exercises/pipeline_this_loop.java"
                    + " (or batch_the_import.java, safe_transfer.java)" + (args.length == 1 ? "; there is no "
                    + Path.of(args[0]).toAbsolutePath().normalize() : ""));
        }
        Path exercise = Path.of(args[0]).toAbsolutePath().normalize();
        Path launcher = launcher();
        String name = exercise.getFileName().toString().replace(".java", "");
        String verdict;
        try (Cleanup cleanup = new Cleanup()) { // stops the private Redis and the proxy, on Ctrl-C too
            Server server = cleanup.add(ServerChoice.find(Map.of("TUTORIAL_REDIS",
                    OnPath.find("redis-server") != null ? "redis-server" : "embedded")));
            LatencyProxy network = cleanup.add(new LatencyProxy(server.uri, Duration.ofMillis(1)));
            err.println("[tutorial] Checking against a private Redis at " + server.uri + " (" + server.origin + ")");
            List<String> options = name.equals("batch_the_import") ? List.of("-R-Xmx" + IMPORT_HEAP_MIB + "m") : List.of();
            Run run = run(launcher, exercise, options, network.inFrontOf(server.uri).toString());
            long chunks = network.chunksFromClients.get();
            verdict = run.buildError != null ? "it did not build: " + run.buildError : switch (name) {
                case "pipeline_this_loop" -> !run.printed.equals("item:499 = value 499") ? "it printed " + run.printed
                        : chunks > 100 ? "the client sent " + chunks + " separate chunks of bytes: every SET still waits"
                        + " for its reply. Queue them on redis.pipelined(), then close() or sync() once" : null;
                case "batch_the_import" -> run.printed.contains("OutOfMemoryError")
                        ? "it ran out of memory in a " + IMPORT_HEAP_MIB + " MiB heap: a million queued commands wait for"
                        + " their replies."
                        + " Call pipe.sync() every 10,000 commands"
                        : !run.printed.equals("import:999 = row 999999") ? "it printed " + run.printed : null;
                case "safe_transfer" -> run.exitCode != 0 || !run.printed.startsWith("alice = ") ? "it printed "
                        + run.printed : !run.printed.equals("alice = 1000, bob = 1000") ? "it printed " + run.printed
                        + ": transfers were lost when two clients read the same balance. Use WATCH, MULTI/EXEC and retry"
                        : null;
                default -> "no check for " + name;
            };
        } // the private Redis and the proxy stop here, before the exit
        return verdict == null ? "✓ " + name + ": well done" : "✗ " + name + ": " + verdict;
    }

    /** The tutorial's ./jbang, found from the current folder up, so the check runs from exercises/ too. */
    static Path launcher() {
        for (Path folder = Path.of("").toAbsolutePath(); folder != null; folder = folder.getParent()) {
            Path launcher = folder.resolve(System.getProperty("os.name").startsWith("Windows") ? "jbang.cmd" : "jbang");
            if (Files.isRegularFile(folder.resolve("jbang-catalog.json")) && Files.isRegularFile(launcher)) {
                return launcher;
            }
        }
        throw Problem.badInput("Run the check from the tutorial's folder or below it: ./jbang check"
                + " exercises/pipeline_this_loop.java");
    }

    /** The last line the exercise printed (JBang's and our own lines aside), or the first line of a failed build. */
    record Run(int exitCode, String printed, String buildError) {
    }

    static Run run(Path launcher, Path exercise, List<String> options, String redisUrl) throws Exception {
        List<String> command = new ArrayList<>(List.of(launcher.toString()));
        command.addAll(options);
        command.add(exercise.toString());
        ProcessBuilder builder = new ProcessBuilder(command).directory(launcher.getParent().toFile())
                .redirectErrorStream(true);
        builder.environment().put("REDIS_URL", redisUrl);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes());
        process.waitFor(5, TimeUnit.MINUTES);
        List<String> lines = output.lines().toList();
        String buildError = !lines.stream().anyMatch(line -> line.startsWith("[jbang] [ERROR]")) ? null
                : lines.stream().filter(line -> line.contains(".java:") && line.contains(": error: ")).findFirst()
                        .or(() -> lines.stream().filter(line -> line.startsWith("[jbang] [ERROR]")).findFirst())
                        .map(line -> line.replaceFirst("^\\[jbang\\] \\[ERROR\\] ", "") // no folders, the file's name
                                .replaceFirst("^\\S*/(\\S+\\.java:\\d+: error: )", "$1")).orElseThrow();
        List<String> printed = lines.stream()
                .filter(line -> !line.startsWith("[jbang]") && !line.startsWith("[tutorial] Using Redis")).toList();
        String last = output.contains("OutOfMemoryError") ? "OutOfMemoryError"
                : printed.stream().filter(line -> line.startsWith("Exception in thread")).findFirst()
                        .orElse(printed.isEmpty() ? "nothing" : printed.get(printed.size() - 1));
        return new Run(process.exitValue(), last, buildError);
    }
}
