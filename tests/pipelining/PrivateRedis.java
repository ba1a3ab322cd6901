package pipelining;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.abort;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * A Redis server of the test's own on a free port, started by the tutorial's own fallback code:
 * Redis 7 (redis-server from PATH) or the embedded Redis 6.2. Never the one on port 6379.
 */
final class PrivateRedis implements AutoCloseable {

    /** The two ways the tutorial starts a server; every section is tested on both. */
    enum Kind {
        REDIS_SERVER("redis-server"), EMBEDDED("embedded");

        final String choice;

        Kind(String choice) {
            this.choice = choice;
        }

        /** Redis 7 where redis-server is installed, else the embedded Redis. */
        static Kind preferred() {
            return OnPath.find("redis-server") != null ? REDIS_SERVER : EMBEDDED;
        }
    }

    final Server server;
    /** Sees every key on the server, as another user of it would: no namespace. */
    final RedisClient raw;

    private PrivateRedis(Server server) {
        this.server = server;
        this.raw = RedisClient.create(server.uri);
    }

    static PrivateRedis start(Kind kind) {
        if (kind == Kind.REDIS_SERVER) {
            assumeRedisServerOnPath();
        }
        return new PrivateRedis(ServerChoice.find(Map.of("TUTORIAL_REDIS", kind.choice)));
    }

    /** Without redis-server a developer still gets a green build on the embedded Redis; CI does not. */
    static void assumeRedisServerOnPath() {
        if (OnPath.find("redis-server") == null) {
            String why = "no redis-server on PATH (Debian: apt-get install redis-server)";
            if (System.getenv("CI") != null) {
                fail(why + ": CI must test on Redis 7");
            }
            abort(why + ": tested on the embedded Redis only");
        }
    }

    /** The keys of tutorial runs on the server (not their heartbeats), sorted. */
    List<String> runKeys() {
        List<String> keys = new ArrayList<>();
        String cursor = ScanParams.SCAN_POINTER_START;
        do {
            ScanResult<String> page = raw.scan(cursor, new ScanParams().match(Namespace.ROOT + "*"));
            page.getResult().stream().filter(key -> !key.startsWith(Namespace.ALIVE)).forEach(keys::add);
            cursor = page.getCursor();
        } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
        return keys.stream().sorted().toList();
    }

    /** A number INFO reports, such as evicted_keys. */
    long stat(String name) {
        return raw.info().lines().filter(line -> line.startsWith(name + ":"))
                .mapToLong(line -> Long.parseLong(line.substring(name.length() + 1).strip())).findFirst().orElseThrow();
    }

    String url() {
        return server.uri.toString();
    }

    @Override
    public void close() {
        raw.close();
        server.close();
    }
}
