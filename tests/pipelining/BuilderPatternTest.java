package pipelining;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class BuilderPatternTest {

    static final String OUTPUT = """
            [2, 2, 1, 1, 3, 1]
            On the wire, for the 6 commands: 1 write, 1 round trip
            user:alice {email=alice@example.com, username=alice}
            user:bob {email=bob@example.com, username=bob}
            post:#Pipelines# {author=alice, body=Many commands, one round trip., title=Pipelines}
            user:alice:following [bob]
            user:bob:followers [alice]
            user:alice:posts [post:#Pipelines#]
            """;

    /** The chain's six commands (two HSET of 2 fields, two SADD, an HSET of 3, an SADD) go out together. */
    @ParameterizedTest
    @EnumSource(PrivateRedis.Kind.class)
    void theChainQueuesEveryCallOnOnePipelineAndSendsThemInOneRoundTrip(PrivateRedis.Kind kind) {
        try (Lesson lesson = Lesson.on(kind)) {
            assertEquals(OUTPUT, Sections.stdoutOf(() -> builder_pattern.chainComplexOperations(lesson.client, lesson.wire)));
            assertEquals(Map.of("username", "alice", "email", "alice@example.com"),
                    lesson.redis.raw.hgetAll(lesson.onServer("user:alice")));
            assertEquals(Set.of("bob"), lesson.redis.raw.smembers(lesson.onServer("user:alice:following")));
            assertEquals(Set.of("post:#Pipelines#"), lesson.redis.raw.smembers(lesson.onServer("user:alice:posts")));
        }
    }

    /** The page: only a post with an author goes into a set of posts; one without is a hash of title and body. */
    @ParameterizedTest
    @EnumSource(PrivateRedis.Kind.class)
    void aPostWithoutAnAuthorIsAHashOfTitleAndBodyInNoOnesSet(PrivateRedis.Kind kind) {
        try (Lesson lesson = Lesson.on(kind);
             builder_pattern.RedisRepository repository = new builder_pattern.RedisRepository(lesson.client)) {
            assertEquals(List.of(2L), repository.addPost(new builder_pattern.Post("Anonymous", "By no one.", null)).execute());
            assertEquals(Map.of("title", "Anonymous", "body", "By no one."),
                    lesson.redis.raw.hgetAll(lesson.onServer("post:#Anonymous#")));
            assertEquals(List.of(lesson.onServer("post:#Anonymous#")), lesson.redis.runKeys(), "the hash, and no set");
        }
    }

    /** Until execute(), nothing the builder queued has reached the server: the calls only queue. */
    @ParameterizedTest
    @EnumSource(PrivateRedis.Kind.class)
    void nothingReachesTheServerUntilExecute(PrivateRedis.Kind kind) {
        try (Lesson lesson = Lesson.on(kind);
             builder_pattern.RedisRepository repository = new builder_pattern.RedisRepository(lesson.client)) {
            repository.addUser(new builder_pattern.User("alice@example.com")).addFollow("alice", "bob");
            assertEquals(0, lesson.wire.tally().writes());
            String[] keys = {lesson.onServer("user:alice"), lesson.onServer("user:alice:following"),
                    lesson.onServer("user:bob:followers")};
            assertEquals(0, lesson.redis.raw.exists(keys));
            assertEquals(3, repository.execute().size());
            assertEquals(3, lesson.redis.raw.exists(keys));
        }
    }

    /** The page: if the block ends before execute(), close() still sends what was queued and reads the replies. */
    @ParameterizedTest
    @EnumSource(PrivateRedis.Kind.class)
    void aBlockThatEndsBeforeExecuteStillSendsWhatTheRepositoryQueued(PrivateRedis.Kind kind) {
        try (Lesson lesson = Lesson.on(kind)) {
            assertThrows(StringIndexOutOfBoundsException.class, () -> {
                try (builder_pattern.RedisRepository repository = new builder_pattern.RedisRepository(lesson.client)) {
                    repository.addUser(new builder_pattern.User("alice@example.com"))
                            .addUser(new builder_pattern.User("no at sign")); // no name before an @ to take
                }
            });
            assertEquals("alice@example.com", lesson.redis.raw.hget(lesson.onServer("user:alice"), "email"));
        }
    }

    @Test
    void builderPatternAliasPrintsTheSameThroughTheLauncher() {
        assertEquals(OUTPUT, Sections.section("builder-pattern").stdout());
    }
}
