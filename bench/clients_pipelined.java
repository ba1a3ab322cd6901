///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//COMPILE_OPTIONS -encoding UTF-8
//DEPS redis.clients:jedis:8.0.2
//DEPS io.lettuce:lettuce-core:7.7.0.RELEASE
//DEPS org.springframework.data:spring-data-redis:4.1.2
//DEPS org.redisson:redisson:4.7.0
//SOURCES ../examples/support/*.java
//SOURCES ../examples/support/netty/*.java
//SOURCES ../examples/support/lettuce/*.java
//SOURCES ../examples/support/spring/*.java
//SOURCES ../examples/support/redisson/*.java
//SOURCES ../examples/performance_comparison.java
//SOURCES ../examples/lettuce_pipelining.java
//SOURCES ../examples/spring_pipelining.java
//SOURCES ../examples/redisson_batch.java
//DESCRIPTION Benchmark: each client's pipelined ways of the notebook's INCR, warmed up, in INCR per second.
package pipelining;

import java.util.Locale;
import java.util.function.Supplier;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * For bench/vs-redis-benchmark: the sections' own pipelined code, each way a warm-up and then the median of
 * {@value #ROUNDS} rounds of the notebook's count, one line each: client, way, INCR per second.
 */
class clients_pipelined {

    static final int ROUNDS = 3;

    public static void main(String[] args) {
        Tutorial.run(tutorial -> {
            performance_comparison jedis = new performance_comparison(); // the notebook's count, in one batch
            print(tutorial, "Jedis", "Pipeline", () -> jedis.incrWithPipeline(tutorial.redis));
            var lettuce = lettuce_pipelining.client(tutorial).connect(new NamespacedCodec(tutorial.namespace));
            print(tutorial, "Lettuce", "auto-flush-on", () -> lettuce_pipelining.incrAsync(lettuce.async()));
            print(tutorial, "Lettuce", "one-flush", () -> lettuce_pipelining.incrWithOneFlush(lettuce));
            LettuceConnectionFactory factory = spring_pipelining.factory(tutorial);
            StringRedisTemplate template = spring_pipelining.template(factory, tutorial.namespace);
            spring_pipelining.flushPolicies().forEach((name, policy) -> {
                factory.setPipeliningFlushPolicy(policy);
                print(tutorial, "Spring", name.replaceAll("[ ()]", ""), () -> spring_pipelining.incrPipelined(template));
            });
            var redisson = redisson_batch.redisson(tutorial);
            print(tutorial, "Redisson", "RBatch", () -> redisson_batch.incrInABatch(redisson));
        });
    }

    private static void print(Tutorial<redis.clients.jedis.RedisClient> tutorial, String client, String way, Supplier<String> half) {
        Timing timing = Timing.measure(tutorial.redis, tutorial.wire, lettuce_pipelining.COUNT, ROUNDS, client, half);
        System.out.printf(Locale.ROOT, "%s %s %d%n", client, way, Math.round(timing.opsPerSecond()));
    }
}
