package pipelining;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Runs every test of a section on a fresh private Redis 7 and on a fresh embedded Redis, with a
 * tutorial session (namespace, TTLs) open on it, and checks the session leaves nothing behind.
 */
@ParameterizedClass(name = "on {0}")
@EnumSource(PrivateRedis.Kind.class)
abstract class OnBothServers {

    @Parameter
    PrivateRedis.Kind kind;

    PrivateRedis redis;
    Tutorial.Session session;

    @BeforeEach
    void startPrivateRedis() {
        redis = PrivateRedis.start(kind);
        session = Tutorial.Session.open(redis.server.uri);
    }

    @AfterEach
    void sessionLeavesNothingBehind() {
        try {
            if (session != null) {
                session.close();
                assertEquals(0, redis.raw.dbSize(), "keys left on the server");
            }
        } finally {
            if (redis != null) {
                redis.close();
            }
        }
    }

    /** The name a section's key has on the server. */
    String onServer(String key) {
        return session.namespace + key;
    }
}
