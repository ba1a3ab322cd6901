///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//DEPS redis.clients:jedis:8.0.2
//DEPS com.github.codemonstur:embedded-redis:1.4.4
//DEPS org.slf4j:slf4j-api:2.0.20
//DEPS org.slf4j:slf4j-nop:2.0.20
//DEPS info.picocli:picocli:4.7.7
//SOURCES ../examples/Tutorial.java
//DESCRIPTION Exercise: pipeline this loop of 500 SETs. Check it with ./jbang check exercises/pipeline_this_loop.java
package pipelining;

import redis.clients.jedis.RedisClient;

class pipeline_this_loop {

    public static void main(String[] args) {
        Tutorial.run(pipeline_this_loop::storeItems);
    }

    static void storeItems(RedisClient redis) {
        // TODO: send these 500 SETs in one pipeline, instead of waiting for a reply after each one
        for (int i = 0; i < 500; i++) {
            redis.set("item:" + i, "value " + i);
        }
        System.out.println("item:499 = " + redis.get("item:499"));
    }
}
