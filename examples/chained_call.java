///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//COMPILE_OPTIONS -encoding UTF-8
//DEPS redis.clients:jedis:8.0.2
//SOURCES support/*.java
//DESCRIPTION The chained call: the same pipeline in one block, since Jedis' commands return Response<T>, not the pipeline.
package pipelining;

import redis.clients.jedis.Pipeline;
import redis.clients.jedis.RedisClient;

class chained_call {

    public static void main(String[] args) {
        Tutorial.run(tutorial -> chainedCall(tutorial.redis, tutorial.wire));
    }

    static void chainedCall(RedisClient redis, Wire wire) {
        // tag::chained[]
        // redis-py: pipe.set("a", "a value").set("b", "b value").get("a").execute()
        // Jedis' set() returns this command's Response<String>, not the pipeline, so there is no
        // chain to write; one try block is the Java idiom, and it returns the connection too.
        try (Pipeline pipe = redis.pipelined()) {
            pipe.set("a", "a value");
            pipe.set("b", "b value");
            pipe.get("a");
            System.out.println(pipe.syncAndReturnAll());
        }
        // end::chained[]
        System.out.println("On the wire, for the 3 commands: " + wire.tally()); // counted at the client's socket
    }
}
