///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//COMPILE_OPTIONS -encoding UTF-8
//DEPS redis.clients:jedis:8.0.2
//SOURCES ../examples/support/*.java
//DESCRIPTION Solution: the loop of 500 SETs, pipelined.
package pipelining;

import redis.clients.jedis.Pipeline;
import redis.clients.jedis.RedisClient;

class pipeline_this_loop {

    public static void main(String[] args) {
        Tutorial.run(tutorial -> storeItems(tutorial.redis));
    }

    static void storeItems(RedisClient redis) {
        try (Pipeline pipe = redis.pipelined()) {
            for (int i = 0; i < 500; i++) {
                pipe.set("item:" + i, "value " + i);
            }
        } // close() sends what is still in the buffer and reads the 500 replies
        System.out.println("item:499 = " + redis.get("item:499"));
    }
}
