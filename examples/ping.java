///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//DEPS redis.clients:jedis:8.0.2
//DEPS com.github.codemonstur:embedded-redis:1.4.4
//DEPS org.slf4j:slf4j-api:2.0.20
//DEPS org.slf4j:slf4j-nop:2.0.20
//DEPS info.picocli:picocli:4.7.7
//SOURCES Tutorial.java
//DESCRIPTION Check that Redis is running: PING answers PONG.
package pipelining;

import redis.clients.jedis.RedisClient;

class ping {

    public static void main(String[] args) {
        Tutorial.run(ping::checkRedisIsRunning);
    }

    static void checkRedisIsRunning(RedisClient redis) {
        // tag::ping[]
        System.out.println(redis.ping());
        // end::ping[]
    }
}
