///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//COMPILE_OPTIONS -encoding UTF-8
//DEPS redis.clients:jedis:8.0.2
//SOURCES support/*.java
//DESCRIPTION Pipeline errors: one failing command among good ones, in a pipeline and in MULTI/EXEC.
package pipelining;

import java.util.List;
import redis.clients.jedis.AbstractTransaction;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.Response;
import redis.clients.jedis.exceptions.JedisDataException;

class pipeline_errors {

    public static void main(String[] args) {
        Tutorial.run(tutorial -> showErrors(tutorial.redis, tutorial.wire));
    }

    /** {@code wire} counts, at the client's socket, what went over the network. */
    static void showErrors(RedisClient redis, Wire wire) {
        redis.set("a", "a value");

        // tag::pipeline[]
        try (Pipeline pipe = redis.pipelined()) {
            pipe.set("b", "b value");
            Response<Long> incrA = pipe.incr("a"); // "a value" is not a number: this one fails
            pipe.get("b");
            System.out.println("Pipeline replies: " + readable(pipe.syncAndReturnAll()));
            try {
                incrA.get();
            } catch (JedisDataException error) {
                System.out.println("incrA.get() throws: " + error.getMessage());
            }
        }
        System.out.println("The others were applied: b = " + redis.get("b"));
        // end::pipeline[]
        System.out.println();

        // tag::runtime-error[]
        try (AbstractTransaction multi = redis.multi()) {
            multi.set("c", "1");
            multi.incr("a"); // queued fine, fails when EXEC runs it
            multi.incr("c");
            System.out.println("MULTI/EXEC with a runtime error: " + readable(multi.exec()));
        }
        System.out.println("No rollback: c = " + redis.get("c"));
        // end::runtime-error[]
        System.out.println();

        // tag::queueing-error[]
        try (AbstractTransaction multi = redis.multi()) {
            multi.set("d", "1");
            multi.sendCommand(Protocol.Command.INCR, new String[0]); // no key: refused when queued
            multi.exec();
        } catch (JedisDataException error) {
            System.out.println("MULTI/EXEC with a queueing error: " + error.getMessage());
        }
        System.out.println("Nothing ran: d exists = " + redis.exists("d"));
        // end::queueing-error[]
        System.out.println();

        // tag::too-early[]
        try (Pipeline pipe = redis.pipelined()) {
            Response<String> getB = pipe.get("b");
            try {
                getB.get(); // its reply has not been read yet
            } catch (IllegalStateException error) {
                System.out.println("get() before sync: " + error.getMessage());
            }
        }
        // end::too-early[]
        System.out.println();

        // tag::exception[]
        Wire.Tally start = wire.tally();
        try (Pipeline pipe = redis.pipelined()) {
            pipe.set("e", "e value");
            throw new IllegalStateException("our own code failed");
        } catch (IllegalStateException error) { // close() ran first, and synced what was queued
            System.out.println("The block threw (" + error.getMessage() + "); on the wire: "
                    + wire.since(start));
            System.out.println("So SET e ran: e = " + redis.get("e"));
        }
        // end::exception[]
    }

    /** The replies as text; an error reply shows as its message, marked. */
    static String readable(List<Object> replies) {
        return replies.stream()
                .map(reply -> reply instanceof JedisDataException error ? "(error) " + error.getMessage() : String.valueOf(reply))
                .toList().toString();
    }
}
