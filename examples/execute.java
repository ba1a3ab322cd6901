///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//COMPILE_OPTIONS -encoding UTF-8
//DEPS redis.clients:jedis:8.0.2
//SOURCES support/*.java
//DESCRIPTION Execute a pipeline: one round trip, and the replies come back as one ordered list.
package pipelining;

import java.util.List;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.Response;

class execute {

    public static void main(String[] args) {
        Tutorial.run(tutorial -> executePipeline(tutorial.redis, tutorial.wire));
    }

    static void executePipeline(RedisClient redis, Wire wire) {
        // tag::execute[]
        try (Pipeline pipe = redis.pipelined()) {
            Response<String> setA = pipe.set("a", "a value");
            Response<String> setB = pipe.set("b", "b value");
            Response<String> getA = pipe.get("a");
            List<Object> replies = pipe.syncAndReturnAll(); // one round trip for all three
            System.out.println(replies);

            System.out.println("set a \"a value\" -> " + setA.get());
            System.out.println("set b \"b value\" -> " + setB.get());
            System.out.println("get a           -> " + getA.get());
        }
        // end::execute[]
        System.out.println("On the wire, for the 3 commands: " + wire.tally()); // counted at the client's socket
    }
}
