//DEPS redis.clients:jedis:8.0.2
package pipelining;

import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisException;

/**
 * What a script's main calls: it wires the plumbing together (which server, the run's session and
 * namespace, cleanup, one clear line for expected failures) and hands the section a client, and the
 * {@link Wire} that counts what that client sends, from zero.
 */
final class Tutorial {

    private final Map<String, String> env;
    private final PrintStream err;

    /** {@code env}: where REDIS_URL, TUTORIAL_REDIS and REDIS_CLUSTER_URL are read; {@code err}: where its lines go. */
    Tutorial(Map<String, String> env, PrintStream err) {
        this.env = env;
        this.err = err;
    }

    /** Runs one section against the Redis that {@link ServerChoice} picks; exits non-zero if it cannot. */
    static void run(Consumer<RedisClient> section) {
        run((redis, wire) -> section.accept(redis));
    }

    static void run(BiConsumer<RedisClient, Wire> section) {
        run(Duration.ZERO, section);
    }

    /** The same, with every byte to and from Redis delayed so that a round trip takes {@code rtt} longer. */
    static void run(Duration rtt, BiConsumer<RedisClient, Wire> section) {
        exitIfFailed(new Tutorial(System.getenv(), System.err).section(rtt, section));
    }

    /** A section that is handed the {@link LatencyProxy} in front of Redis too, to record when bytes reach Redis. */
    interface ProxiedSection {
        void accept(RedisClient redis, Wire wire, LatencyProxy proxy);
    }

    /** The same, handing the section the proxy too; with {@code rtt} zero there is still a proxy, that delays nothing. */
    static void run(Duration rtt, ProxiedSection section) {
        exitIfFailed(new Tutorial(System.getenv(), System.err).proxiedSection(rtt, section));
    }

    /**
     * Runs a section against a Redis Cluster: the one REDIS_CLUSTER_URL names
     * (redis://[[user]:password@]host:port[,host:port…]), else an embedded 3-shard cluster on free ports.
     */
    static void runOnCluster(BiConsumer<RedisClusterClient, Wire> section) {
        exitIfFailed(new Tutorial(System.getenv(), System.err).clusterSection(section));
    }

    private static void exitIfFailed(int exitCode) {
        if (exitCode != 0) {
            System.exit(exitCode);
        }
    }

    /** 0, or the exit code after the one line that says what went wrong. */
    int section(Duration rtt, BiConsumer<RedisClient, Wire> section) {
        if (!rtt.isZero()) {
            return proxiedSection(rtt, (redis, wire, proxy) -> section.accept(redis, wire));
        }
        return runSession(() -> ServerChoice.find(env), (cleanup, server) -> Session.open(server.uri), "", section);
    }

    int proxiedSection(Duration rtt, ProxiedSection section) {
        AtomicReference<LatencyProxy> proxy = new AtomicReference<>(); // made while the session opens, then handed on
        return runSession(() -> ServerChoice.find(env), (cleanup, server) -> {
            proxy.set(cleanup.add(new LatencyProxy(server.uri, rtt)));
            return Session.open(proxy.get().inFrontOf(server.uri));
        }, through(rtt), (redis, wire) -> section.accept(redis, wire, proxy.get()));
    }

    private static String through(Duration rtt) {
        return rtt.isZero() ? "" : ", through a simulated round trip of " + rtt.toNanos() / 1e6 + " ms";
    }

    int clusterSection(BiConsumer<RedisClusterClient, Wire> section) {
        return runSession(() -> {
            if (env.getOrDefault("REDIS_CLUSTER_URL", "").isBlank()) { // a few seconds with nothing else to show
                err.println("[tutorial] Starting an embedded Redis Cluster of 3 shards...");
            }
            return Cluster.find(env);
        }, (cleanup, cluster) -> Session.openCluster(cluster.uri), "", section);
    }

    private <C extends UnifiedJedis> int runSession(Supplier<Server> find,
            BiFunction<Cleanup, Server, Session<C>> open, String through, BiConsumer<C, Wire> section) {
        LibraryLog.warningsAsOneLine();
        try (Cleanup cleanup = new Cleanup()) { // closes the session, then the proxy, then the server
            try {
                Server server = cleanup.add(find.get());
                Session<C> session = cleanup.add(open.apply(cleanup, server));
                cleanup.whenStopped(() -> err.println("[tutorial] Interrupted. Cleaned up: this run's keys on "
                        + RedisUrl.redacted(server.uri) + " are deleted"
                        + (server.startedHere ? ", and the Redis it started is stopped" : "") + "."));
                announce(err, server, session, through);
                try {
                    section.accept(session.client, session.wire);
                } catch (JedisConnectionException lost) {
                    throw lostConnection(server.uri, lost);
                } catch (JedisException e) {
                    throw Problem.from(e, server.uri);
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

    /** Which Redis a run uses, and what it swept, on {@code err}. */
    static void announce(PrintStream err, Server server, Session<?> session, String through) {
        err.println("[tutorial] Using Redis " + session.version + " at " + RedisUrl.redacted(server.uri)
                + " (" + server.origin + ")" + through + (through.isEmpty() ? ""
                : String.format(Locale.ROOT, " (a PING takes %.2f ms)", session.pingMillis())));
        if (session.swept().keys() > 0) {
            err.println("[tutorial] Removed " + session.swept().keys() + " keys left by "
                    + session.swept().runs() + " earlier run(s) that ended without cleaning up");
        }
    }

    private static Problem lostConnection(URI uri, JedisConnectionException lost) {
        return new Problem("Lost the connection to Redis at " + RedisUrl.redacted(uri) + " during the run ("
                + Problem.rootMessage(lost) + "). Commands already sent may or may not have run: check the data"
                + " before you run it again, since re-sending them (an INCR, say) would apply them twice.", 1);
    }
}
