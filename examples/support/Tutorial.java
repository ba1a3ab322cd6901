//DEPS redis.clients:jedis:8.0.2
package pipelining;

import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisException;

/**
 * The one entry point, for a script's main, the notebook and the playground: it picks the server, opens the run's
 * session on its namespace, and hands a section what it needs; closing it (or the end of the run, or Ctrl-C)
 * cleans up. A Jedis section uses {@link #redis} and {@link #wire}; a section with another client builds that
 * client on {@link #uri} with its keys under {@link #namespace}, and hands it to {@link #closeFirst}.
 */
public final class Tutorial<C extends UnifiedJedis> implements AutoCloseable {

    /** The lesson's client: {@code a} on it is {@code pipelining-tutorial:<run id>:a} on the server. */
    public final C redis;
    /** What {@link #redis} sends and waits for, counted at its sockets from zero. */
    public final Wire wire;
    /** Where the lesson's clients connect: the server, or the simulated network in front of it. */
    public final URI uri;
    /** {@code pipelining-tutorial:<run id>:}, under which every key of the run goes; deleted at the end. */
    public final String namespace;
    /** The simulated network in front of the server, for a run through one; null otherwise. */
    final LatencyProxy proxy;
    /** The server itself, as messages name it. */
    private final URI server;
    /** What the cleanup does, said when it runs on the JVM's exit. */
    private final String cleanedUp;
    private final Cleanup cleanup;

    private Tutorial(Session<C> session, URI uri, LatencyProxy proxy, URI server, String cleanedUp, Cleanup cleanup) {
        this.redis = session.client;
        this.wire = session.wire;
        this.uri = uri;
        this.namespace = session.namespace();
        this.proxy = proxy;
        this.server = server;
        this.cleanedUp = cleanedUp;
        this.cleanup = cleanup;
    }

    /** Runs a script's section against the Redis that {@link ServerChoice} picks; exits non-zero if it cannot. */
    static void run(Consumer<Tutorial<RedisClient>> section) {
        exitIfFailed(run(on(System.getenv(), System.err, null), section, System.err));
    }

    /**
     * The same through a {@link LatencyProxy} that makes each round trip {@code rtt} longer ({@link #proxy} records
     * when bytes reach Redis, even with {@code rtt} zero).
     */
    static void run(Duration rtt, Consumer<Tutorial<RedisClient>> section) {
        exitIfFailed(run(on(System.getenv(), System.err, rtt), section, System.err));
    }

    /**
     * The same against a Redis Cluster: the one REDIS_CLUSTER_URL names (redis://[[user]:password@]host:port[,host:port…]),
     * else an embedded 3-shard cluster on free ports.
     */
    static void runOnCluster(Consumer<Tutorial<RedisClusterClient>> section) {
        exitIfFailed(run(onCluster(System.getenv(), System.err), section, System.err));
    }

    /** For the notebook and the playground: the server a script would choose, until close() or the JVM's exit. */
    public static Tutorial<RedisClient> open() {
        LibraryLog.warningsAsOneLine();
        Cleanup cleanup = new Cleanup(); // also on the JVM's exit: a kernel shut down, a JShell left
        try {
            Tutorial<RedisClient> tutorial = on(System.getenv(), System.err, null).open(cleanup);
            cleanup.whenStopped(() -> System.err.println("[tutorial] " + tutorial.cleanedUp)); // their normal end
            return tutorial;
        } catch (RuntimeException e) {
            cleanup.close();
            throw e;
        }
    }

    /** The same for JShell, where a stack trace would bury the reason: one line, and the JVM exits with its code. */
    public static Tutorial<RedisClient> openOrExit() {
        try {
            return open();
        } catch (Problem problem) {
            System.err.println("[tutorial] " + problem.getMessage());
            System.exit(problem.exitCode);
            throw problem; // not reached
        }
    }

    /** Closes {@code client} when the run ends, before the run's keys are deleted; returns it. */
    public <T extends AutoCloseable> T closeFirst(T client) {
        return cleanup.add(client);
    }

    /** Deletes this run's keys, and stops the Redis it started, if it did. */
    @Override
    public void close() {
        cleanup.close();
    }

    /** How a run opens what it needs, each part added to its cleanup as soon as it exists. */
    interface Opener<C extends UnifiedJedis> {
        Tutorial<C> open(Cleanup cleanup);
    }

    /**
     * {@code env}: where REDIS_URL and TUTORIAL_REDIS are read; {@code err}: where its lines go; {@code rtt}: null
     * for straight to the server, else the round trip a {@link LatencyProxy} in front of it adds.
     */
    static Opener<RedisClient> on(Map<String, String> env, PrintStream err, Duration rtt) {
        return cleanup -> {
            Server server = cleanup.add(ServerChoice.find(env));
            LatencyProxy proxy = rtt == null ? null : cleanup.add(new LatencyProxy(server.uri, rtt));
            URI uri = proxy == null ? server.uri : proxy.inFrontOf(server.uri);
            return opened(cleanup, server, Session.open(uri), uri, proxy, err, rtt);
        };
    }

    static Opener<RedisClusterClient> onCluster(Map<String, String> env, PrintStream err) {
        return cleanup -> {
            if (env.getOrDefault("REDIS_CLUSTER_URL", "").isBlank()) { // a few seconds with nothing else to show
                err.println("[tutorial] Starting an embedded Redis Cluster of 3 shards...");
            }
            Server cluster = cleanup.add(Cluster.find(env));
            return opened(cleanup, cluster, Session.openCluster(cluster.uri), cluster.uri, null, err, null);
        };
    }

    private static <C extends UnifiedJedis> Tutorial<C> opened(Cleanup cleanup, Server server, Session<C> session,
            URI uri, LatencyProxy proxy, PrintStream err, Duration rtt) {
        cleanup.add(session);
        String cleanedUp = "Cleaned up: this run's keys on " + RedisUrl.redacted(server.uri) + " are deleted"
                + (server.startedHere ? ", and the Redis it started is stopped" : "") + ".";
        cleanup.whenStopped(() -> err.println("[tutorial] Interrupted. " + cleanedUp));
        String through = rtt == null || rtt.isZero() ? "" : ", through a simulated round trip of " + rtt.toNanos() / 1e6
                + String.format(Locale.ROOT, " ms (a PING takes %.2f ms)", session.pingMillis());
        err.println("[tutorial] Using Redis " + session.version + " at " + RedisUrl.redacted(server.uri) + " ("
                + server.origin + ")" + through);
        if (session.swept().keys() > 0) {
            err.println("[tutorial] Removed " + session.swept().keys() + " keys left by " + session.swept().runs()
                    + " earlier run(s) that ended without cleaning up");
        }
        return new Tutorial<>(session, uri, proxy, server.uri, cleanedUp, cleanup);
    }

    /** Runs {@code section} on what {@code open} opens: 0, or the exit code after one line on {@code err}. */
    static <C extends UnifiedJedis> int run(Opener<C> open, Consumer<Tutorial<C>> section, PrintStream err) {
        LibraryLog.warningsAsOneLine();
        try (Cleanup cleanup = new Cleanup()) { // closes the session, then the proxy, then the server
            try {
                Tutorial<C> tutorial = open.open(cleanup);
                try {
                    section.accept(tutorial);
                } catch (JedisConnectionException lost) {
                    throw lostConnection(tutorial.server, lost);
                } catch (JedisException e) {
                    throw Problem.from(e, tutorial.server);
                } catch (Problem problem) {
                    throw problem; // said already
                } catch (RuntimeException e) { // another client's: Lettuce's, Spring's, Redisson's
                    if (!cleanup.stopped() && Problem.fromTheNetwork(e)) {
                        throw lostConnection(tutorial.server, e);
                    }
                    if (!cleanup.stopped() && Problem.timedOut(e)) {
                        throw new Problem("Redis at " + RedisUrl.redacted(tutorial.server) + " stopped answering during the"
                                + " run: a command got no reply within the client's timeout. Check that it is still running;"
                                + " commands already sent may or may not have run, so check the data before you run it"
                                + " again.", 1);
                    }
                    throw e;
                }
                return 0;
            } catch (Problem problem) {
                if (cleanup.stopped()) {
                    return 130;
                }
                err.println("[tutorial] " + problem.getMessage());
                return problem.exitCode;
            } catch (RuntimeException e) {
                if (cleanup.stopped()) { // stopped from outside: a failure on the way out is no news
                    return 130;
                }
                throw e;
            }
        }
    }

    private static void exitIfFailed(int exitCode) {
        if (exitCode != 0) {
            System.exit(exitCode);
        }
    }

    private static Problem lostConnection(URI uri, RuntimeException lost) {
        return new Problem("Lost the connection to Redis at " + RedisUrl.redacted(uri) + " during the run ("
                + Problem.rootMessage(lost) + "). Commands already sent may or may not have run: check the data"
                + " before you run it again, since re-sending them (an INCR, say) would apply them twice.", 1);
    }
}
