package pipelining;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A user's own keys on a server the tutorial shares, under the names the lessons use (a binary
 * {@code a}, a list {@code b}, an {@code incr_key} with a TTL), and any others a test names (binary too):
 * a run must leave them byte for byte.
 */
final class UsersKeys {

    private final PrivateRedis redis;
    private final Map<String, byte[]> dumps = new LinkedHashMap<>();
    private final long incrKeyTtl;

    private UsersKeys(PrivateRedis redis, String... more) {
        this.redis = redis;
        redis.raw.set("a".getBytes(), new byte[] {'m', 'i', 'n', 'e', 0, (byte) 0xff});
        redis.raw.rpush("b", "a list, not a string");
        redis.raw.set("incr_key", "41");
        redis.raw.expire("incr_key", 86_400);
        for (String key : more) {
            redis.raw.set(key.getBytes(StandardCharsets.UTF_8), new byte[] {'m', 'i', 'n', 'e', 0});
        }
        for (String key : Stream.concat(Stream.of("a", "b", "incr_key"), Stream.of(more)).toList()) {
            dumps.put(key, redis.raw.dump(key));
        }
        incrKeyTtl = redis.raw.ttl("incr_key");
    }

    static UsersKeys on(PrivateRedis redis, String... more) {
        return new UsersKeys(redis, more);
    }

    /** How many keys are the user's. */
    int count() {
        return dumps.size();
    }

    /** They are as they were, TTL and all. */
    void assertUntouched() {
        dumps.forEach((key, dump) -> assertArrayEquals(dump, redis.raw.dump(key), key));
        long ttl = redis.raw.ttl("incr_key");
        assertTrue(ttl <= incrKeyTtl && ttl > incrKeyTtl - 600, "incr_key's TTL " + ttl);
    }

    /** They are as they were, and they are all there is: the run left nothing of its own. */
    void assertUntouchedAndAlone() {
        assertUntouched();
        assertEquals(dumps.size(), redis.raw.dbSize(), "keys left behind");
    }
}
