//DEPS redis.clients:jedis:8.0.2
package pipelining;

import java.io.PrintStream;
import java.util.Map;
import redis.clients.jedis.RedisClient;

/**
 * The plumbing for code without a main of its own, the notebook's cells and the playground's JShell: the
 * server a script would choose, a client on the run's namespace, and the same cleanup, on close() or when
 * the JVM exits. Public, with public fields, because that code lives outside this package.
 */
public final class Notebook implements AutoCloseable {

    /** The lesson's client: {@code a} on it is {@code pipelining-tutorial:<run id>:a} on the server. */
    public final RedisClient redis;
    /** What {@link #redis} sent and waited for, counted at its sockets. */
    public final Wire wire;
    private final Cleanup cleanup;

    private Notebook(Session<RedisClient> session, Cleanup cleanup) {
        this.redis = session.client;
        this.wire = session.wire;
        this.cleanup = cleanup;
    }

    /** REDIS_URL, else a Redis on localhost:6379, else a private one, as for a script; a {@link Problem} if none works. */
    public static Notebook open() {
        return open(System.getenv(), System.err);
    }

    /** The same for JShell, where a stack trace would bury the reason: one line, and the JVM exits with its code. */
    public static Notebook openOrExit() {
        try {
            return open();
        } catch (Problem problem) {
            System.err.println("[tutorial] " + problem.getMessage());
            System.exit(problem.exitCode);
            throw problem; // not reached
        }
    }

    static Notebook open(Map<String, String> env, PrintStream err) {
        LibraryLog.warningsAsOneLine();
        Cleanup cleanup = new Cleanup(); // also on the JVM's exit: a kernel shut down, a JShell left
        try {
            Server server = cleanup.add(ServerChoice.find(env));
            Session<RedisClient> session = cleanup.add(Session.open(server.uri));
            Tutorial.announce(err, server, session, "");
            return new Notebook(session, cleanup);
        } catch (RuntimeException e) {
            cleanup.close();
            throw e;
        }
    }

    /** Deletes this run's keys, and stops the Redis it started, if it did. */
    @Override
    public void close() {
        cleanup.close();
    }
}
