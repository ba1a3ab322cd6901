package pipelining;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * ./jbang as a user meets it: a typo, a folder outside the repository, a second JDK. Three launches in
 * all, the last two shared by the tests below them: ping's one launch, and the playground's, typed into.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LauncherTest {

    /** Every JVM started prints its settings to stderr, java.home among them. */
    static final Map<String, String> SHOWING_JAVA = Map.of("JDK_JAVA_OPTIONS", "-XshowSettings:properties");

    @Test
    void aMistypedAliasGetsOneLineWithTheAliasesAndTheNearestOneAndNoJavaStarts() {
        Sections.Run run = Sections.jbang(SHOWING_JAVA, "pingg");
        assertEquals(2, run.exitCode(), run.stderr());
        assertEquals("[jbang] No alias 'pingg' in this tutorial. Did you mean ping? The aliases: "
                + String.join(", ", CatalogTest.aliases().keySet()) + ".\n", run.stderr()); // no JVM's "Picked up"
        assertEquals("", run.stdout());
    }

    private Path testsJdk;
    private Optional<Path> secondJdk;
    private Sections.Run onPath;
    private Sections.Run javaHomeOverPath;
    private PrivateRedis shared;
    private UsersKeys yours;
    private Path usersCache;

    /**
     * From a folder outside the repository, with the launcher named by its absolute path and a second JDK
     * first on PATH: ping with JAVA_HOME naming the JDK these tests run on, then, with JAVA_HOME unset, the
     * playground, typed into, on a server with keys of "yours". That order builds ping with the JDK the other tests
     * use, if this is its first run. Without a second JDK, the playground runs on the java that PATH names all the
     * same. Both runs have a user's cache folder of their own, to see that the launcher leaves nothing there.
     */
    @BeforeAll
    void runPingUnderEachJdk(@TempDir Path outside, @TempDir Path cache) throws IOException {
        testsJdk = Path.of(System.getProperty("java.home")).toRealPath();
        secondJdk = secondJdk(testsJdk);
        usersCache = cache;
        String path = secondJdk.map(jdk -> jdk.resolve("bin") + ":").orElse("") + System.getenv("PATH");
        javaHomeOverPath = Sections.jbangIn(outside, pingEnv(path, testsJdk.toString()), "ping");
        shared = PrivateRedis.start(PrivateRedis.Kind.preferred());
        yours = UsersKeys.on(shared);
        Map<String, String> env = pingEnv(path, ""); // an empty JAVA_HOME counts as unset
        env.put("REDIS_URL", shared.url());
        onPath = Sections.typedInto(outside, env, "redis.ping()\nredis.set(\"a\", \"the playground's\")\nredis.get(\"a\")\n"
                + "/exit\n", "playground");
    }

    /** printf 'redis.ping()\n…/exit\n' | ./jbang playground: JShell, a client on the run's namespace, nothing left. */
    @Test
    void thePlaygroundIsJShellWithAClientOnTheRunsNamespaceAndLeavingDeletesItsKeys() {
        assertEquals(0, onPath.exitCode(), onPath.stdout() + onPath.stderr());
        assertTrue(onPath.stdout().contains("redis is connected."), onPath.stdout());
        assertTrue(onPath.stdout().contains("\"PONG\""), onPath.stdout());
        assertTrue(onPath.stdout().contains("\"the playground's\""), onPath.stdout());
        yours.assertUntouchedAndAlone(); // its a was under the run's namespace, and leaving deleted it
    }

    /**
     * ping's one launch: the first thing a new user runs, from wherever they are, on a machine with no Redis of
     * theirs. The script starts a private server on a free port and stops it when it ends.
     */
    @Test
    void pingFromAFolderOutsideTheRepositoryStartsAPrivateServerAndStopsItWhenItEnds() {
        Sections.Run run = javaHomeOverPath;
        assertEquals(0, run.exitCode(), run.stderr());
        assertEquals(PingTest.OUTPUT, run.stdout());
        Sections.saveSnippet("ping.txt", run.stdout());
        List<String> unexpected = run.stderr().lines().filter(line -> !(line.startsWith("[jbang] ")
                || line.startsWith("[tutorial] ") || line.isBlank() || line.startsWith(" ") // the JVMs' settings
                || line.equals("Property settings:") || line.startsWith("NOTE: Picked up JDK_JAVA_OPTIONS"))).toList();
        assertEquals(List.of(), unexpected, run.stderr());
        Matcher used = Pattern.compile("\\[tutorial] Using Redis (\\S+) at redis://127\\.0\\.0\\.1:(\\d+) \\((.*)\\)")
                .matcher(run.stderr());
        assertTrue(used.find(), run.stderr());
        PrivateRedis.Kind kind = PrivateRedis.Kind.preferred();
        assertTrue(used.group(3).contains(kind == PrivateRedis.Kind.EMBEDDED ? "embedded" : "redis-server"), used.group(3));
        assertTrue(used.group(3).endsWith("stopped when this script ends"), used.group(3));
        assertFalse(Ports.listening(Integer.parseInt(used.group(2))), "the server it started still listens");
    }

    @Test
    void theJdkThatPathNamesRunsTheScriptFromAFolderOutsideTheRepository() {
        assertPongUnder(secondJdk(), onPath);
    }

    @Test
    void theJdkThatJavaHomeNamesWinsOverPath() {
        secondJdk();
        assertPongUnder(testsJdk, javaHomeOverPath);
    }

    /** JBang caches its builds itself, under ~/.jbang; the launcher keeps nothing of its own. */
    @Test
    void theLauncherWritesNothingInTheUsersCache() throws IOException {
        try (Stream<Path> files = Files.walk(usersCache)) {
            assertEquals(List.of(usersCache), files.toList());
        }
    }

    @AfterAll
    void stopTheServer() {
        if (shared != null) {
            shared.close();
        }
    }

    private Path secondJdk() {
        return secondJdk.orElseGet(
                () -> Assumptions.abort("no JDK 17+ under /usr/lib/jvm besides " + testsJdk + " to switch to"));
    }

    private static void assertPongUnder(Path jdk, Sections.Run run) {
        assertEquals(0, run.exitCode(), run.stderr());
        assertTrue(run.stdout().startsWith("PONG\n") || run.stdout().contains("\"PONG\""), run.stdout());
        Matcher javaHome = Pattern.compile("(?m)^\\s*java\\.home = (.*)$").matcher(run.stderr());
        String last = null;
        while (javaHome.find()) {
            last = javaHome.group(1); // the script's JVM starts after JBang's
        }
        assertNotNull(last, run.stderr());
        try {
            assertEquals(jdk, Path.of(last).toRealPath(), run.stderr());
        } catch (IOException e) {
            throw new AssertionError(last, e);
        }
    }

    private Map<String, String> pingEnv(String path, String javaHome) {
        Map<String, String> env = new HashMap<>(SHOWING_JAVA);
        env.putAll(Map.of("TUTORIAL_REDIS", PrivateRedis.Kind.preferred().choice, "PATH", path, "JAVA_HOME", javaHome,
                "XDG_CACHE_HOME", usersCache.toString()));
        return env;
    }

    /** The newest JDK 17+ under /usr/lib/jvm but the given one. */
    static Optional<Path> secondJdk(Path besides) throws IOException {
        Path jvms = Path.of("/usr/lib/jvm");
        if (!Files.isDirectory(jvms)) {
            return Optional.empty();
        }
        try (Stream<Path> candidates = Files.list(jvms)) {
            return candidates.filter(jdk -> Files.isExecutable(jdk.resolve("bin/java")) && major(jdk) >= 17)
                    .map(LauncherTest::realPath).filter(jdk -> !jdk.equals(besides)).distinct()
                    .max(Comparator.comparingInt(LauncherTest::major));
        }
    }

    private static int major(Path jdk) {
        try {
            Matcher version = Pattern.compile("JAVA_VERSION=\"(\\d+)").matcher(Files.readString(jdk.resolve("release")));
            return version.find() ? Integer.parseInt(version.group(1)) : 0;
        } catch (IOException noRelease) {
            return 0;
        }
    }

    private static Path realPath(Path path) {
        try {
            return path.toRealPath();
        } catch (IOException e) {
            throw new AssertionError(path.toString(), e);
        }
    }
}
