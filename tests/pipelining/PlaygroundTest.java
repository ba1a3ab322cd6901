package pipelining;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** ./jbang playground: JShell with a connected client, typed into as a learner would, through standard input. */
class PlaygroundTest {

    @Test
    void whatALearnerTypesRunsOnTheNamespaceAndLeavingDeletesItAndTheUsersKeysStayAsTheyWere() throws Exception {
        try (PrivateRedis redis = PrivateRedis.start(PrivateRedis.Kind.preferred())) {
            UsersKeys yours = UsersKeys.on(redis);
            Sections.Launched shell = Sections.launch(Map.of("REDIS_URL", redis.url()), "playground");
            try (OutputStream typed = shell.process().getOutputStream()) {
                typed.write("redis.ping()\nredis.set(\"a\", \"the playground's\")\nredis.get(\"a\")\n/exit\n"
                        .getBytes(StandardCharsets.UTF_8));
            }
            Sections.Run run = shell.finish(2, TimeUnit.MINUTES);
            assertEquals(0, run.exitCode(), run.stdout() + run.stderr());
            assertTrue(run.stdout().contains("redis is connected."), run.stdout());
            assertTrue(run.stdout().contains("\"PONG\""), run.stdout());
            assertTrue(run.stdout().contains("\"the playground's\""), run.stdout());
            yours.assertUntouchedAndAlone(); // its a was under the run's namespace, and /exit deleted it
        }
    }

    @Test
    void aServerThatDoesNotAnswerIsOneLineBeforeAnyPrompt() {
        int closed = Ports.free();
        ByteArrayOutputStream said = new ByteArrayOutputStream();
        Problem problem = assertThrows(Problem.class, () -> Notebook.open(Map.of("REDIS_URL", "redis://127.0.0.1:" + closed),
                new PrintStream(said, true, StandardCharsets.UTF_8)));
        assertTrue(problem.getMessage().startsWith("Cannot reach Redis at redis://127.0.0.1:" + closed), problem.getMessage());
        assertEquals("", said.toString(StandardCharsets.UTF_8));
    }
}
