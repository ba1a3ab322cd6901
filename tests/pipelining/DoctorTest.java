package pipelining;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The workshop's pre-flight check, and the offline mode it prepares. */
class DoctorTest {

    /**
     * Every check, on a machine that is ready, against a shared server where a run died: doctor sweeps that run's
     * keys and leaves the user's. Both runs have the plain C locale (no UTF-8, as on many servers and new accounts):
     * doctor still shows its ✓. Then, where the build may cut the network off (root, unshare and ip), a script runs
     * with no network but loopback, compiled afresh from the libraries that building doctor fetched, and so also
     * compiled under the C locale, its comments being UTF-8 (JBang keeps what it built by the sources' content, so
     * only an empty cache of the test's own makes it build there).
     */
    @Test
    void aReadyMachinePassesEveryCheckAndAfterTheDoctorScriptsRunWithTheNetworkOff() throws Exception {
        try (PrivateRedis redis = PrivateRedis.start(PrivateRedis.Kind.preferred())) {
            redis.raw.set("pipelining-tutorial:deadbeef:incr_key", "41"); // a run's key, and no heartbeat: it died
            redis.raw.set("incr_key", "mine");
            // TUTORIAL_REDIS keeps doctor away from port 6379, which tests never touch
            Sections.Run run = Sections.jbang(Map.of("REDIS_URL", redis.url(), "TUTORIAL_REDIS", "embedded",
                    "LANG", "C", "LC_ALL", "C"), "doctor");
            assertEquals(0, run.exitCode(), run.stdout() + run.stderr());
            List<String> lines = run.stdout().lines().toList();
            assertEquals(6, lines.size(), run.stdout());
            assertTrue(lines.stream().allMatch(line -> line.startsWith("✓ ")), run.stdout());
            assertTrue(run.stdout().contains("✓ The embedded Redis starts on this machine"), run.stdout());
            assertTrue(run.stdout().contains("✓ Redis: REDIS_URL answers (Redis ") && run.stdout()
                    .contains("; removed 1 keys left by 1 run(s) that died"), run.stdout());
            assertEquals("mine", redis.raw.get("incr_key"));
            assertEquals(1, redis.raw.dbSize(), "the dead run's key is still there");
        }
        if (!(OnPath.find("unshare") != null && OnPath.find("ip") != null
                && ProcessHandle.current().info().user().orElse("").equals("root"))) {
            System.err.println("[test] The network-off run is skipped: it cuts the network off with a network namespace"
                    + " (unshare -n), which needs root and the unshare and ip commands");
            return;
        }
        Path freshCache = Path.of("target", "jbang-cache-offline").toAbsolutePath();
        LocalRedis.deleteFolder(freshCache);
        Files.createDirectories(freshCache);
        Process offline = new ProcessBuilder("unshare", "-n", "sh", "-c", "ip link set lo up && env -u REDIS_URL"
                + " LANG=C LC_ALL=C TUTORIAL_REDIS=embedded JBANG_CACHE_DIR=" + freshCache + " ./jbang --offline execute")
                .redirectErrorStream(true).start();
        String printed = new String(offline.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(offline.waitFor(2, TimeUnit.MINUTES));
        assertEquals(0, offline.exitValue(), printed);
        assertTrue(printed.contains("[OK, OK, a value]"), printed);
        assertTrue(printed.contains("[jbang] Building jar for execute.java"), "it was not built here: " + printed);
    }

    /** ./jbang tells the doctor where the tutorial is (TUTORIAL_ROOT); an installed JBang does not. */
    @Test
    void runFromAnotherFolderItNamesTheTutorialsFolder() {
        assertEquals("Run the doctor from the tutorial's folder: cd \"/home/ann/my tutorial\" && ./jbang doctor",
                doctor.misuse(Path.of("docs"), "/home/ann/my tutorial", new String[0]));
        assertEquals("Run the doctor from the tutorial's folder: cd <the folder of jbang-catalog.json> && ./jbang doctor",
                doctor.misuse(Path.of("docs"), null, new String[0]));
    }

    @Test
    void runWithAnOptionItSaysHowToRunIt() {
        assertEquals("The doctor takes no options (--warm-up): run ./jbang doctor; building it fetched every library the"
                + " sections use", doctor.misuse(Path.of(""), null, new String[] {"--warm-up"}));
        assertNull(doctor.misuse(Path.of(""), null, new String[0]));
    }

    @Test
    void aFailingCheckSaysHowToFixItAndExitsNonZero() {
        int closed = Ports.free();
        doctor.Check redis = doctor.whichRedis(Map.of("REDIS_URL", "redis://127.0.0.1:" + closed));
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        int exitCode = doctor.report(List.of(doctor.java(), redis), new PrintStream(printed, true, StandardCharsets.UTF_8));
        assertEquals(1, exitCode);
        String failed = printed.toString(StandardCharsets.UTF_8).lines().filter(line -> line.startsWith("✗ ")).findFirst()
                .orElseThrow();
        assertTrue(failed.startsWith("✗ Redis: REDIS_URL does not work → Cannot reach Redis at redis://127.0.0.1:" + closed),
                failed);
    }
}
