///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//COMPILE_OPTIONS -encoding UTF-8
//DEPS redis.clients:jedis:8.0.2
//SOURCES ../examples/support/*.java
//DESCRIPTION Solution: each batch's pipeline in try-with-resources, so its connection goes back to the pool.
package pipelining;

import redis.clients.jedis.Pipeline;
import redis.clients.jedis.RedisClient;

class close_the_pipelines {

    public static void main(String[] args) {
        Tutorial.run(tutorial -> importInBatches(tutorial.redis));
    }

    static void importInBatches(RedisClient redis) {
        for (int batch = 0; batch < 20; batch++) {
            try (Pipeline pipe = redis.pipelined()) { // close() syncs and gives the connection back
                for (int i = 0; i < 100; i++) {
                    pipe.set("row:" + (batch * 100 + i), "value " + (batch * 100 + i));
                }
            }
            System.out.println("batch " + batch + " sent");
        }
        System.out.println("row:1999 = " + redis.get("row:1999"));
    }
}
