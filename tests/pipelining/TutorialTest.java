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
import java.io.PrintStream;
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
import java.time.Duration;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import redis.clients.jedis.AbstractTransaction;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.RedisClient;

/** The shared plumbing: which server, what a user sees when something is wrong, and key safety. */
class TutorialTest {

    // --- Which server ---

    /** ping's launch shows this for a script; here, for both ways of starting one. */
    @ParameterizedTest
    @EnumSource(PrivateRedis.Kind.class)
    void aServerTheTutorialStartsListensOnAFreePortUntilItIsClosed(PrivateRedis.Kind kind) {
        if (kind == PrivateRedis.Kind.REDIS_SERVER) {
            PrivateRedis.assumeRedisServerOnPath();
        }
        Server server = ServerChoice.find(Map.of("TUTORIAL_REDIS", kind.choice));
        int port = server.uri.getPort();
        assertTrue(server.startedHere && port != 6379 && Ports.listening(port), server.uri.toString());
        server.close();
        assertFalse(Ports.listening(port), "the server it started still listens");
    }

    /**
     * A port found free can be taken by another server before redis-server binds it (tests start servers four at a
     * time): the one that answers there is not the tutorial's, so the start fails, and is tried on another port.
     */
    @Test
    void aPortAnotherServerTookFirstIsNotTakenForTheOneStarted() {
        PrivateRedis.assumeRedisServerOnPath();
        try (PrivateRedis someoneElses = PrivateRedis.start(PrivateRedis.Kind.EMBEDDED)) {
            Problem problem = assertThrows(Problem.class, () -> LocalRedis.startRedisServer(OnPath.find("redis-server"),
                    someoneElses.server.uri.getPort()));
            assertTrue(problem.getMessage().contains("Failed listening on port " + someoneElses.server.uri.getPort()),
                    problem.getMessage());
            assertEquals("PONG", someoneElses.raw.ping(), "theirs still answers");
        }
    }

    @Test
    void aServerAlreadyRunningIsUsedAsItIs() {
        try (PrivateRedis redis = PrivateRedis.start(PrivateRedis.Kind.EMBEDDED)) {
            Server found = ServerChoice.alreadyRunning(hostAndPort(redis));
            assertNotNull(found);
            assertEquals("already running", found.origin);
        }
    }

    /**
     * troubleshooting.adoc: the look at localhost:6379 sends what Jedis sends on any new connection (HELLO 3, then two
     * CLIENT SETINFO, which servers before Redis 7.2 refuse), then a PING, and nothing else.
     */
    @ParameterizedTest
    @EnumSource(PrivateRedis.Kind.class)
    void theLookAtARunningServerSendsJedisHelloAndSetinfoThenAPingAndNothingElse(PrivateRedis.Kind kind) throws Exception {
        try (PrivateRedis redis = PrivateRedis.start(kind); RecordingRelay relay = new RecordingRelay(redis.server.uri)) {
            assertNotNull(ServerChoice.alreadyRunning(new HostAndPort("127.0.0.1", relay.port())));
            assertEquals(List.of(List.of("HELLO", "3"), List.of("CLIENT", "SETINFO", "LIB-NAME", "jedis"),
                    List.of("CLIENT", "SETINFO", "LIB-VER", "8.0.2"), List.of("PING")), relay.commandsSent());
        }
    }

    /** troubleshooting.adoc: to a server that needs a password, the look sends HELLO twice, refused, and nothing else. */
    @ParameterizedTest
    @EnumSource(PrivateRedis.Kind.class)
    void theLookAtAServerThatNeedsAPasswordSendsOnlyTheRefusedHello(PrivateRedis.Kind kind) throws Exception {
        try (PrivateRedis redis = PrivateRedis.start(kind); RecordingRelay relay = new RecordingRelay(redis.server.uri)) {
            redis.raw.configSet("requirepass", "s3cret");
            String told = Sections.stderrOf(() -> assertNull(ServerChoice.alreadyRunning(
                    new HostAndPort("127.0.0.1", relay.port()))));
            assertTrue(told.contains("needs a password"), told);
            assertEquals(List.of(List.of("HELLO", "3"), List.of("HELLO", "3")), relay.commandsSent());
        }
    }

    @Test
    void aPortWithNothingOrSomethingElseIsLeftAlone() throws IOException {
        assertNull(ServerChoice.alreadyRunning(new HostAndPort("127.0.0.1", Ports.free())));
        try (ServerSocket notRedis = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            CompletableFuture.runAsync(() -> {
                try (Socket client = notRedis.accept(); OutputStream out = client.getOutputStream()) {
                    out.write("HTTP/1.1 400 Bad Request\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                } catch (IOException ignored) {
                    // the probe hung up first
                }
            });
            assertNull(ServerChoice.alreadyRunning(new HostAndPort("127.0.0.1", notRedis.getLocalPort())));
        }
    }

    @Test
    void aServerThatNeedsAPasswordIsLeftAloneAndTheUserIsTold() {
        try (PrivateRedis redis = PrivateRedis.start(PrivateRedis.Kind.EMBEDDED)) {
            redis.raw.configSet("requirepass", "s3cret");
            String told = Sections.stderrOf(() -> assertNull(ServerChoice.alreadyRunning(hostAndPort(redis))));
            assertTrue(told.contains(hostAndPort(redis) + " needs a password, so the tutorial starts a Redis of its own"),
                    told);
        }
    }

    // --- What a user sees when something is wrong ---

    /** What ping, run in this JVM with {@code env}, printed and how it exited. */
    static Sections.Run runPing(Map<String, String> env) {
        return Sections.inThisJvm(env, tutorial -> ping.checkRedisIsRunning(tutorial.redis, tutorial.wire));
    }

    @Test
    void aClosedPortNamesTheUrlAndWhatToDo() {
        String url = "redis://127.0.0.1:" + Ports.free();
        String line = runPing(Map.of("REDIS_URL", url)).assertFailedClearly(1);
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
    void anUnknownHostIsNamedAsSuch() {
        String line = runPing(Map.of("REDIS_URL", "redis://nohost.invalid:6390")).assertFailedClearly(1);
        assertEquals("[tutorial] Cannot reach Redis at redis://nohost.invalid:6390: no host is known by the name"
                + " nohost.invalid. Check the host name in REDIS_URL, or unset REDIS_URL to let the tutorial start its"
                + " own.", line);
    }

    @Test
    void aUrlWithoutPortMeans6379() {
        assertEquals("redis://u:p@example.org:6379/2", RedisUrl.parse("redis://u:p@example.org/2").toString());
    }

    @Test
    void aMalformedUrlFailsClearly() {
        String line = runPing(Map.of("REDIS_URL", "http://localhost:6379")).assertFailedClearly(2);
        assertTrue(line.contains("must start with redis:// or rediss://"), line);
    }

    @Test
    void anUnknownServerChoiceFailsClearly() {
        String line = runPing(Map.of("TUTORIAL_REDIS", "docker")).assertFailedClearly(2);
        assertTrue(line.contains("use auto, redis-server or embedded"), line);
    }

    @Test
    void aWrongPasswordIsRefusedAndNeverPrinted() {
        try (PrivateRedis redis = PrivateRedis.start(PrivateRedis.Kind.preferred())) {
            redis.raw.configSet("requirepass", "s3cret");
            String url = redis.url().replace("redis://", "redis://:wr0ng@");
            String line = runPing(Map.of("REDIS_URL", url)).assertFailedClearly(1);
            assertTrue(line.contains("refused the user name or password"), line);
            assertTrue(line.contains(redis.url().replace("redis://", "redis://:****@")), line);
            assertFalse(line.contains("wr0ng"), line);
        }
    }

    @Test
    void aMissingPasswordSaysWhereToPutIt() {
        try (PrivateRedis redis = PrivateRedis.start(PrivateRedis.Kind.preferred())) {
            redis.raw.configSet("requirepass", "s3cret");
            String line = runPing(Map.of("REDIS_URL", redis.url())).assertFailedClearly(1);
            assertTrue(line.contains("needs a password. Put it in REDIS_URL: redis://:password@host:port"), line);
        }
    }

    @Test
    void theRightPasswordWorks() {
        try (PrivateRedis redis = PrivateRedis.start(PrivateRedis.Kind.preferred())) {
            redis.raw.configSet("requirepass", "s3cret");
            String url = redis.url().replace("redis://", "redis://:s3cret@") + "/3";
            Sections.Run ran = runPing(Map.of("REDIS_URL", url));
            assertEquals(0, ran.exitCode(), ran.stderr());
            assertEquals(PingTest.OUTPUT, ran.stdout());
            assertTrue(ran.stderr().contains("[tutorial] Using Redis "), ran.stderr());
            assertFalse(ran.stderr().contains("s3cret"), ran.stderr());
        }
    }

    // --- Your data is safe ---

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

    /** A run killed (kill -9) leaves what it had written, and its heartbeat, which expires within a minute. */
    @Test
    void aDeadRunsKeysAreSweptByTheFirstRunAfterItsHeartbeatExpires() {
        try (PrivateRedis redis = PrivateRedis.start(PrivateRedis.Kind.preferred());
             Session<RedisClient> killed = Session.open(redis.server.uri)) {
            countTo(killed, 100); // what it had written when it died
            List<String> left = redis.runKeys();
            assertEquals(List.of(killed.namespace() + "incr_key"), left);
            String heartbeat = Namespace.ALIVE + killed.namespace().substring(Namespace.ROOT.length()).replace(":", "");
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
            Sections.Run next = runPing(Map.of("REDIS_URL", redis.url()));
            assertEquals(0, next.exitCode(), next.stderr());
            assertTrue(next.stderr().contains("[tutorial] Removed " + left.size() + " keys left by 1 earlier run(s)"),
                    next.stderr());
            assertEquals(List.of(), redis.runKeys());
        }
    }

    /** What a section with a client of its own (another library, say) gets: where to connect, and the run's namespace. */
    @Test
    void aClientOfTheSectionsOwnWritesUnderTheRunsNamespaceAndItsKeysAreDeletedAtTheEnd() {
        try (PrivateRedis redis = PrivateRedis.start(PrivateRedis.Kind.preferred())) {
            UsersKeys yours = UsersKeys.on(redis);
            List<String> runKeysWhenItClosed = new ArrayList<>();
            PrintStream quiet = new PrintStream(OutputStream.nullOutputStream()); // not the build's log
            try (Tutorial<RedisClient> tutorial = Tutorial.on(Map.of("REDIS_URL", redis.url()), quiet, null)
                    .open(new Cleanup())) {
                Jedis own = tutorial.closeFirst(new Jedis(tutorial.uri) {
                    @Override
                    public void close() {
                        runKeysWhenItClosed.addAll(redis.runKeys());
                        super.close();
                    }
                });
                own.set(tutorial.namespace + "a", "another client's");
                assertEquals(List.of(tutorial.namespace + "a"), redis.runKeys());
            }
            assertEquals(1, runKeysWhenItClosed.size(), "closed before the run's keys were deleted");
            yours.assertUntouchedAndAlone();
        }
    }

    @Test
    void theSweepRemovesOnlyDeadRunsKeysWithScanAndUnlinkNeverKeysOrAFlush() throws Exception {
        try (PrivateRedis redis = PrivateRedis.start(PrivateRedis.Kind.preferred())) {
            UsersKeys yours = UsersKeys.on(redis, "pipelining-tutorial", "pipelining-tutorial-mine",
                    "pipelining-tutorial:not-a-run", "other:pipelining-tutorial:deadbeef:a");
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
            yours.assertUntouched();
            assertEquals("a live run's", redis.raw.get("pipelining-tutorial:0a1b2c3d:a"));
            assertFalse(redis.raw.exists("pipelining-tutorial:deadbeef:a"));
            assertEquals(yours.count() + 2, redis.raw.dbSize());

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
                try (Session<RedisClient> session = Session.open(redis.server.uri)) {
                    Sections.stdoutOf(() -> transactions.compare(session.client, session.wire, 1_000));
                }
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
            assertTrue(onLessonKeys.size() > 1_000, "the check saw too little: " + onLessonKeys.size());
            // The final delete: SCAN MATCH <namespace>* lists the run's keys, UNLINK deletes them.
            int finalDelete = onLessonKeys.indexOf("SCAN");
            assertTrue(finalDelete > 0, "no final delete: " + onLessonKeys.subList(onLessonKeys.size() - 5, onLessonKeys.size()));
            assertTrue(TRANSACTIONS_COMMANDS.containsAll(Set.copyOf(onLessonKeys.subList(0, finalDelete))),
                    "a command that is not the lesson's: " + Set.copyOf(onLessonKeys.subList(0, finalDelete)));
            assertEquals(Set.of("SCAN", "UNLINK"), Set.copyOf(onLessonKeys.subList(finalDelete, onLessonKeys.size())),
                    "after the final delete");
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

    private static HostAndPort hostAndPort(PrivateRedis redis) {
        return new HostAndPort(redis.server.uri.getHost(), redis.server.uri.getPort());
    }

}
