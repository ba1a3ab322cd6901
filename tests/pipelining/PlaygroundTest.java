package pipelining;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;

/** The notebook's and the playground's client, in this JVM; the playground's one launch, typed into, is in LauncherTest. */
class PlaygroundTest {

    /** The notebook's last cell, tutorial.close(): what the run wrote is gone, and your keys are as they were. */
    @Test
    void closingDeletesTheRunsKeysAndLeavesYours() {
        try (PrivateRedis server = PrivateRedis.start(PrivateRedis.Kind.preferred())) {
            UsersKeys yours = UsersKeys.on(server);
            Tutorial<RedisClient> tutorial = Tutorial.on(Map.of("REDIS_URL", server.url()), new PrintStream(
                    new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), null).open(new Cleanup());
            tutorial.redis.set("a", "the notebook's");
            assertEquals("the notebook's", tutorial.redis.get("a"));
            tutorial.close();
            yours.assertUntouchedAndAlone();
        }
    }

    @Test
    void aServerThatDoesNotAnswerFailsTheSetupWithOneLineAndPrintsNothing() {
        int closed = Ports.free();
        ByteArrayOutputStream said = new ByteArrayOutputStream();
        Problem problem = assertThrows(Problem.class, () -> Tutorial.on(Map.of("REDIS_URL", "redis://127.0.0.1:" + closed),
                new PrintStream(said, true, StandardCharsets.UTF_8), null).open(new Cleanup()));
        assertTrue(problem.getMessage().startsWith("Cannot reach Redis at redis://127.0.0.1:" + closed), problem.getMessage());
        assertEquals("", said.toString(StandardCharsets.UTF_8));
    }
}
