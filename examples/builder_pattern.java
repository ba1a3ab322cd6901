///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//COMPILE_OPTIONS -encoding UTF-8
//DEPS redis.clients:jedis:8.0.2
//SOURCES support/*.java
//DESCRIPTION The builder pattern: a repository whose methods queue on one pipeline and return this, so calls chain as in the notebook.
package pipelining;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.RedisClient;

class builder_pattern {

    public static void main(String[] args) {
        Tutorial.run(tutorial -> chainComplexOperations(tutorial.redis, tutorial.wire));
    }

    // tag::data[]
    record User(String email, String username) {
        User(String email) {
            this(email, email.substring(0, email.indexOf('@'))); // the notebook's default: the name before @
        }
    }

    record Post(String title, String body, String author) {
    }
    // end::data[]

    // tag::repository[]
    /** Each method queues commands on one pipeline and returns this; execute() sends them, reads the replies. */
    static class RedisRepository implements AutoCloseable {
        private final Pipeline pipe;

        RedisRepository(RedisClient redis) {
            pipe = redis.pipelined();
        }

        RedisRepository addUser(User user) {
            pipe.hset("user:" + user.username(), Map.of("username", user.username(), "email", user.email()));
            return this;
        }

        RedisRepository addPost(Post post) {
            String key = "post:#" + post.title() + "#";
            if (post.author() == null) { // the notebook's default: a post of no one's
                pipe.hset(key, Map.of("title", post.title(), "body", post.body()));
            } else {
                pipe.hset(key, Map.of("title", post.title(), "body", post.body(), "author", post.author()));
                pipe.sadd("user:" + post.author() + ":posts", key);
            }
            return this;
        }

        RedisRepository addFollow(String follower, String followee) {
            pipe.sadd("user:" + follower + ":following", followee);
            pipe.sadd("user:" + followee + ":followers", follower);
            return this;
        }

        List<Object> execute() {
            return pipe.syncAndReturnAll();
        }

        @Override
        public void close() {
            pipe.close(); // gives the connection back to the pool
        }
    }
    // end::repository[]

    static void chainComplexOperations(RedisClient redis, Wire wire) {
        // tag::chain[]
        try (RedisRepository repository = new RedisRepository(redis)) {
            List<Object> replies = repository
                    .addUser(new User("alice@example.com"))
                    .addUser(new User("bob@example.com"))
                    .addFollow("alice", "bob")
                    .addPost(new Post("Pipelines", "Many commands, one round trip.", "alice"))
                    .execute();
            System.out.println(replies);
        }
        // end::chain[]
        System.out.println("On the wire, for the 6 commands: " + wire.tally());
        // tag::afterwards[]
        for (String hash : List.of("user:alice", "user:bob", "post:#Pipelines#")) {
            System.out.println(hash + " " + new TreeMap<>(redis.hgetAll(hash))); // sorted: a hash has no order
        }
        for (String set : List.of("user:alice:following", "user:bob:followers", "user:alice:posts")) {
            System.out.println(set + " " + new TreeSet<>(redis.smembers(set)));
        }
        // end::afterwards[]
    }
}
