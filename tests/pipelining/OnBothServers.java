package pipelining;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import redis.clients.jedis.RedisClient;

/**
 * Runs every test of a section on a fresh private Redis 7 and on a fresh embedded Redis, with a
 * tutorial session (its namespace) open on it, and checks the session leaves nothing behind.
 */
@ParameterizedClass(name = "on {0}")
@EnumSource(PrivateRedis.Kind.class)
abstract class OnBothServers {

    @Parameter
    PrivateRedis.Kind kind;

    PrivateRedis redis;
    Session<RedisClient> session;

    @BeforeEach
    void startPrivateRedis() {
        redis = PrivateRedis.start(kind);
        session = Session.open(redis.server.uri);
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

    /**
     * Runs an alias through ./jbang as a user would, against this test's server, and checks it
     * succeeded. The run on Redis 7 (the embedded one where there is no redis-server) also writes
     * what the alias printed to target/snippets/, where the docs include it from.
     */
    Sections.Run runAlias(String alias) {
        Sections.Run run = Sections.alias(alias, redis).assertSucceeded();
        if (writesSnippets()) {
            Sections.saveSnippet(alias + ".txt", run.stdout());
        }
        return run;
    }

    boolean writesSnippets() {
        return kind == PrivateRedis.Kind.preferred();
    }

    /** The name a section's key has on the server. */
    String onServer(String key) {
        return session.namespace() + key;
    }
}
