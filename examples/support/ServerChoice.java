//DEPS redis.clients:jedis:8.0.2
package pipelining;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import redis.clients.jedis.Connection;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Which Redis a run uses: REDIS_URL if set; else a Redis already answering on localhost:6379; else
 * redis-server from PATH on a free port; else the embedded Redis on a free port.
 * TUTORIAL_REDIS=redis-server or =embedded skips the earlier steps, for a machine whose port 6379 must
 * be left alone. {@link #of} decides without starting anything (doctor reports it); {@link #start} starts.
 */
record ServerChoice(Server existing, Path redisServer) {

    static final HostAndPort DEFAULT = new HostAndPort("localhost", 6379);

    /** The server the rules pick: one that exists, or the redis-server to start, or (both null) the embedded Redis. */
    static ServerChoice of(Map<String, String> env) {
        String url = env.getOrDefault("REDIS_URL", "");
        if (!url.isBlank()) {
            return new ServerChoice(Server.theirs(RedisUrl.parse(url), "REDIS_URL"), null);
        }
        String choice = env.getOrDefault("TUTORIAL_REDIS", "auto");
        switch (choice) {
            case "auto":
                Server running = alreadyRunning(DEFAULT);
                return running != null ? new ServerChoice(running, null) : new ServerChoice(null, OnPath.find("redis-server"));
            case "redis-server":
                Path onPath = OnPath.find("redis-server");
                if (onPath == null) {
                    throw Problem.badInput("TUTORIAL_REDIS=redis-server, but there is no redis-server on PATH."
                            + " Install Redis, or unset TUTORIAL_REDIS.");
                }
                return new ServerChoice(null, onPath);
            case "embedded":
                return new ServerChoice(null, null);
            default:
                throw Problem.badInput("TUTORIAL_REDIS=" + choice
                        + " is not a choice: use auto, redis-server or embedded (or set REDIS_URL).");
        }
    }

    /** The chosen server, started on a free port if the tutorial has to start one. */
    static Server find(Map<String, String> env) {
        return of(env).start();
    }

    Server start() {
        return existing != null ? existing : redisServer != null ? LocalRedis.redisServer(redisServer) : LocalRedis.embedded();
    }

    /** A Redis answering at {@code address} with no password, or null: then the tutorial starts its own. */
    static Server alreadyRunning(HostAndPort address) {
        var quick = DefaultJedisClientConfig.builder().connectionTimeoutMillis(300).socketTimeoutMillis(1000).build();
        try (Connection connection = new Connection(address, quick)) {
            connection.ping();
            return Server.theirs(URI.create("redis://" + address), "already running");
        } catch (JedisConnectionException nothingListening) {
            return null;
        } catch (JedisException notUsable) {
            // Answers, but needs a password or is not Redis: leave it alone and start our own.
            String why = Problem.rootMessage(notUsable).startsWith("NOAUTH") ? "needs a password"
                    : "does not answer like Redis (" + Problem.rootMessage(notUsable) + ")";
            System.err.println("[tutorial] " + address + " " + why + ", so the tutorial starts a Redis of"
                    + " its own; set REDIS_URL=redis://[user:password@]" + address + " to use that one.");
            return null;
        }
    }
}
