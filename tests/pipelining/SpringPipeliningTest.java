package pipelining;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.dao.InvalidDataAccessApiUsageException;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.RedisOperations;
import org.springframework.data.redis.core.SessionCallback;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * What the Spring section says about Spring Data Redis on Lettuce, each on a real server, with the section's own
 * factory; its launch is in {@link ClientComparisonTest}.
 */
class SpringPipeliningTest {

    /** The section's template on a tutorial, built by the section's own code. */
    record Spring(LettuceConnectionFactory factory, StringRedisTemplate template) {

        static Spring on(Tutorial<?> tutorial) {
            LettuceConnectionFactory factory = spring_pipelining.factory(tutorial);
            return new Spring(factory, spring_pipelining.template(factory, tutorial.namespace));
        }

        List<Object> pipelined(Runnable commands) {
            return template.executePipelined(new SessionCallback<Object>() {
                @Override
                public <K, V> Object execute(RedisOperations<K, V> operations) {
                    commands.run();
                    return null;
                }
            });
        }
    }

    /**
     * The template's calls share one connection, opened at the first; without a pool, each pipeline's connection is a
     * new one, opened for it and closed after it (so its handshake is counted in the pipeline's writes).
     */
    @ParameterizedTest
    @EnumSource(PrivateRedis.Kind.class)
    void theTemplateOpensItsConnectionOnceButEachExecutePipelinedOpensOneOfItsOwnAndClosesIt(PrivateRedis.Kind kind) {
        try (PrivateRedis redis = PrivateRedis.start(kind); var tutorial = Sections.tutorialOn(redis)) {
            Spring spring = Spring.on(tutorial);
            long before = redis.stat("total_connections_received");
            spring.template.opsForValue().get("a");
            spring.template.opsForValue().get("b");
            assertEquals(before + 1, redis.stat("total_connections_received"), "one shared connection");
            long opened = redis.stat("total_connections_received");
            long connected = redis.stat("connected_clients");
            for (int pipeline = 1; pipeline <= 3; pipeline++) {
                spring.pipelined(() -> spring.template.opsForValue().increment("incr_key"));
                assertEquals(opened + pipeline, redis.stat("total_connections_received"));
                assertEquals(connected, redis.stat("connected_clients"), "it was closed");
            }
        }
    }

    /** The refused callback's commands were sent all the same: only their replies are lost. */
    @Test
    void aCallbackThatReturnsAValueIsRefusedAfterItsCommandsRan() {
        try (PrivateRedis redis = PrivateRedis.start(PrivateRedis.Kind.preferred()); var tutorial = Sections.tutorialOn(redis)) {
            Spring spring = Spring.on(tutorial);
            assertThrows(InvalidDataAccessApiUsageException.class, () -> spring.template.executePipelined(new SessionCallback<Object>() {
                @Override
                public <K, V> Object execute(RedisOperations<K, V> operations) {
                    spring.template.opsForValue().increment("incr_key");
                    return "done";
                }
            }));
            assertEquals("1", redis.raw.get(tutorial.namespace + "incr_key"));
        }
    }

    /** What "atomic" takes in Spring: MULTI and EXEC inside the pipeline; EXEC's replies come back as one entry. */
    @Test
    void multiAndExecInsideExecutePipelinedSendATransactionWhoseRepliesAreOneEntry() {
        try (PrivateRedis redis = PrivateRedis.start(PrivateRedis.Kind.preferred()); var tutorial = Sections.tutorialOn(redis)) {
            Spring spring = Spring.on(tutorial);
            long exec = LettucePipeliningTest.calls(redis, "exec");
            List<Object> replies = spring.template.executePipelined(new SessionCallback<Object>() {
                @Override
                public <K, V> Object execute(RedisOperations<K, V> operations) {
                    operations.multi();
                    spring.template.opsForValue().increment("incr_key");
                    spring.template.opsForValue().increment("incr_key");
                    operations.exec();
                    return null;
                }
            });
            assertEquals(List.of(List.of(1L, 2L)), replies);
            assertEquals(exec + 1, LettucePipeliningTest.calls(redis, "exec"));
        }
    }
}
