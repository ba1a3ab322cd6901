//DEPS redis.clients:jedis:8.0.2
package pipelining;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisException;

/**
 * What a script's main calls: it wires the plumbing together (which server, the run's namespace,
 * cleanup, one clear line for expected failures) and hands the section a client.
 */
final class Tutorial {

    /** Set when the run is stopped from outside (Ctrl-C, kill): then a failure on the way out is no news. */
    private static volatile boolean interrupted;

    private Tutorial() {
    }

    /** Runs one section against the Redis that {@link Server#find} chooses. */
    static void run(Consumer<RedisClient> section) {
        run(Duration.ZERO, section);
    }

    /** The same, with every byte to and from Redis delayed so that a round trip takes {@code rtt} longer. */
    static void run(Duration rtt, Consumer<RedisClient> section) {
        exitOnProblem(() -> {
            Server server = Server.find(System.getenv());
            if (rtt.isZero()) {
                runSession(server, () -> Session.open(server.uri), "", () -> { }, section);
                return;
            }
            LatencyProxy proxy = new LatencyProxy(server.uri, rtt);
            runSession(server, () -> Session.open(proxy.inFrontOf(server.uri)),
                    ", through a simulated round trip of " + rtt.toNanos() / 1e6 + " ms", proxy::close, section);
        });
    }

    /**
     * Runs a section against a Redis Cluster: the one REDIS_CLUSTER_URL names
     * (redis://[[user]:password@]host:port[,host:port…]), else an embedded 3-shard cluster on free ports.
     */
    static void runOnCluster(Consumer<RedisClusterClient> section) {
        exitOnProblem(() -> {
            Server cluster = Cluster.find(System.getenv());
            runSession(cluster, () -> Session.openCluster(cluster.uri), "", () -> { }, section);
        });
    }

    /** Thread.sleep for a section, without a checked exception to handle there. */
    static void pause(long millis) {
        Server.sleep(millis);
    }

    private static void exitOnProblem(Runnable run) {
        LibraryLog.warningsAsOneLine();
        try {
            run.run();
        } catch (Problem problem) {
            if (!interrupted) {
                System.err.println("[tutorial] " + problem.getMessage());
                System.exit(problem.exitCode);
            }
        } catch (RuntimeException e) {
            if (!interrupted) {
                throw e;
            }
        }
    }

    private static <C extends UnifiedJedis> void runSession(Server server, Supplier<Session<C>> open, String through,
            Runnable closeProxy, Consumer<C> section) {
        Session<C> session;
        try {
            session = open.get();
        } catch (Problem problem) {
            closeProxy.run();
            server.close();
            throw problem;
        }
        Runnable cleanUp = Server.once(() -> {
            session.close();
            closeProxy.run();
            server.close();
        });
        AtomicBoolean ended = new AtomicBoolean();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> { // Ctrl-C or kill: clean up, and say so
            if (!ended.get()) {
                interrupted = true;
                cleanUp.run();
                System.err.println("[tutorial] Interrupted. Cleaned up: this run's keys on " + RedisUrl.redacted(server.uri)
                        + " are deleted" + (server.startedHere ? ", and the Redis it started is stopped" : "") + ".");
            }
        }));
        System.err.println("[tutorial] Using Redis " + session.version + " at " + RedisUrl.redacted(server.uri)
                + " (" + server.origin + ")" + through + (through.isEmpty() ? ""
                : String.format(Locale.ROOT, " (a PING takes %.2f ms)", Session.medianPingMillis(session.client))));
        if (session.swept().keys() > 0) {
            System.err.println("[tutorial] Removed " + session.swept().keys() + " keys left by "
                    + session.swept().runs() + " earlier run(s) that ended without cleaning up");
        }
        try {
            section.accept(session.client);
        } catch (JedisConnectionException lost) {
            throw lostConnection(server.uri, lost);
        } catch (JedisException e) {
            throw Problem.from(e, server.uri);
        } finally {
            ended.set(!interrupted);
            cleanUp.run();
        }
    }

    private static Problem lostConnection(URI uri, JedisConnectionException lost) {
        return new Problem("Lost the connection to Redis at " + RedisUrl.redacted(uri) + " during the run ("
                + Problem.rootMessage(lost) + "). Commands already sent may or may not have run: check the data"
                + " before you run it again, since re-sending them (an INCR, say) would apply them twice.", 1);
    }
}
