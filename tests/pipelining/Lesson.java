package pipelining;

import static org.junit.jupiter.api.Assertions.assertEquals;

import redis.clients.jedis.RedisClient;

/**
 * A section's setting in this JVM: a fresh private Redis of one kind, with a tutorial session open on
 * it; close() checks that the session left nothing behind, then stops the server.
 */
final class Lesson implements AutoCloseable {

    final PrivateRedis redis;
    final Session<RedisClient> session;
    /** The lesson's client, and what counts its wire from zero: what a section is handed. */
    final RedisClient client;
    final Wire wire;

    private Lesson(PrivateRedis redis) {
        this.redis = redis;
        this.session = Session.open(redis.server.uri);
        this.client = session.client;
        this.wire = session.wire;
    }

    static Lesson on(PrivateRedis.Kind kind) {
        return new Lesson(PrivateRedis.start(kind));
    }

    /** The name a section's key has on the server. */
    String onServer(String key) {
        return session.namespace() + key;
    }

    @Override
    public void close() {
        try {
            session.close();
            assertEquals(0, redis.raw.dbSize(), "keys left on the server");
        } finally {
            redis.close();
        }
    }
}
