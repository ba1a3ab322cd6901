///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//COMPILE_OPTIONS -encoding UTF-8
//DEPS redis.clients:jedis:8.0.2
//DEPS org.redisson:redisson:4.7.0
//SOURCES support/*.java
//SOURCES support/netty/*.java
//SOURCES support/redisson/*.java
//DESCRIPTION Redisson: an RBatch of the notebook's commands, 100,000 INCR with and without one, and a batch executed twice.
package pipelining;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import org.redisson.Redisson;
import org.redisson.api.BatchResult;
import org.redisson.api.RAtomicLong;
import org.redisson.api.RAtomicLongAsync;
import org.redisson.api.RBatch;
import org.redisson.api.RFuture;
import org.redisson.api.RedissonClient;
import org.redisson.client.NettyHook;
import org.redisson.client.codec.StringCodec;
import org.redisson.config.Config;
import redis.clients.jedis.util.JedisURIHelper;

class redisson_batch {

    static final int COUNT = 100_000; // the notebook's

    public static void main(String[] args) {
        Tutorial.run(tutorial -> {
            RedissonClient redisson = redisson(tutorial);
            buildAndExecute(redisson, tutorial.wire);
            Timing oneAtATime = Timing.measure(tutorial.redis, tutorial.wire, COUNT, null, "one at a time",
                    () -> incrOneAtATime(redisson));
            Timing batched = Timing.measure(tutorial.redis, tutorial.wire, COUNT, null, "RBatch",
                    () -> incrInABatch(redisson));
            System.out.println();
            System.out.println(oneAtATime.block("RAtomicLong, one command at a time") + "\n");
            System.out.println(batched.block("RBatch, executed once") + "\n");
            System.out.println(Timing.asFast("The batch", batched, "one command at a time", oneAtATime));
            System.out.println();
            executedTwice(redisson);
        });
    }

    // tag::client[]
    /** A client whose connections the tutorial's wire counts, shut down when the run ends. */
    static RedissonClient redisson(Tutorial<?> tutorial) {
        Config config = new Config();
        config.useSingleServer().setAddress(tutorial.uri.toString())
                .setDatabase(JedisURIHelper.getDBIndex(tutorial.uri))
                .setPingConnectionInterval(0); // no PING every 30 s per connection: only the lesson is counted
        config.setCodec(StringCodec.INSTANCE); // values as the notebook's strings, not serialized objects
        config.setNameMapper(new NamespacedNames(tutorial.namespace)); // every name (a key) under the namespace
        config.setNettyHook(new NettyHook() {
            @Override
            public void afterBoostrapInitialization(Bootstrap bootstrap) {
            }

            @Override
            public void afterChannelInitialization(Channel channel) {
                NettyWire.count(channel, tutorial.wire); // the tutorial's counter, next to the socket
            }
        });
        RedissonClient redisson = Redisson.create(config);
        tutorial.closeFirst(redisson::shutdown); // before the run's keys are deleted
        return redisson;
    }
    // end::client[]

    static void buildAndExecute(RedissonClient redisson, Wire wire) {
        Wire.Tally before = wire.tally();
        // tag::build[]
        RBatch batch = redisson.createBatch(); // commands are kept in memory until execute()
        batch.getBucket("a").setAsync("a value");
        batch.getBucket("b").setAsync("b value");
        RFuture<Object> getA = batch.getBucket("a").getAsync();
        BatchResult<?> result = batch.execute(); // all of them in one write, then every reply
        // end::build[]
        System.out.println("Replies: " + result.getResponses() + "; getA: " + getA.toCompletableFuture().join());
        System.out.println("On the wire: " + wire.since(before));
    }

    // tag::one-at-a-time[]
    static String incrOneAtATime(RedissonClient redisson) {
        RAtomicLong counter = redisson.getAtomicLong("incr_key");
        for (int i = 0; i < COUNT; i++) {
            counter.incrementAndGet(); // waits for its reply
        }
        return String.valueOf(counter.get());
    }
    // end::one-at-a-time[]

    // tag::batch[]
    static String incrInABatch(RedissonClient redisson) {
        RBatch batch = redisson.createBatch();
        RAtomicLongAsync counter = batch.getAtomicLong("incr_key");
        for (int i = 0; i < COUNT; i++) {
            counter.incrementAndGetAsync(); // kept in memory
        }
        RFuture<Long> value = counter.getAsync();
        batch.execute();
        return String.valueOf(value.toCompletableFuture().join()); // complete once execute() returns
    }
    // end::batch[]

    static void executedTwice(RedissonClient redisson) {
        // tag::twice[]
        RBatch batch = redisson.createBatch();
        batch.getAtomicLong("incr_key").incrementAndGetAsync();
        batch.execute();
        try {
            batch.execute(); // a batch runs once: make a new one for the next
        } catch (IllegalStateException e) {
            System.out.println("A batch executed twice: " + e.getMessage());
        }
        // end::twice[]
    }
}
