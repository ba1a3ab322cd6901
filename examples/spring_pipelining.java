///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//COMPILE_OPTIONS -encoding UTF-8
//DEPS redis.clients:jedis:8.0.2
//DEPS io.lettuce:lettuce-core:7.7.0.RELEASE
//DEPS org.springframework.data:spring-data-redis:4.1.2
//SOURCES support/*.java
//SOURCES support/netty/*.java
//SOURCES support/lettuce/*.java
//SOURCES support/spring/*.java
//DESCRIPTION Spring Data Redis on Lettuce: executePipelined, what its flush policies write for 100,000 INCR, and a callback that returns a value.
package pipelining;

import io.lettuce.core.RedisURI;
import io.lettuce.core.resource.ClientResources;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.springframework.dao.InvalidDataAccessApiUsageException;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnection.PipeliningFlushPolicy;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.RedisOperations;
import org.springframework.data.redis.core.SessionCallback;
import org.springframework.data.redis.core.StringRedisTemplate;

class spring_pipelining {

    static final int COUNT = 100_000; // the notebook's
    static final int BUFFERED = 1_000;

    public static void main(String[] args) {
        Tutorial.run(tutorial -> {
            // tag::connect[]
            LettuceConnectionFactory factory = factory(tutorial);
            StringRedisTemplate template = template(factory, tutorial.namespace);
            // end::connect[]
            buildAndExecute(template, tutorial.wire);
            Timing oneAtATime = Timing.measure(tutorial.redis, tutorial.wire, COUNT, null, "one at a time",
                    () -> incrOneAtATime(template));
            System.out.println();
            System.out.println(oneAtATime.block("The template, one command at a time") + "\n");
            flushPolicies().forEach((name, policy) -> {
                factory.setPipeliningFlushPolicy(policy); // read by each connection the factory hands out from now on
                Timing pipelined = Timing.measure(tutorial.redis, tutorial.wire, COUNT, null, name,
                        () -> incrPipelined(template));
                System.out.println(pipelined.block("executePipelined, " + name) + "\n");
            });
            callbackThatReturnsAValue(template);
        });
    }

    // tag::client[]
    /** Spring's factory on Lettuce, counted by the tutorial's wire, destroyed when the run ends. */
    static LettuceConnectionFactory factory(Tutorial<?> tutorial) {
        ClientResources resources = CountedResources.on(tutorial.wire); // with the counter
        LettuceConnectionFactory factory = new LettuceConnectionFactory(
                LettuceConnectionFactory.createRedisConfiguration(RedisURI.create(tutorial.uri.toString())),
                LettuceClientConfiguration.builder().clientResources(resources).build());
        factory.afterPropertiesSet(); // what a Spring context would call
        factory.start();
        tutorial.closeFirst(() -> { // before the run's keys are deleted
            factory.destroy();
            resources.shutdown(0, 2, TimeUnit.SECONDS);
        });
        return factory;
    }

    static StringRedisTemplate template(LettuceConnectionFactory factory, String namespace) {
        StringRedisTemplate template = new StringRedisTemplate(factory);
        template.setKeySerializer(new NamespacedKeys(namespace)); // every key under the run's namespace
        return template;
    }
    // end::client[]

    /** The factory's flush policies, by the names the output gives them, the default first. */
    static Map<String, PipeliningFlushPolicy> flushPolicies() {
        Map<String, PipeliningFlushPolicy> policies = new LinkedHashMap<>();
        policies.put("flushEachCommand() (the default)", PipeliningFlushPolicy.flushEachCommand());
        policies.put("buffered(" + BUFFERED + ")", PipeliningFlushPolicy.buffered(BUFFERED));
        policies.put("flushOnClose()", PipeliningFlushPolicy.flushOnClose());
        return policies;
    }

    static void buildAndExecute(StringRedisTemplate template, Wire wire) {
        Wire.Tally before = wire.tally();
        // tag::build[]
        List<Object> replies = template.executePipelined(new SessionCallback<Object>() {
            @Override
            public <K, V> Object execute(RedisOperations<K, V> operations) {
                // the template's calls go to the pipeline's connection, bound to this thread
                template.opsForValue().set("a", "a value");
                template.opsForValue().set("b", "b value");
                String getA = template.opsForValue().get("a");
                System.out.println("Inside the callback, get(\"a\") returned " + getA); // no reply is read here
                return null; // the replies are what executePipelined returns
            }
        });
        // end::build[]
        System.out.println("Replies: " + replies);
        System.out.println("On the wire: " + wire.since(before));
    }

    // tag::one-at-a-time[]
    static String incrOneAtATime(StringRedisTemplate template) {
        for (int i = 0; i < COUNT; i++) {
            template.opsForValue().increment("incr_key"); // waits for its reply
        }
        return template.opsForValue().get("incr_key");
    }
    // end::one-at-a-time[]

    // tag::pipelined[]
    static String incrPipelined(StringRedisTemplate template) {
        List<Object> replies = template.executePipelined(new SessionCallback<Object>() {
            @Override
            public <K, V> Object execute(RedisOperations<K, V> operations) {
                for (int i = 0; i < COUNT; i++) {
                    template.opsForValue().increment("incr_key"); // written when the flush policy says
                }
                template.opsForValue().get("incr_key");
                return null;
            }
        });
        return (String) replies.get(replies.size() - 1);
    }
    // end::pipelined[]

    static void callbackThatReturnsAValue(StringRedisTemplate template) {
        // tag::non-null[]
        try {
            template.executePipelined(new SessionCallback<Object>() {
                @Override
                public <K, V> Object execute(RedisOperations<K, V> operations) {
                    template.opsForValue().increment("incr_key");
                    return "done"; // a value here has nowhere to go
                }
            });
        } catch (InvalidDataAccessApiUsageException e) {
            System.out.println("A callback that returns a value: " + e.getMessage());
        }
        // end::non-null[]
    }
}
