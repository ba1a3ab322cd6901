///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//DEPS redis.clients:jedis:8.0.2
//SOURCES support/*.java
//DESCRIPTION Build a pipeline: queue set a, set b, get a; nothing reaches Redis until it is sent.
package pipelining;

import redis.clients.jedis.Pipeline;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.Response;

class build_pipeline {

    public static void main(String[] args) {
        Tutorial.run(build_pipeline::buildPipeline);
    }

    static void buildPipeline(RedisClient redis) {
        // tag::build[]
        Response<String> getA;
        try (Pipeline pipe = redis.pipelined()) {
            pipe.set("a", "a value");
            pipe.set("b", "b value");
            getA = pipe.get("a");

            System.out.println("Queued: set a, set b, get a");
            // exists() asks over another connection from the client's pool
            System.out.println("Key a on the server: " + redis.exists("a"));
            try {
                getA.get();
            } catch (IllegalStateException noReplyYet) {
                System.out.println("Reply to get a: none yet (" + noReplyYet.getMessage() + ")");
            }
        } // close() sends the queued commands, reads their replies, gives the connection back
        System.out.println("After close(), key a on the server: " + redis.exists("a"));
        System.out.println("After close(), reply to get a: " + getA.get());
        // end::build[]
    }
}
