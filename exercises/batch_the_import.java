///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//COMPILE_OPTIONS -encoding UTF-8
//DEPS redis.clients:jedis:8.0.2
//SOURCES ../examples/support/*.java
//DESCRIPTION Exercise: import a million rows (SET commands onto 1,000 keys) in batches, so memory stays bounded. Check it with ./jbang check exercises/batch_the_import.java
package pipelining;

import redis.clients.jedis.Pipeline;
import redis.clients.jedis.RedisClient;

class batch_the_import {

    static final int COUNT = 1_000_000;

    public static void main(String[] args) {
        Tutorial.run(tutorial -> importAll(tutorial.redis));
    }

    static void importAll(RedisClient redis) {
        try (Pipeline pipe = redis.pipelined()) {
            for (int i = 0; i < COUNT; i++) {
                pipe.set("import:" + i % 1000, "row " + i);
                // TODO: every 10,000 commands, read the replies so far, so they do not pile up in memory
            }
        }
        System.out.println("import:999 = " + redis.get("import:999"));
    }
}
