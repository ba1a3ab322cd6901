package pipelining;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The playground's client, in this JVM; its one launch, typed into as a learner would, is in LauncherTest. */
class PlaygroundTest {

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
