package pipelining;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Base64;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.exceptions.JedisConnectionException;

/** What goes wrong in real use: a server that dies, a full room, a user without rights, TLS mix-ups. */
@Order(1) // among the longest: started first, so the others fill the cores around it
class FailureModesTest {

    @TempDir
    Path dir;

    /** Long enough that the run is still counting when it is killed or interrupted. */
    static final int LONG_RUN = 50_000_000;
    /** The page: this many pipelined INCR, in batches, run in a heap of this many MiB; in one batch they need more. */
    static final int BATCHED_COUNT = 1_000_000;
    static final int BATCHED_HEAP_MIB = 32;
    /** A room's worth of people on one server. */
    static final int ATTENDEES = 8;

    /**
     * One batched run as a user starts it, in a small heap: a million INCR count in it (in one batch they need more,
     * PerformanceComparisonTest shows), and when its server then dies the run ends within seconds with one line.
     */
    @Test
    void batchesKeepAMillionCommandsInA32MiBHeapAndAServerThatDiesEndsTheRunWithOneLine() throws Exception {
        Sections.saveAttribute("batched-count", BATCHED_COUNT);
        Sections.saveAttribute("batched-heap-mib", BATCHED_HEAP_MIB);
        Sections.saveAttribute("killed-run-count", LONG_RUN);
        try (PrivateRedis redis = PrivateRedis.start(PrivateRedis.Kind.preferred())) {
            long pid = Long.parseLong(info(redis, "process_id"));
            Sections.Launched run = Sections.launch(Map.of("REDIS_URL", redis.url()), "-R-Xmx" + BATCHED_HEAP_MIB + "m",
                    "performance-comparison", "--count", String.valueOf(LONG_RUN), "--batch", "10000", "--only", "pipelined");
            Wait.until(Duration.ofMinutes(3), () -> !run.process().isAlive() || counted(redis) >= BATCHED_COUNT);
            assertTrue(run.process().isAlive(), () -> "the run ended before it counted " + BATCHED_COUNT + " in "
                    + BATCHED_HEAP_MIB + " MiB: " + run.finish(5, TimeUnit.SECONDS).stderr());
            ProcessHandle.of(pid).orElseThrow().destroyForcibly(); // SIGKILL: no goodbye to the client
            String line = run.finish(15, TimeUnit.SECONDS).assertFailedClearly(1); // seconds, not a hang
            assertTrue(line.startsWith("[tutorial] Lost the connection to Redis at " + redis.url()), line);
            assertTrue(line.contains("check the data before you run it again"), line);
        }
    }

    @Test
    void ctrlCSaysTheRunWasInterruptedDeletesItsKeysAndExitsWith130() throws Exception {
        try (PrivateRedis redis = PrivateRedis.start(PrivateRedis.Kind.preferred())) {
            Sections.Launched run = Sections.launchInTheForeground(Map.of("REDIS_URL", redis.url()), "performance-comparison",
                    "--count", String.valueOf(LONG_RUN), "--only", "unpipelined");
            Wait.until(Duration.ofMinutes(3), () -> !run.process().isAlive() || counted(redis) > 0); // until the run is counting
            assertTrue(run.process().isAlive(), "the run ended before Ctrl-C: the test proves nothing");
            List<ProcessHandle> launcherAndJava = new ArrayList<>(List.of(run.process().toHandle()));
            run.process().descendants().forEach(launcherAndJava::add);
            for (ProcessHandle process : launcherAndJava) { // what Ctrl-C does: SIGINT to the foreground processes
                new ProcessBuilder("kill", "-INT", String.valueOf(process.pid())).start().waitFor();
            }
            Sections.Run interrupted = run.finish(30, TimeUnit.SECONDS);
            String line = interrupted.assertFailedClearly(130);
            assertEquals("[tutorial] Interrupted. Cleaned up: this run's keys on " + redis.url() + " are deleted.", line);
            assertEquals(0, redis.raw.dbSize(), () -> "keys left behind: " + redis.raw.keys("*"));
        }
    }

    /**
     * Ctrl-C's cleanup runs beside the section's thread, which may hold a connection whose command is not sent yet
     * (as one made while the pool closed is): once the cleanup has begun, that command fails and writes nothing.
     */
    @Test
    void aCommandSentWhileTheSessionClosesFailsAndLeavesNoKey() throws Exception {
        try (PrivateRedis redis = PrivateRedis.start(PrivateRedis.Kind.preferred())) {
            Session<RedisClient> session = Session.open(redis.server.uri);
            Pipeline inHand = session.client.pipelined(); // a connection taken from the pool, nothing sent on it yet
            CompletableFuture<Void> closing = CompletableFuture.runAsync(session::close);
            assertTrue(Wait.until(Duration.ofSeconds(10), session.wire::closed), "the session never closed its wire");
            inHand.incr("incr_key");
            assertThrows(JedisConnectionException.class, inHand::close);
            closing.get(10, TimeUnit.SECONDS);
            assertEquals(0, redis.raw.dbSize(), () -> "keys left behind: " + redis.raw.keys("*"));
        }
    }

    /** A room on one server: a run per attendee at once, each its own session, each counts exactly its own. */
    @Test
    void eightAttendeesOnOneServerEachCountExactlyTheirOwn() {
        try (PrivateRedis redis = PrivateRedis.start(PrivateRedis.Kind.preferred())) {
            List<CompletableFuture<List<String>>> room = new ArrayList<>();
            Sections.saveAttribute("attendees", ATTENDEES);
            for (int attendee = 0; attendee < ATTENDEES; attendee++) {
                room.add(CompletableFuture.supplyAsync(() -> {
                    try (Session<RedisClient> session = Session.open(redis.server.uri)) {
                        performance_comparison run = new performance_comparison();
                        run.count = 1000;
                        session.client.del("incr_key");
                        String without = run.incrWithoutPipeline(session.client);
                        session.client.del("incr_key");
                        return List.of(without, run.incrWithPipeline(session.client));
                    }
                }));
            }
            for (CompletableFuture<List<String>> attendee : room) {
                assertEquals(List.of("1000", "1000"), attendee.join());
            }
            assertEquals(0, redis.raw.dbSize(), "keys left behind");
        }
    }

    @Test
    void aUserWithoutTheNeededCommandsIsToldWhichAndNothingIsWritten() {
        try (PrivateRedis redis = PrivateRedis.start(PrivateRedis.Kind.preferred());
             Jedis admin = new Jedis(redis.server.uri)) {
            admin.aclSetUser("attendee", "on", ">s3cret", "~*", "+ping", "+info", "+get");
            String url = redis.url().replace("redis://", "redis://attendee:s3cret@");
            String line = assertThrows(Problem.class, () -> Session.open(RedisUrl.parse(url))).getMessage();
            assertTrue(line.contains("does not let this user run a command the tutorial needs (NOPERM"), line);
            assertTrue(line.contains("ACL SETUSER"), line);
            assertEquals(0, redis.raw.dbSize(), "something was written");

            // The rules the line suggests are enough, and keep the user to the tutorial's keys and off flushes.
            String rules = line.substring(line.indexOf("ACL SETUSER <name> on ><password> ") + 34);
            List<String> setUser = new ArrayList<>(List.of("on", ">s3cret"));
            setUser.addAll(List.of(rules.split(" ")));
            admin.aclSetUser("learner", setUser.toArray(String[]::new));
            String learner = redis.url().replace("redis://", "redis://learner:s3cret@");
            try (Session<RedisClient> session = Session.open(RedisUrl.parse(learner))) {
                assertEquals(ExecuteTest.OUTPUT, Sections.stdoutOf(() -> execute.executePipeline(session.client, session.wire)));
                Sections.stdoutOf(() -> transactions.compare(session.client, session.wire, 1_000));
            }
            try (RedisClient asLearner = RedisClient.create(learner)) {
                assertTrue(assertThrows(Exception.class, asLearner::flushDB).getMessage().contains("NOPERM"));
                assertTrue(assertThrows(Exception.class, () -> asLearner.set("a", "x")).getMessage().contains("NOPERM"));
            }
        }
    }

    @Test
    void redissWorksAgainstATlsServerTheJvmIsToldToTrust() throws Exception {
        try (TlsRedis tls = TlsRedis.start(dir)) {
            Sections.Run run = Sections.jbang(Map.of("REDIS_URL", "rediss://localhost:" + tls.port),
                    "-R-Djavax.net.ssl.trustStore=" + tls.trustStore, "-R-Djavax.net.ssl.trustStorePassword=changeit",
                    "execute").assertSucceeded();
            assertTrue(run.stdout().startsWith("[OK, OK, a value]\n"), run.stdout());
        }
    }

    @Test
    void aTlsServerTheJvmDoesNotTrustIsNamedWithTheFix() throws Exception {
        try (TlsRedis tls = TlsRedis.start(dir)) {
            // this JVM was told to trust no such certificate
            String line = assertThrows(Problem.class, () -> Session.open(RedisUrl.parse("rediss://localhost:" + tls.port)))
                    .getMessage();
            assertTrue(line.contains("has a TLS certificate this JVM does not trust"), line);
            assertTrue(line.contains("-R-Djavax.net.ssl.trustStore="), line);
        }
    }

    @Test
    void plainRedisToATlsServerSaysToUseRediss() throws Exception {
        try (TlsRedis tls = TlsRedis.start(dir)) {
            String line = assertThrows(Problem.class, () -> Session.open(RedisUrl.parse("redis://localhost:" + tls.port)))
                    .getMessage();
            assertTrue(line.contains("If it expects TLS, use rediss://"), line);
        }
    }

    @Test
    void redissToAPlainServerSaysToUseRedis() {
        try (PrivateRedis redis = PrivateRedis.start(PrivateRedis.Kind.preferred())) {
            String line = assertThrows(Problem.class, () -> Session.open(RedisUrl.parse(redis.url().replace("redis://",
                    "rediss://")))).getMessage();
            assertTrue(line.contains("does not answer in TLS"), line);
            assertTrue(line.contains("use redis:// instead of rediss://"), line);
            assertEquals(0, redis.raw.dbSize());
        }
    }

    /** The run's counter so far, 0 before it starts. */
    private static long counted(PrivateRedis redis) {
        return redis.runKeys().stream().filter(key -> key.endsWith(":incr_key")).findFirst()
                .map(key -> Long.parseLong(java.util.Objects.requireNonNullElse(redis.raw.get(key), "0"))).orElse(0L);
    }

    private static String info(PrivateRedis redis, String field) {
        return redis.raw.info("server").lines().filter(line -> line.startsWith(field + ":")).findFirst().orElseThrow()
                .substring(field.length() + 1).strip();
    }

    /** A redis-server that speaks only TLS, with a certificate made for this test and a truststore for it. */
    static final class TlsRedis implements AutoCloseable {
        final int port;
        final Path trustStore;
        private final Process process;

        private TlsRedis(int port, Path trustStore, Process process) {
            this.port = port;
            this.trustStore = trustStore;
            this.process = process;
        }

        static TlsRedis start(Path dir) throws Exception {
            PrivateRedis.assumeRedisServerOnPath(); // the embedded Redis is built without TLS
            Path keyStore = dir.resolve("server.p12");
            Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                    "-genkeypair", "-alias", "redis", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                    "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-storetype", "PKCS12",
                    "-keystore", keyStore.toString(), "-storepass", "changeit").redirectErrorStream(true).start();
            assertEquals(0, keytool.waitFor(), new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            KeyStore keys = KeyStore.getInstance("PKCS12");
            try (var in = Files.newInputStream(keyStore)) {
                keys.load(in, "changeit".toCharArray());
            }
            var certificate = keys.getCertificate("redis");
            Path certPem = dir.resolve("cert.pem");
            Path keyPem = dir.resolve("key.pem");
            Files.writeString(certPem, pem("CERTIFICATE", certificate.getEncoded()));
            Files.writeString(keyPem, pem("PRIVATE KEY", keys.getKey("redis", "changeit".toCharArray()).getEncoded()));
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("redis", certificate);
            Path trustStore = dir.resolve("truststore.p12");
            try (var out = Files.newOutputStream(trustStore)) {
                trust.store(out, "changeit".toCharArray());
            }
            int port = Ports.free();
            Process server = new ProcessBuilder("redis-server", "--port", "0", "--tls-port", String.valueOf(port),
                    "--tls-cert-file", certPem.toString(), "--tls-key-file", keyPem.toString(), "--tls-auth-clients", "no",
                    "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir.toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
            TlsRedis tls = new TlsRedis(port, trustStore, server);
            if (!Wait.until(Duration.ofSeconds(10), () -> !server.isAlive() || Ports.listening(port)) || !server.isAlive()) {
                tls.close();
                throw new AssertionError("TLS redis-server did not start: " + Files.readString(dir.resolve("redis.log")));
            }
            return tls;
        }

        private static String pem(String type, byte[] der) {
            return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                    .encodeToString(der) + "\n-----END " + type + "-----\n";
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            process.waitFor(5, TimeUnit.SECONDS);
        }
    }
}
