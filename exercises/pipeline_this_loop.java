///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//COMPILE_OPTIONS -encoding UTF-8
//DEPS redis.clients:jedis:8.0.2
//SOURCES ../examples/support/*.java
//DESCRIPTION Exercise: pipeline this loop of 500 SETs. Check it with ./jbang check exercises/pipeline_this_loop.java
package pipelining;

import redis.clients.jedis.RedisClient;

class pipeline_this_loop {

    public static void main(String[] args) {
        Tutorial.run(tutorial -> storeItems(tutorial.redis));
    }

    static void storeItems(RedisClient redis) {
        // TODO: send these 500 SETs in one pipeline, instead of waiting for a reply after each one
        for (int i = 0; i < 500; i++) {
            redis.set("item:" + i, "value " + i);
        }
        System.out.println("item:499 = " + redis.get("item:499"));
    }
}
