///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//COMPILE_OPTIONS -encoding UTF-8
//DEPS redis.clients:jedis:8.0.2
//SOURCES ../examples/support/*.java
//DESCRIPTION Solution: the transfer with WATCH, MULTI/EXEC and a retry.
package pipelining;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import redis.clients.jedis.AbstractTransaction;
import redis.clients.jedis.RedisClient;

class safe_transfer {

    public static void main(String[] args) {
        Tutorial.run(tutorial -> transferMoney(tutorial.redis));
    }

    /** Moves amount from one account to the other, even with others doing the same at once. */
    static void transfer(RedisClient redis, String from, String to, int amount) {
        while (true) {
            try (AbstractTransaction tx = redis.transaction(false)) { // one connection, no MULTI yet
                tx.watch(from, to);
                int fromBalance = Integer.parseInt(tx.get(from).get());
                int toBalance = Integer.parseInt(tx.get(to).get());
                tx.multi();
                tx.set(from, String.valueOf(fromBalance - amount));
                tx.set(to, String.valueOf(toBalance + amount));
                if (tx.exec() != null) {
                    return; // null: someone changed a balance after WATCH; read again and retry
                }
            }
        }
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
