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
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import redis.clients.jedis.AbstractTransaction;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.RedisClient;

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
        assertEquals(PingTest.OUTPUT, run.stdout());
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
            Server found = Server.alreadyRunning(hostAndPort(redis));
            assertNotNull(found);
            assertEquals("already running", found.origin);
        }
    }

    @Test
    void aPortWithNothingOrSomethingElseIsLeftAlone() throws IOException {
        assertNull(Server.alreadyRunning(new HostAndPort("127.0.0.1", closedPort())));
        try (ServerSocket notRedis = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            CompletableFuture.runAsync(() -> {
                try (Socket client = notRedis.accept(); OutputStream out = client.getOutputStream()) {
                    out.write("HTTP/1.1 400 Bad Request\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                } catch (IOException ignored) {
                    // the probe hung up first
                }
            });
            assertNull(Server.alreadyRunning(new HostAndPort("127.0.0.1", notRedis.getLocalPort())));
        }
    }

    @Test
    void aServerThatNeedsAPasswordIsLeftAloneAndTheUserIsTold() {
        try (PrivateRedis redis = PrivateRedis.start(PrivateRedis.Kind.EMBEDDED)) {
            redis.raw.configSet("requirepass", "s3cret");
            String told = Sections.stderrOf(() -> assertNull(Server.alreadyRunning(hostAndPort(redis))));
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
        Problem problem = assertThrows(Problem.class, () -> RedisUrl.parse(url));
        assertEquals(2, problem.exitCode);
        assertTrue(problem.getMessage().startsWith("REDIS_URL "), problem.getMessage());
        assertTrue(problem.getMessage().contains("for example redis://localhost:6379/0"), problem.getMessage());
        assertFalse(problem.getMessage().contains("pa ss"), "the password is shown: " + problem.getMessage());
    }

    @Test
    void aUrlWithoutPortMeans6379() {
        assertEquals("redis://u:p@example.org:6379/2", RedisUrl.parse("redis://u:p@example.org/2").toString());
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
                String[] quick = switch (alias) { // the defaults take long, and two write a picture here
                    case "batch-sizes" -> new String[] {"--count", "2000", "--chart", "target/batch-sizes-key-safety.png"};
                    case "wire-timeline" -> new String[] {"--chart", "target/wire-timeline-key-safety.png"};
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
             Session<RedisClient> first = Session.open(redis.server.uri);
             Session<RedisClient> second = Session.open(redis.server.uri)) {
            assertNotEquals(first.namespace(), second.namespace());
            CompletableFuture<String> one = CompletableFuture.supplyAsync(() -> countTo(first, 20_000));
            CompletableFuture<String> two = CompletableFuture.supplyAsync(() -> countTo(second, 20_000));
            assertEquals("20000", one.join());
            assertEquals("20000", two.join());
        }
    }

    @Test
    void aKilledRunsKeysAreSweptByTheFirstRunAfterItsHeartbeatExpires() throws Exception {
        try (PrivateRedis redis = PrivateRedis.start(PrivateRedis.Kind.preferred())) {
            Sections.Launched run = Sections.launch(Map.of("REDIS_URL", redis.url()), "performance-comparison");
            try {
                long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
                while (redis.runKeys().isEmpty() && System.nanoTime() < deadline) {
                    Thread.sleep(20); // until it is counting
                }
            } finally {
                run.process().destroyForcibly(); // SIGKILL: no cleanup code runs
                run.finish(10, TimeUnit.SECONDS);
            }
            List<String> left = redis.runKeys();
            assertFalse(left.isEmpty(), "the run was killed before it wrote a key; the test proves nothing");
            String runId = left.get(0).substring(Namespace.ROOT.length(), Namespace.ROOT.length() + 8);
            String heartbeat = Namespace.ALIVE + runId;
            long ttl = redis.raw.ttl(heartbeat);
            assertTrue(ttl > 0 && ttl <= Namespace.HEARTBEAT_TTL.toSeconds(), "heartbeat TTL " + ttl);
            for (String key : left) {
                assertEquals(-1, redis.raw.ttl(key), key + ": nothing but the lesson touched it, so it has no TTL");
            }

            // While its heartbeat lives, the run counts as alive: a new run leaves its keys alone.
            try (Session<RedisClient> meanwhile = Session.open(redis.server.uri)) {
                assertEquals(0, meanwhile.swept().keys());
            }
            assertEquals(left, redis.runKeys());

            // The heartbeat runs out (at most a minute after the kill, as its TTL shows): the next run sweeps.
            redis.raw.del(heartbeat);
            Sections.Run next = Sections.alias("ping", redis).assertSucceeded();
            assertTrue(next.stderr().contains("[tutorial] Removed " + left.size() + " keys left by 1 earlier run(s)"),
                    next.stderr());
            assertEquals(List.of(), redis.runKeys());
            assertEquals(0, redis.raw.dbSize());
        }
    }

    @Test
    void theSweepRemovesOnlyDeadRunsKeysWithScanAndUnlinkNeverKeysOrAFlush() throws Exception {
        try (PrivateRedis redis = PrivateRedis.start(PrivateRedis.Kind.preferred())) {
            List<String> usersKeys = List.of("a", "pipelining-tutorial", "pipelining-tutorial-mine",
                    "pipelining-tutorial:not-a-run", "other:pipelining-tutorial:deadbeef:a");
            for (String key : usersKeys) {
                redis.raw.set(key.getBytes(StandardCharsets.UTF_8), new byte[] {'m', 'i', 'n', 'e', 0});
            }
            Map<String, byte[]> before = dumps(redis, usersKeys.toArray(String[]::new));
            redis.raw.set("pipelining-tutorial:deadbeef:a", "a dead run's");
            redis.raw.set("pipelining-tutorial:deadbeef:{x}incr_key", "42");
            redis.raw.set("pipelining-tutorial:0a1b2c3d:a", "a live run's");
            redis.raw.set("pipelining-tutorial:alive:0a1b2c3d", "1");

            List<List<String>> commands;
            try (ServerMonitor monitor = new ServerMonitor(redis.server.uri)) {
                try (Session<RedisClient> session = Session.open(redis.server.uri)) {
                    assertEquals(new Namespace.Swept(2, 1), session.swept());
                }
                commands = monitor.commands();
            }
            dumps(redis, usersKeys.toArray(String[]::new)).forEach((key, dump) -> assertArrayEquals(before.get(key), dump, key));
            assertEquals("a live run's", redis.raw.get("pipelining-tutorial:0a1b2c3d:a"));
            assertFalse(redis.raw.exists("pipelining-tutorial:deadbeef:a"));
            assertEquals(usersKeys.size() + 2, redis.raw.dbSize());

            for (List<String> command : commands) {
                String name = command.get(0).toUpperCase(Locale.ROOT);
                assertFalse(List.of("KEYS", "FLUSHDB", "FLUSHALL").contains(name), command.toString());
                if (name.equals("SCAN")) {
                    assertEquals("MATCH", command.get(2).toUpperCase(Locale.ROOT), command.toString());
                    assertTrue(command.get(3).startsWith(Namespace.ROOT), command.toString());
                }
                if (name.equals("UNLINK") || name.equals("DEL")) {
                    assertTrue(command.subList(1, command.size()).stream().allMatch(key -> key.startsWith(Namespace.ROOT)),
                            command.toString());
                }
            }
            assertTrue(commands.stream().anyMatch(command -> command.get(0).equalsIgnoreCase("UNLINK")
                    && command.get(1).equals("pipelining-tutorial:deadbeef:a")), "the check saw no sweep: " + commands);
        }
    }

    /** The lesson's own commands in transactions.java: all that may touch its keys, apart from the final UNLINK. */
    static final List<String> TRANSACTIONS_COMMANDS = List.of("SET", "GET", "INCR", "INCRBY", "WATCH", "DEL");

    @Test
    void nothingButTheLessonTouchesTheLessonsKeysUntilTheFinalDelete() throws Exception {
        try (PrivateRedis redis = PrivateRedis.start(PrivateRedis.Kind.preferred())) {
            List<List<String>> commands;
            try (ServerMonitor monitor = new ServerMonitor(redis.server.uri)) {
                Sections.alias("transactions", redis).assertSucceeded();
                commands = monitor.commands();
            }
            List<String> onLessonKeys = new ArrayList<>();
            for (List<String> command : commands) {
                String name = command.get(0).toUpperCase(Locale.ROOT);
                boolean lessonKey = command.subList(1, command.size()).stream().anyMatch(argument ->
                        argument.matches(Pattern.quote(Namespace.ROOT) + "[0-9a-f]{8}:.*")
                                && !argument.endsWith(":permission-check"));
                if (lessonKey) {
                    onLessonKeys.add(name);
                }
                assertFalse(name.matches("P?EXPIRE(AT)?|P?TTL|PERSIST|KEYS|FLUSHDB|FLUSHALL"), command.toString());
            }
            assertTrue(onLessonKeys.size() > 100_000, "the check saw too little: " + onLessonKeys.size());
            // The final delete: SCAN MATCH <namespace>* lists the run's keys, UNLINK deletes them.
            int finalDelete = onLessonKeys.indexOf("SCAN");
            assertTrue(finalDelete > 0, "no final delete: " + onLessonKeys.subList(onLessonKeys.size() - 5, onLessonKeys.size()));
            assertTrue(TRANSACTIONS_COMMANDS.containsAll(Set.copyOf(onLessonKeys.subList(0, finalDelete))),
                    "a command that is not the lesson's: " + Set.copyOf(onLessonKeys.subList(0, finalDelete)));
            assertEquals(Set.of("SCAN", "UNLINK"), Set.copyOf(onLessonKeys.subList(finalDelete, onLessonKeys.size())),
                    "after the final delete");
        }
    }

    @Test
    void aWatchedKeyIsNeverDisturbedWhileTheRunGoesOn() throws Exception {
        try (PrivateRedis redis = PrivateRedis.start(PrivateRedis.Kind.EMBEDDED);
             Session<RedisClient> session = Session.open(redis.server.uri)) {
            session.client.set("balance", "100");
            try (AbstractTransaction tx = session.client.transaction(false)) {
                tx.watch("balance");
                Thread.sleep(1500); // the janitor this replaced sent EXPIRE to such a key within 400 ms
                tx.multi();
                tx.set("balance", "110");
                assertNotNull(tx.exec(), "EXEC aborted: something wrote to the watched key");
            }
        }
    }

    private static String countTo(Session<RedisClient> session, int count) {
        try (Pipeline pipe = session.client.pipelined()) {
            for (int i = 0; i < count; i++) {
                pipe.incr("incr_key");
            }
        }
        return session.client.get("incr_key");
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
