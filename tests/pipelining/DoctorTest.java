package pipelining;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The workshop's pre-flight check, and the offline mode it prepares. */
class DoctorTest {

    @Test
    void aReadyMachinePassesEveryCheck() {
        Sections.Run run = Sections.jbang(Map.of("TUTORIAL_REDIS", "embedded"), "doctor");
        assertEquals(0, run.exitCode(), run.stdout() + run.stderr());
        List<String> lines = run.stdout().lines().toList();
        assertEquals(6, lines.size(), run.stdout());
        assertTrue(lines.stream().allMatch(line -> line.startsWith("✓ ")), run.stdout());
        assertTrue(run.stdout().contains("✓ The embedded Redis starts on this machine"), run.stdout());
    }

    /**
     * A machine whose locale is plain C (no UTF-8, as on many servers and new accounts) still builds the
     * scripts, whose comments are UTF-8, and shows doctor's ✓. A copy, so JBang builds it afresh here.
     */
    @Test
    void aMachineWithTheCLocaleBuildsTheScriptsAndShowsTheirSymbols() throws IOException {
        Path copy = Path.of("target", "c-locale", "examples");
        Files.createDirectories(copy.resolve("support"));
        try (Stream<Path> support = Files.list(Path.of("examples", "support"))) {
            for (Path file : support.toList()) {
                Files.copy(file, copy.resolve("support").resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Files.copy(Path.of("examples", "doctor.java"), copy.resolve("doctor.java"), StandardCopyOption.REPLACE_EXISTING);
        Sections.Run run = Sections.jbang(Map.of("LANG", "C", "LC_ALL", "C", "TUTORIAL_REDIS", "embedded"),
                copy.resolve("doctor.java").toString());
        assertEquals(0, run.exitCode(), run.stdout() + run.stderr());
        assertTrue(run.stdout().startsWith("✓ Java "), run.stdout());
    }

    @Test
    void aFailingCheckSaysHowToFixItAndExitsNonZero() throws IOException {
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        // TUTORIAL_REDIS keeps doctor away from port 6379, which tests never touch
        Sections.Run run = Sections.jbang(Map.of("REDIS_URL", "redis://127.0.0.1:" + closed, "TUTORIAL_REDIS", "embedded"),
                "doctor");
        assertEquals(1, run.exitCode(), run.stdout() + run.stderr());
        String failed = run.stdout().lines().filter(line -> line.startsWith("✗ ")).findFirst().orElseThrow();
        assertTrue(failed.startsWith("✗ Redis: REDIS_URL does not work → Cannot reach Redis at redis://127.0.0.1:" + closed),
                failed);
    }

    @Test
    void doctorSweepsTheKeysOfRunsThatDiedOnTheSharedServer() {
        try (PrivateRedis redis = PrivateRedis.start(PrivateRedis.Kind.preferred())) {
            redis.raw.set("pipelining-tutorial:deadbeef:incr_key", "41"); // a run's key, and no heartbeat: it died
            redis.raw.set("incr_key", "mine");
            Sections.Run run = Sections.jbang(Map.of("REDIS_URL", redis.url(), "TUTORIAL_REDIS", "embedded"), "doctor");
            assertTrue(run.stdout().contains("✓ Redis: REDIS_URL answers (Redis ") && run.stdout()
                    .contains("; removed 1 keys left by 1 run(s) that died"), run.stdout());
            assertEquals("mine", redis.raw.get("incr_key"));
            assertEquals(1, redis.raw.dbSize(), "the dead run's key is still there");
        }
    }

    /** After the warm-up, every script runs in a network namespace with no network but loopback. */
    @Test
    void afterTheWarmUpScriptsRunWithTheNetworkOff() throws Exception {
        assumeTrue(Server.onPath("unshare") != null && Server.onPath("ip") != null
                && ProcessHandle.current().info().user().orElse("").equals("root"), "skipped: it cuts the network off with"
                + " a network namespace (unshare -n), which needs root and the unshare and ip commands");
        Sections.Run warmUp = Sections.jbang(Map.of("TUTORIAL_REDIS", "embedded"), "doctor", "--warm-up");
        assertEquals(0, warmUp.exitCode(), warmUp.stdout());
        assertTrue(warmUp.stdout().contains("✓ Built examples/ping.java for offline use"), warmUp.stdout());
        Process offline = new ProcessBuilder("unshare", "-n", "sh", "-c",
                "ip link set lo up && env -u REDIS_URL TUTORIAL_REDIS=embedded ./jbang --offline execute").redirectErrorStream(true).start();
        assertTrue(offline.waitFor(2, TimeUnit.MINUTES));
        String printed = new String(offline.getInputStream().readAllBytes());
        assertEquals(0, offline.exitValue(), printed);
        assertTrue(printed.contains("[OK, OK, a value]"), printed);
    }
}
