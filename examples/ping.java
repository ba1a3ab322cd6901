///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//COMPILE_OPTIONS -encoding UTF-8
//DEPS redis.clients:jedis:8.0.2
//SOURCES support/*.java
//DESCRIPTION Check that Redis is running: PING answers PONG.
package pipelining;

import redis.clients.jedis.RedisClient;

class ping {

    public static void main(String[] args) {
        Tutorial.run(tutorial -> checkRedisIsRunning(tutorial.redis, tutorial.wire));
    }

    static void checkRedisIsRunning(RedisClient redis, Wire wire) {
        // tag::ping[]
        System.out.println(redis.ping());
        // end::ping[]
        System.out.println("On the wire: " + wire.tally()); // counted at the client's socket since the section began
    }
}
