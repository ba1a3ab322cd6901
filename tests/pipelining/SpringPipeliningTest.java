package pipelining;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.lettuce.core.RedisURI;
import io.lettuce.core.resource.ClientResources;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.dao.InvalidDataAccessApiUsageException;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.RedisOperations;
import org.springframework.data.redis.core.SessionCallback;
import org.springframework.data.redis.core.StringRedisTemplate;

/** What the Spring section says about Spring Data Redis on Lettuce, each on a real server; its launch is in {@link ClientComparisonTest}. */
class SpringPipeliningTest {

    /** A template as the section builds it, on a lesson's server, namespace and wire. */
    record Spring(ClientResources resources, LettuceConnectionFactory factory, StringRedisTemplate template)
            implements AutoCloseable {

        static Spring on(Lesson lesson) {
            ClientResources resources = LettucePipeliningTest.counted(lesson.wire);
            LettuceConnectionFactory factory = new LettuceConnectionFactory(
                    LettuceConnectionFactory.createRedisConfiguration(RedisURI.create(lesson.redis.server.uri.toString())),
                    LettuceClientConfiguration.builder().clientResources(resources).build());
            factory.afterPropertiesSet();
            factory.start();
            StringRedisTemplate template = new StringRedisTemplate(factory);
            template.setKeySerializer(new NamespacedKeys(lesson.session.namespace()));
            return new Spring(resources, factory, template);
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

        @Override
        public void close() {
            factory.destroy();
            resources.shutdown(0, 2, TimeUnit.SECONDS);
        }
    }

    /**
     * The template's calls share one connection, opened at the first; without a pool, each pipeline's connection is a
     * new one, opened for it and closed after it (so its handshake is counted in the pipeline's writes).
     */
    @Test
    void theTemplateOpensItsConnectionOnceButEachExecutePipelinedOpensOneOfItsOwnAndClosesIt() {
        try (Lesson lesson = Lesson.on(PrivateRedis.Kind.preferred()); Spring spring = Spring.on(lesson)) {
            long before = lesson.redis.stat("total_connections_received");
            spring.template.opsForValue().get("a");
            spring.template.opsForValue().get("b");
            assertEquals(before + 1, lesson.redis.stat("total_connections_received"), "one shared connection");
            long opened = lesson.redis.stat("total_connections_received");
            long connected = lesson.redis.stat("connected_clients");
            for (int pipeline = 1; pipeline <= 3; pipeline++) {
                spring.pipelined(() -> spring.template.opsForValue().increment("incr_key"));
                assertEquals(opened + pipeline, lesson.redis.stat("total_connections_received"));
                assertEquals(connected, lesson.redis.stat("connected_clients"), "it was closed");
            }
        }
    }

    /** The refused callback's commands were sent all the same: only their replies are lost. */
    @Test
    void aCallbackThatReturnsAValueIsRefusedAfterItsCommandsRan() {
        try (Lesson lesson = Lesson.on(PrivateRedis.Kind.preferred()); Spring spring = Spring.on(lesson)) {
            assertThrows(InvalidDataAccessApiUsageException.class, () -> spring.template.executePipelined(new SessionCallback<Object>() {
                @Override
                public <K, V> Object execute(RedisOperations<K, V> operations) {
                    spring.template.opsForValue().increment("incr_key");
                    return "done";
                }
            }));
            assertEquals("1", lesson.redis.raw.get(lesson.onServer("incr_key")));
        }
    }

    /** What "atomic" takes in Spring: MULTI and EXEC inside the pipeline; EXEC's replies come back as one entry. */
    @Test
    void multiAndExecInsideExecutePipelinedSendATransactionWhoseRepliesAreOneEntry() {
        try (Lesson lesson = Lesson.on(PrivateRedis.Kind.preferred()); Spring spring = Spring.on(lesson)) {
            long exec = LettucePipeliningTest.calls(lesson, "exec");
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
            assertEquals(exec + 1, LettucePipeliningTest.calls(lesson, "exec"));
        }
    }
}
