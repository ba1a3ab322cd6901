///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//COMPILE_OPTIONS -encoding UTF-8
//RUNTIME_OPTIONS -Dsun.stdout.encoding=UTF-8 -Dstdout.encoding=UTF-8
//DEPS redis.clients:jedis:8.0.2
//SOURCES ../examples/support/*.java
//SOURCES TransferTrace.java
//DESCRIPTION Check a workshop exercise: ./jbang check exercises/<exercise>.java prints a pass or what is still wrong.
package pipelining;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;

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
            System.exit(verdict.startsWith("✓") ? 0 : verdict.startsWith("?") ? 3 : 1);
        } catch (Problem problem) {
            System.err.println("[tutorial] " + problem.getMessage());
            System.exit(problem.exitCode);
        } catch (Exception e) {
            System.err.println("[tutorial] The check could not run: " + Problem.rootMessage(e));
            System.exit(1);
        }
    }

    /**
     * The line the check prints: ✓, or ✗ with what is still wrong, or ? when the check could not make safe_transfer's
     * clients meet (then it proves nothing). {@code err} gets which server it checks against.
     */
    static String verdict(String[] args, java.io.PrintStream err) throws Exception {
        if (args.length != 1 || !Files.isRegularFile(Path.of(args[0]))) {
            throw Problem.badInput("Name the exercise file: ./jbang check exercises/pipeline_this_loop.java"
                    + " (or batch_the_import.java, safe_transfer.java, close_the_pipelines.java)"
                    + (args.length == 1 ? "; there is no " + Path.of(args[0]).toAbsolutePath().normalize() : ""));
        }
        Path exercise = Path.of(args[0]).toAbsolutePath().normalize();
        Path launcher = launcher();
        String name = exercise.getFileName().toString().replace(".java", "");
        String verdict;
        String aside;
        try (Cleanup cleanup = new Cleanup()) { // stops the private Redis and the proxy, on Ctrl-C too
            Server server = cleanup.add(ServerChoice.find(Map.of("TUTORIAL_REDIS", privateRedis(name))));
            LatencyProxy network = cleanup.add(new LatencyProxy(server.uri, Duration.ofMillis(1)));
            TransferTrace transfers = name.equals("safe_transfer") ? cleanup.add(new TransferTrace(server.uri)) : null;
            err.println("[tutorial] Checking against a private Redis at " + server.uri + " (" + server.origin + ")");
            List<String> options = name.equals("batch_the_import") ? List.of("-R-Xmx" + IMPORT_HEAP_MIB + "m")
                    : List.of();
            err.println("[tutorial] Running " + exercise.getFileName() + " as you would (it is built first if it changed);"
                    + " a run that sends nothing to Redis for " + QUIET_LIMIT.toSeconds() + " s is stopped");
            URI redisUrl = network.inFrontOf(server.uri);
            Run run = run(launcher, exercise, options, redisUrl.toString(), network.chunksFromClients::get);
            String source = Files.readString(exercise);
            verdict = judge(name, run, network.chunksFromClients.get(), transfers == null ? null : transfers.problem(),
                    source);
            verdict = verdict == null ? null : hideAddress(verdict, redisUrl);
            aside = aside(name, source);
        } // the private Redis and the proxy stop here, before the exit
        return line(name, verdict, aside);
    }

    /** ✓ and the aside when nothing is wrong, ? when nothing was proved, else ✗ and what is wrong. */
    static String line(String name, String verdict, String aside) {
        return verdict == null ? "✓ " + name + ": well done" + aside
                : (verdict.equals(TransferTrace.NOT_FORCED) ? "? " : "✗ ") + name + ": " + verdict;
    }

    /** A verdict names the check's Redis, never its private address, which means nothing to an attendee. */
    static String hideAddress(String verdict, URI redis) {
        return verdict.replace(redis.toString(), "the check's Redis")
                .replace(redis.getHost() + ":" + redis.getPort(), "the check's Redis");
    }

    /**
     * Which Redis to start: redis-server from PATH, else the embedded one. For safe_transfer, only one from 6.2 to
     * 7.0 shows the check what it needs (TransferTrace), so a newer redis-server gives way to the embedded 6.2.
     */
    static String privateRedis(String exercise) throws Exception {
        Path binary = OnPath.find("redis-server");
        if (binary == null) {
            return "embedded";
        }
        if (!exercise.equals("safe_transfer")) {
            return "redis-server";
        }
        Process version = new ProcessBuilder(binary.toString(), "--version").redirectErrorStream(true).start();
        if (!version.waitFor(10, TimeUnit.SECONDS)) { // it prints one short line and exits
            version.destroyForcibly();
            return "embedded";
        }
        String printed = new String(version.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        Matcher v = Pattern.compile("v=(\\S+)").matcher(printed); // Redis server v=7.0.15 sha=…
        return v.find() && TransferTrace.supports(v.group(1)) ? "redis-server" : "embedded";
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

    /**
     * What is still wrong, or null: from what the exercise printed, the chunks of bytes its client sent (one per
     * round trip it waited for), what the server's order of commands showed (safe_transfer's {@link TransferTrace};
     * null for the others) and its source, which only picks the likeliest cause to name.
     */
    static String judge(String name, Run run, long chunks, String trace, String source) {
        if (run.buildError != null) {
            return "it did not build: " + run.buildError;
        }
        if (run.stalled && name.equals("close_the_pipelines")) {
            return "it stopped after " + run.printed + " and waited: each redis.pipelined() keeps one of the pool's "
                    + GenericObjectPoolConfig.DEFAULT_MAX_TOTAL + " connections until it is closed, and a sync() does not"
                    + " give it back. Open each batch's pipeline in try (Pipeline pipe = redis.pipelined()) { … }";
        }
        if (run.stalled) {
            return "it stopped after " + run.printed + " and sent nothing to Redis for " + QUIET_LIMIT.toSeconds()
                    + " s, so the check stopped it";
        }
        if (run.printed.equals("OutOfMemoryError") && name.equals("batch_the_import")) { // the one run in a small heap
            return "it ran out of memory in a " + IMPORT_HEAP_MIB + " MiB heap: " + (!source.contains("sync")
                    ? "a million queued commands wait for their replies. Call pipe.sync() every 10,000 commands"
                    : source.contains("syncAndReturnAll") ? "syncAndReturnAll() hands back each batch's replies, and"
                    + " the code keeps them all. Call pipe.sync(), which lets them go, or keep only what you need"
                    : "it syncs, yet something keeps a million replies or Response objects. Keep only what you need");
        }
        String known = knownFailure(run.printed);
        if (known != null) {
            return "it failed with " + known;
        }
        String expected = switch (name) {
            case "pipeline_this_loop" -> "item:499 = value 499";
            case "batch_the_import" -> "import:999 = row 999999";
            case "safe_transfer" -> "alice = 1000, bob = 1000";
            case "close_the_pipelines" -> "row:1999 = value 1999";
            default -> null;
        };
        if (expected == null) {
            return "no check for " + name;
        }
        if (trace != null && !trace.equals(TransferTrace.NOT_FORCED)) {
            return trace; // what the server saw says more than the balances it printed
        }
        if (run.exitCode != 0 || !run.printed.equals(expected)) {
            return "expected " + expected + ", got " + run.printed + (name.equals("pipeline_this_loop")
                    && run.printed.endsWith("= null") ? ": item:499 was not set when the GET ran. Does the loop reach"
                    + " 499, and is the pipeline synced or closed first?" : "");
        }
        if (name.equals("pipeline_this_loop") && chunks > 100) {
            return source.contains("pipelined()") ? "it uses redis.pipelined(), yet the client sent " + chunks
                    + " separate chunks of bytes: a sync() inside the loop waits for the replies each time. Queue all"
                    + " 500 SETs, then sync (or close) once, after the loop"
                    : "the client sent " + chunks + " separate chunks of bytes: every SET still waits for its reply."
                    + " Queue them on redis.pipelined(), then close() or sync() once";
        }
        return trace; // NOT_FORCED, or null: well done
    }

    /** A failure an attendee's code is known to meet, said as its cause and the fix, or null. */
    static String knownFailure(String printed) {
        if (printed.contains("Please close pipeline or multi block")) {
            return "\"Please close pipeline or multi block before calling this method\": a reply was read (.get()) before"
                    + " the pipeline or transaction was synced. In a transaction, read the balances after WATCH and before"
                    + " MULTI, where each command still answers at once";
        }
        if (printed.contains("Pool not open")) {
            return "\"Pool not open\": the tutorial's client was closed while the run still used it. Close each"
                    + " pipeline (try (Pipeline pipe = redis.pipelined()) { … }), not redis, which the tutorial closes";
        }
        if (printed.startsWith("Exception in thread")) {
            return printed.replaceFirst("^Exception in thread \"[^\"]*\" ", "");
        }
        return null;
    }

    /** For a right answer by another road: a word on the difference, after the ✓. */
    static String aside(String name, String source) {
        if (name.equals("pipeline_this_loop") && source.contains(".multi()")) {
            return " (with MULTI/EXEC: a transaction, which also keeps other clients' commands out and costs a second"
                    + " round trip; for this loop a pipeline is enough)";
        }
        if (name.equals("safe_transfer") && source.contains("ncrBy(") && !source.contains("multi")) {
            return " (with INCRBY and DECRBY each balance changes in one step, so no transfer is lost; between the two"
                    + " commands, though, another client can see the money in neither account, which MULTI/EXEC prevents)";
        }
        return "";
    }

    /**
     * Once the exercise has started, it talks to Redis until it ends: this long with nothing sent means it waits for
     * something that will not come (a connection from an empty pool, say), and the check stops it.
     */
    static final Duration QUIET_LIMIT = Duration.ofSeconds(5);

    /**
     * The last line the exercise printed (JBang's and our own lines aside), or the first line of a failed build;
     * stalled: it started, then sent nothing to Redis for {@link #QUIET_LIMIT}, so the check stopped it.
     */
    record Run(int exitCode, String printed, String buildError, boolean stalled) {
    }

    static Run run(Path launcher, Path exercise, List<String> options, String redisUrl, LongSupplier sent)
            throws Exception {
        List<String> command = new ArrayList<>(List.of(launcher.toString()));
        command.addAll(options);
        command.add(exercise.toString());
        ProcessBuilder builder = new ProcessBuilder(command).directory(launcher.getParent().toFile())
                .redirectErrorStream(true);
        builder.environment().put("REDIS_URL", redisUrl);
        Process process = builder.start();
        List<String> lines = new CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> new BufferedReader(new InputStreamReader(process.getInputStream()))
                .lines().forEach(lines::add), "exercise output");
        reader.start();
        boolean started = false; // its session opened: the build is done, the exercise's own code runs
        long lastSent = sent.getAsLong();
        long quietSince = System.nanoTime();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10); // a first build fetches and compiles
        boolean stalled = false;
        while (!process.waitFor(100, TimeUnit.MILLISECONDS)) {
            started = started || lines.stream().anyMatch(line -> line.startsWith("[tutorial] Using Redis"));
            if (sent.getAsLong() != lastSent || !started) {
                lastSent = sent.getAsLong();
                quietSince = System.nanoTime();
            }
            if (System.nanoTime() > deadline || System.nanoTime() - quietSince > QUIET_LIMIT.toNanos()) {
                stalled = true;
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                break;
            }
        }
        reader.join(TimeUnit.SECONDS.toMillis(10));
        int error = lines.indexOf(lines.stream().filter(line -> line.contains(".java:") && line.contains(": error: "))
                .findFirst().orElse(null));
        String buildError = lines.stream().noneMatch(line -> line.startsWith("[jbang] [ERROR]")) ? null : error < 0
                ? lines.stream().filter(line -> line.startsWith("[jbang] [ERROR]")).findFirst().orElseThrow()
                        .replaceFirst("^\\[jbang\\] \\[ERROR\\] ", "")
                : lines.get(error).replaceFirst("^\\[jbang\\] \\[ERROR\\] ", "") // no folders, the file's name
                        .replaceFirst("^\\S*/(\\S+\\.java:\\d+: error: )", "$1")
                        + lines.subList(error + 1, Math.min(error + 4, lines.size())).stream() // javac names the symbol
                        .filter(line -> line.strip().startsWith("symbol:")).map(line -> " (" + line.strip()
                        .replaceAll("\\s+", " ") + ")").findFirst().orElse("");
        List<String> printed = lines.stream()
                .filter(line -> !line.startsWith("[jbang]") && !line.startsWith("[tutorial] Using Redis")).toList();
        String last = lines.stream().anyMatch(line -> line.contains("OutOfMemoryError")) ? "OutOfMemoryError"
                : printed.stream().filter(line -> line.startsWith("Exception in thread")).findFirst()
                        .orElse(printed.isEmpty() ? "nothing" : printed.get(printed.size() - 1));
        return new Run(stalled ? -1 : process.exitValue(), last, buildError, stalled);
    }
}
