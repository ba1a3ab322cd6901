package pipelining;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/** The shared plumbing: which server, what a user sees when something is wrong, and key safety. */
class TutorialTest {

    // --- Which server ---

    @ParameterizedTest
    @ValueSource(strings = {"redis-server", "embedded"})
    void startsAPrivateServerAndStopsItWhenTheScriptEnds(String choice) throws IOException {
        if (choice.equals("redis-server")) {
            PrivateRedis.assumeRedisServerOnPath();
        }
        Sections.Run run = Sections.jbang(Map.of("TUTORIAL_REDIS", choice), "ping").assertSucceeded();
        assertEquals("PONG\n", run.stdout());
        Matcher used = Pattern.compile("\\[tutorial] Using Redis (\\S+) at redis://127\\.0\\.0\\.1:(\\d+) \\((.*)\\)")
                .matcher(run.stderr());
        assertTrue(used.find(), run.stderr());
        assertTrue(used.group(3).contains(choice.equals("embedded") ? "embedded" : "redis-server"), used.group(3));
        assertTrue(used.group(3).endsWith("stopped when this script ends"), used.group(3));
        assertFalse(Sections.listening(Integer.parseInt(used.group(2))), "the server it started still listens");
    }

    @Test
    void aServerAlreadyRunningIsUsedAsItIs() {
        try (PrivateRedis redis = PrivateRedis.start(PrivateRedis.Kind.EMBEDDED)) {
            Tutorial.Server found = Tutorial.Server.alreadyRunning(hostAndPort(redis));
            assertNotNull(found);
            assertEquals("already running", found.origin);
        }
    }

    @Test
    void aPortWithNothingOrSomethingElseIsLeftAlone() throws IOException {
        assertNull(Tutorial.Server.alreadyRunning(new HostAndPort("127.0.0.1", closedPort())));
        try (ServerSocket notRedis = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            CompletableFuture.runAsync(() -> {
                try (Socket client = notRedis.accept(); OutputStream out = client.getOutputStream()) {
                    out.write("HTTP/1.1 400 Bad Request\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                } catch (IOException ignored) {
                    // the probe hung up first
                }
            });
            assertNull(Tutorial.Server.alreadyRunning(new HostAndPort("127.0.0.1", notRedis.getLocalPort())));
        }
    }

    @Test
    void aServerThatNeedsAPasswordIsLeftAloneAndTheUserIsTold() {
        try (PrivateRedis redis = PrivateRedis.start(PrivateRedis.Kind.EMBEDDED)) {
            redis.raw.configSet("requirepass", "s3cret");
            String told = Sections.stderrOf(() -> assertNull(Tutorial.Server.alreadyRunning(hostAndPort(redis))));
            assertTrue(told.contains(hostAndPort(redis) + " needs a password, so the tutorial starts a Redis of its own"),
                    told);
        }
    }

    // --- What a user sees when something is wrong ---

    @Test
    void aClosedPortNamesTheUrlAndWhatToDo() throws IOException {
        String url = "redis://127.0.0.1:" + closedPort();
        String line = Sections.jbang(Map.of("REDIS_URL", url), "ping").assertFailedClearly(1);
        assertTrue(line.startsWith("[tutorial] Cannot reach Redis at " + url + " "), line);
        assertTrue(line.contains("unset REDIS_URL"), line);
    }

    @ParameterizedTest
    @ValueSource(strings = {"redis//localhost", "http://localhost:6379", "redis://localhost:abc",
            "redis://localhost:6379/x", "redis://local host:6379", "redis://:pa ss@localhost"})
    void aMalformedUrlIsRejectedBeforeConnecting(String url) {
        Tutorial.Problem problem = assertThrows(Tutorial.Problem.class, () -> Tutorial.parseRedisUrl(url));
        assertEquals(2, problem.exitCode);
        assertTrue(problem.getMessage().startsWith("REDIS_URL "), problem.getMessage());
        assertTrue(problem.getMessage().contains("for example redis://localhost:6379/0"), problem.getMessage());
        assertFalse(problem.getMessage().contains("pa ss"), "the password is shown: " + problem.getMessage());
    }

    @Test
    void aUrlWithoutPortMeans6379() {
        assertEquals("redis://u:p@example.org:6379/2", Tutorial.parseRedisUrl("redis://u:p@example.org/2").toString());
    }

    @Test
    void aMalformedUrlFailsClearlyThroughTheLauncher() {
        String line = Sections.jbang(Map.of("REDIS_URL", "http://localhost:6379"), "ping").assertFailedClearly(2);
        assertTrue(line.contains("must start with redis:// or rediss://"), line);
    }

    @Test
    void anUnknownServerChoiceFailsClearly() {
        String line = Sections.jbang(Map.of("TUTORIAL_REDIS", "docker"), "ping").assertFailedClearly(2);
        assertTrue(line.contains("use auto, redis-server or embedded"), line);
    }

    @Test
    void aWrongPasswordIsRefusedAndNeverPrinted() {
        try (PrivateRedis redis = PrivateRedis.start(PrivateRedis.Kind.preferred())) {
            redis.raw.configSet("requirepass", "s3cret");
            String url = redis.url().replace("redis://", "redis://:wr0ng@");
            String line = Sections.jbang(Map.of("REDIS_URL", url), "ping").assertFailedClearly(1);
            assertTrue(line.contains("refused the user name or password"), line);
            assertTrue(line.contains(redis.url().replace("redis://", "redis://:****@")), line);
            assertFalse(line.contains("wr0ng"), line);
        }
    }

    @Test
    void aMissingPasswordSaysWhereToPutIt() {
        try (PrivateRedis redis = PrivateRedis.start(PrivateRedis.Kind.preferred())) {
            redis.raw.configSet("requirepass", "s3cret");
            String line = Sections.jbang(Map.of("REDIS_URL", redis.url()), "ping").assertFailedClearly(1);
            assertTrue(line.contains("needs a password. Put it in REDIS_URL: redis://:password@host:port"), line);
        }
    }

    @Test
    void theRightPasswordWorks() {
        try (PrivateRedis redis = PrivateRedis.start(PrivateRedis.Kind.preferred())) {
            redis.raw.configSet("requirepass", "s3cret");
            String url = redis.url().replace("redis://", "redis://:s3cret@") + "/3";
            Sections.Run run = Sections.jbang(Map.of("REDIS_URL", url), "execute").assertSucceeded();
            assertEquals("[OK, OK, a value]", run.stdout().lines().findFirst().orElseThrow());
            assertFalse(run.stderr().contains("s3cret"), run.stderr());
        }
    }

    // --- Your data is safe ---

    @Test
    void aUsersOwnKeysSurviveEveryAliasByteForByte() {
        try (PrivateRedis redis = PrivateRedis.start(PrivateRedis.Kind.preferred())) {
            redis.raw.set("a".getBytes(), new byte[] {'m', 'i', 'n', 'e', 0, (byte) 0xff});
            redis.raw.rpush("b", "a list, not a string");
            redis.raw.set("incr_key", "41");
            redis.raw.expire("incr_key", 86_400);
            Map<String, byte[]> before = dumps(redis, "a", "b", "incr_key");
            long incrKeyTtl = redis.raw.ttl("incr_key");

            for (String alias : CatalogTest.aliases().keySet()) {
                if (alias.equals("check") || alias.equals("cluster-pipeline")) {
                    continue; // they start servers of their own and never use REDIS_URL
                }
                String[] quick = switch (alias) { // the defaults take long, and batch-sizes writes a chart here
                    case "batch-sizes" -> new String[] {"--count", "2000", "--chart", "target/batch-sizes-key-safety.png"};
                    case "performance-comparison" -> new String[] {"--count", "10000"};
                    default -> new String[0];
                };
                if (alias.equals("doctor")) { // a check, not a section: no "Using Redis" line; and kept off 6379
                    Sections.Run run = Sections.jbang(Map.of("REDIS_URL", redis.url(), "TUTORIAL_REDIS", "embedded"), alias);
                    assertEquals(0, run.exitCode(), run.stdout());
                } else {
                    Sections.alias(alias, redis, quick).assertSucceeded();
                }
            }

            dumps(redis, "a", "b", "incr_key").forEach((key, dump) -> assertArrayEquals(before.get(key), dump, key));
            assertTrue(redis.raw.ttl("incr_key") <= incrKeyTtl && redis.raw.ttl("incr_key") > incrKeyTtl - 600);
            assertEquals(3, redis.raw.dbSize(), "keys left behind");
        }
    }

    @Test
    void twoRunsAtOnceNeverSeeEachOthersKeys() {
        try (PrivateRedis redis = PrivateRedis.start(PrivateRedis.Kind.EMBEDDED);
             Tutorial.Session<RedisClient> first = Tutorial.Session.open(redis.server.uri);
             Tutorial.Session<RedisClient> second = Tutorial.Session.open(redis.server.uri)) {
            assertNotEquals(first.namespace, second.namespace);
            CompletableFuture<String> one = CompletableFuture.supplyAsync(() -> countTo(first, 20_000));
            CompletableFuture<String> two = CompletableFuture.supplyAsync(() -> countTo(second, 20_000));
            assertEquals("20000", one.join());
            assertEquals("20000", two.join());
        }
    }

    @Test
    void keysGetATtlSoonAfterTheyAppear() throws InterruptedException {
        try (PrivateRedis redis = PrivateRedis.start(PrivateRedis.Kind.EMBEDDED);
             Tutorial.Session<RedisClient> session = Tutorial.Session.open(redis.server.uri)) {
            session.client.set("a", "a value");
            String onServer = session.namespace + "a";
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
            while (redis.raw.ttl(onServer) == -1 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            long ttl = redis.raw.ttl(onServer);
            assertTrue(ttl > 0 && ttl <= Tutorial.KEY_TTL_SECONDS, "TTL " + ttl);
        }
    }

    @Test
    void aKilledRunLeavesOnlyKeysThatExpire() throws Exception {
        try (PrivateRedis redis = PrivateRedis.start(PrivateRedis.Kind.preferred())) {
            Sections.Launched run = Sections.launch(Map.of("REDIS_URL", redis.url()), "performance-comparison");
            try {
                long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
                while (tutorialKeys(redis).isEmpty() && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                Thread.sleep(1000); // mid-loop (the unpipelined half takes seconds), and past two janitor ticks
            } finally {
                run.process().destroyForcibly(); // SIGKILL: no cleanup code runs
                run.finish(10, TimeUnit.SECONDS);
            }
            List<String> left = tutorialKeys(redis);
            assertFalse(left.isEmpty(), "the run was killed before it wrote a key; the test proves nothing");
            for (String key : left) {
                long ttl = redis.raw.ttl(key);
                assertTrue(ttl > 0 && ttl <= Tutorial.KEY_TTL_SECONDS, key + " has TTL " + ttl);
            }
        }
    }

    private static String countTo(Tutorial.Session<RedisClient> session, int count) {
        try (Pipeline pipe = session.client.pipelined()) {
            for (int i = 0; i < count; i++) {
                pipe.incr("incr_key");
            }
        }
        return session.client.get("incr_key");
    }

    private static List<String> tutorialKeys(PrivateRedis redis) {
        List<String> keys = new ArrayList<>();
        String cursor = ScanParams.SCAN_POINTER_START;
        do {
            ScanResult<String> page = redis.raw.scan(cursor, new ScanParams().match(Tutorial.NAMESPACE_ROOT + "*"));
            keys.addAll(page.getResult());
            cursor = page.getCursor();
        } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
        return keys;
    }

    private static Map<String, byte[]> dumps(PrivateRedis redis, String... keys) {
        Map<String, byte[]> dumps = new LinkedHashMap<>();
        for (String key : keys) {
            dumps.put(key, redis.raw.dump(key));
        }
        return dumps;
    }

    private static HostAndPort hostAndPort(PrivateRedis redis) {
        return new HostAndPort(redis.server.uri.getHost(), redis.server.uri.getPort());
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
