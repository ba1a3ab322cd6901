//DEPS redis.clients:jedis:8.0.2
package pipelining;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.ScanIteration;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.SetParams;

/**
 * Where one run's keys live, and how they are cleaned up, even after a crash, without a command
 * ever touching them while the run goes on.
 *
 * <p>A run writes under {@code pipelining-tutorial:<run id>:} and keeps a heartbeat key,
 * {@code pipelining-tutorial:alive:<run id>}, whose short TTL it renews while it runs. At the end it
 * deletes its own keys. A run killed before then leaves them, and its heartbeat expires; every run
 * (and {@code doctor}) starts by sweeping the namespaces whose heartbeat is gone. Only keys under
 * {@code pipelining-tutorial:} are ever looked at ({@code SCAN MATCH}) or deleted ({@code UNLINK}).
 */
final class Namespace implements AutoCloseable {

    static final String ROOT = "pipelining-tutorial:";
    static final String ALIVE = ROOT + "alive:";
    /** A dead run's keys are swept by the first run that starts this long after it died, or later. */
    static final Duration HEARTBEAT_TTL = Duration.ofSeconds(60);
    static final Duration HEARTBEAT_EVERY = Duration.ofSeconds(15);
    private static final Pattern RUN_KEY = Pattern.compile(Pattern.quote(ROOT) + "([0-9a-f]{8}):.*", Pattern.DOTALL);

    /** What the sweep removed: keys, and the runs that left them. */
    record Swept(int keys, int runs) {
    }

    /** {@code pipelining-tutorial:<run id>:}, the prefix of every key this run writes. */
    final String prefix;
    final Swept swept;
    private final String heartbeatKey;
    /** A client without the prefix: the namespace's upkeep goes through it, never through the lesson's. */
    private final UnifiedJedis server;
    private final ScheduledExecutorService heartbeat = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "tutorial-heartbeat");
        thread.setDaemon(true);
        return thread;
    });

    private Namespace(UnifiedJedis server, String runId) {
        this.server = server;
        this.prefix = ROOT + runId + ":";
        this.heartbeatKey = ALIVE + runId;
        beat(); // before any key of ours exists, so no sweep takes this run for dead
        this.swept = sweepDeadRuns(server);
        heartbeat.scheduleWithFixedDelay(this::beatQuietly, HEARTBEAT_EVERY.toSeconds(), HEARTBEAT_EVERY.toSeconds(),
                TimeUnit.SECONDS);
    }

    /** Claims a fresh namespace on the server and sweeps the dead runs' ones. */
    static Namespace claim(UnifiedJedis server) {
        return new Namespace(server, UUID.randomUUID().toString().substring(0, 8));
    }

    private void beat() {
        server.set(heartbeatKey, "1", SetParams.setParams().ex(HEARTBEAT_TTL.toSeconds()));
    }

    private void beatQuietly() {
        try {
            beat();
        } catch (JedisException serverGone) {
            // The run reports its own failure.
        }
    }

    /**
     * Unlinks the keys of every run under the root whose heartbeat has expired, and counts what UNLINK removed:
     * a run that ends normally while this sweep lists its keys has deleted them and its heartbeat by the time
     * the sweep looks, so the sweep removes nothing of it and reports nothing.
     */
    static Swept sweepDeadRuns(UnifiedJedis server) {
        Map<String, Set<String>> keysByRun = new HashMap<>();
        for (String key : keysMatching(server, ROOT + "*")) {
            Matcher runKey = RUN_KEY.matcher(key);
            if (runKey.matches()) {
                keysByRun.computeIfAbsent(runKey.group(1), run -> new HashSet<>()).add(key);
            }
        }
        Map<String, Response<Boolean>> alive = new HashMap<>();
        try (AbstractPipeline pipe = server.pipelined()) {
            keysByRun.keySet().forEach(run -> alive.put(run, pipe.exists(ALIVE + run)));
        }
        Map<String, Long> removed = new HashMap<>();
        keysByRun.keySet().stream().filter(run -> !alive.get(run).get())
                .forEach(run -> removed.put(run, unlink(server, keysByRun.get(run))));
        return new Swept((int) removed.values().stream().mapToLong(Long::longValue).sum(),
                (int) removed.values().stream().filter(keys -> keys > 0).count());
    }

    /** SCAN with MATCH, on every node of a cluster. */
    private static Set<String> keysMatching(UnifiedJedis server, String pattern) {
        Set<String> keys = new HashSet<>(); // SCAN may return a key twice
        ScanIteration scan = server.scanIteration(1000, pattern);
        while (!scan.isIterationCompleted()) {
            keys.addAll(scan.nextBatchList());
        }
        return keys;
    }

    /** How many of {@code keys} were still there: one UNLINK a key, since on a cluster keys in different slots cannot share one. */
    private static long unlink(UnifiedJedis server, Set<String> keys) {
        List<Response<Long>> removed = new ArrayList<>();
        try (AbstractPipeline pipe = server.pipelined()) {
            keys.forEach(key -> removed.add(pipe.unlink(key)));
        }
        return removed.stream().mapToLong(Response::get).sum();
    }

    /** Stops the heartbeat and deletes this run's keys, then the heartbeat key. */
    @Override
    public void close() {
        heartbeat.shutdownNow();
        try {
            heartbeat.awaitTermination(1, TimeUnit.SECONDS);
            unlink(server, keysMatching(server, prefix + "*"));
            server.del(heartbeatKey);
        } catch (JedisException | InterruptedException e) {
            // The server is gone, or we were interrupted: the next run sweeps these keys.
        }
    }
}
