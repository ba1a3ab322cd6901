package pipelining;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A user's own keys on a server the tutorial shares, under the names the lessons use (a binary
 * {@code a}, a list {@code b}, an {@code incr_key} with a TTL): a run must leave them byte for byte.
 */
final class UsersKeys {

    private final PrivateRedis redis;
    private final Map<String, byte[]> dumps = new LinkedHashMap<>();
    private final long incrKeyTtl;

    private UsersKeys(PrivateRedis redis) {
        this.redis = redis;
        redis.raw.set("a".getBytes(), new byte[] {'m', 'i', 'n', 'e', 0, (byte) 0xff});
        redis.raw.rpush("b", "a list, not a string");
        redis.raw.set("incr_key", "41");
        redis.raw.expire("incr_key", 86_400);
        for (String key : new String[] {"a", "b", "incr_key"}) {
            dumps.put(key, redis.raw.dump(key));
        }
        incrKeyTtl = redis.raw.ttl("incr_key");
    }

    static UsersKeys on(PrivateRedis redis) {
        return new UsersKeys(redis);
    }

    /** They are as they were, TTL and all, and they are all there is: the run left nothing of its own. */
    void assertUntouchedAndAlone() {
        dumps.forEach((key, dump) -> assertArrayEquals(dump, redis.raw.dump(key), key));
        long ttl = redis.raw.ttl("incr_key");
        assertTrue(ttl <= incrKeyTtl && ttl > incrKeyTtl - 600, "incr_key's TTL " + ttl);
        assertEquals(dumps.size(), redis.raw.dbSize(), "keys left behind");
    }
}
