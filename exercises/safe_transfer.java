///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//COMPILE_OPTIONS -encoding UTF-8
//DEPS redis.clients:jedis:8.0.2
//SOURCES ../examples/support/*.java
//DESCRIPTION Exercise: make a read-modify-write transfer safe with WATCH and MULTI/EXEC. Check it with ./jbang check exercises/safe_transfer.java
package pipelining;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import redis.clients.jedis.RedisClient;

class safe_transfer {

    public static void main(String[] args) {
        Tutorial.run(tutorial -> transferMoney(tutorial.redis));
    }

    /** Moves amount from one account to the other. Eight of these run at once below. */
    static void transfer(RedisClient redis, String from, String to, int amount) {
        // TODO: two clients can read the same balance and both write: one transfer is lost.
        // Use redis.transaction(false): WATCH both keys, read them, MULTI, write them, EXEC; retry if EXEC gives null.
        int fromBalance = Integer.parseInt(redis.get(from));
        int toBalance = Integer.parseInt(redis.get(to));
        redis.set(from, String.valueOf(fromBalance - amount));
        redis.set(to, String.valueOf(toBalance + amount));
    }

    static void transferMoney(RedisClient redis) {
        redis.set("alice", "1000");
        redis.set("bob", "1000");
        ExecutorService clients = Executors.newFixedThreadPool(8);
        for (int client = 0; client < 8; client++) {
            boolean aliceSends = client % 2 == 0;
            clients.execute(() -> {
                for (int i = 0; i < 50; i++) {
                    transfer(redis, aliceSends ? "alice" : "bob", aliceSends ? "bob" : "alice", 1);
                }
            });
        }
        clients.shutdown();
        try {
            clients.awaitTermination(5, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // Four clients send alice's money to bob 50 times, four send it back: both should end where they began
        System.out.println("alice = " + redis.get("alice") + ", bob = " + redis.get("bob"));
    }
}
