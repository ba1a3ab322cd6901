///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//DEPS redis.clients:jedis:8.0.2
//SOURCES ../examples/support/*.java
//DESCRIPTION Check a workshop exercise: ./jbang check exercises/<exercise>.java prints ✓ or ✗ with a hint.
package pipelining;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs an exercise as you would, against a private Redis behind a simulated 1 ms network, and
 * judges what it printed and how it talked to the server (the round trips it waited for).
 */
class check {

    public static void main(String[] args) throws Exception {
        if (args.length != 1 || !Files.isRegularFile(Path.of(args[0]))) {
            System.err.println("[tutorial] Name the exercise file: ./jbang check exercises/pipeline_this_loop.java"
                    + " (or batch_the_import.java, safe_transfer.java)");
            System.exit(2);
        }
        Path exercise = Path.of(args[0]);
        String name = exercise.getFileName().toString().replace(".java", "");
        String kind = Server.onPath("redis-server") != null ? "redis-server" : "embedded";
        boolean passed;
        try (Server server = Server.find(Map.of("TUTORIAL_REDIS", kind));
             LatencyProxy network = new LatencyProxy(server.uri, Duration.ofMillis(1))) {
            System.err.println("[tutorial] Checking against a private Redis at " + server.uri + " (" + server.origin + ")");
            List<String> options = name.equals("batch_the_import") ? List.of("-R-Xmx48m") : List.of();
            Run run = run(exercise, options, network.inFrontOf(server.uri).toString());
            long chunks = network.chunksFromClients.get();
            String verdict = switch (name) {
                case "pipeline_this_loop" -> !run.printed.equals("item:499 = value 499") ? "it printed " + run.printed
                        : chunks > 100 ? "the client sent " + chunks + " separate packets: every SET still waits for its"
                        + " reply. Queue them on redis.pipelined(), then close() or sync() once" : null;
                case "batch_the_import" -> run.printed.contains("OutOfMemoryError")
                        ? "it ran out of memory in a 48 MiB heap: a million queued commands wait for their replies."
                        + " Call pipe.sync() every 10,000 commands"
                        : !run.printed.equals("import:999 = row 999999") ? "it printed " + run.printed : null;
                case "safe_transfer" -> !run.printed.equals("alice = 1000, bob = 1000") ? "it printed " + run.printed
                        + ": transfers were lost when two clients read the same balance. Use WATCH, MULTI/EXEC and retry"
                        : null;
                default -> "no check for " + name;
            };
            System.out.println(verdict == null ? "✓ " + name + ": well done" : "✗ " + name + ": " + verdict);
            passed = verdict == null;
        } // the private Redis and the proxy stop here, before the exit
        System.exit(passed ? 0 : 1);
    }

    record Run(int exitCode, String printed) {
    }

    /** ./jbang exercise, with REDIS_URL set: its last line of output, or its error. */
    static Run run(Path exercise, List<String> options, String redisUrl) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(Path.of("jbang").toAbsolutePath().toString()));
        command.addAll(options);
        command.add(exercise.toString());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("REDIS_URL", redisUrl);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes());
        process.waitFor(5, TimeUnit.MINUTES);
        List<String> lines = output.lines().filter(line -> !line.startsWith("[")).toList();
        String last = output.contains("OutOfMemoryError") ? "OutOfMemoryError"
                : lines.isEmpty() ? "nothing" : lines.get(lines.size() - 1);
        return new Run(process.exitValue(), last);
    }
}
