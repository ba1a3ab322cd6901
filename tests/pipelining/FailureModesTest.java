package pipelining;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisClient;

/** What goes wrong in real use: a server that dies, a full room, a user without rights, TLS mix-ups. */
class FailureModesTest {

    @TempDir
    Path dir;

    @Test
    void aServerThatDiesMidRunEndsTheRunWithinSecondsWithOneLine() throws Exception {
        try (PrivateRedis redis = PrivateRedis.start(PrivateRedis.Kind.preferred())) {
            long pid = Long.parseLong(info(redis, "process_id"));
            Sections.Launched run = Sections.launch(Map.of("REDIS_URL", redis.url()), "performance-comparison",
                    "--count", "50000000", "--batch", "10000", "--only", "pipelined");
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
            while (!redis.runKeys().stream().anyMatch(key -> key.endsWith(":incr_key")) && run.process().isAlive()
                    && System.nanoTime() < deadline) {
                Thread.sleep(50); // until the run is counting
            }
            assertTrue(run.process().isAlive(), "the run ended before the server was killed: the test proves nothing");
            ProcessHandle.of(pid).orElseThrow().destroyForcibly(); // SIGKILL: no goodbye to the client
            String line = run.finish(15, TimeUnit.SECONDS).assertFailedClearly(1); // seconds, not a hang
            assertTrue(line.startsWith("[tutorial] Lost the connection to Redis at " + redis.url()), line);
            assertTrue(line.contains("check the data before you run it again"), line);
        }
    }

    @Test
    void ctrlCSaysTheRunWasInterruptedDeletesItsKeysAndExitsWith130() throws Exception {
        try (PrivateRedis redis = PrivateRedis.start(PrivateRedis.Kind.preferred())) {
            Sections.Launched run = Sections.launch(Map.of("REDIS_URL", redis.url()), "performance-comparison",
                    "--count", "50000000", "--only", "unpipelined");
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
            while (!redis.runKeys().stream().anyMatch(key -> key.endsWith(":incr_key")) && run.process().isAlive()
                    && System.nanoTime() < deadline) {
                Thread.sleep(50); // until the run is counting
            }
            assertTrue(run.process().isAlive(), "the run ended before Ctrl-C: the test proves nothing");
            List<ProcessHandle> launcherAndJava = new ArrayList<>(List.of(run.process().toHandle()));
            run.process().descendants().forEach(launcherAndJava::add);
            for (ProcessHandle process : launcherAndJava) { // what Ctrl-C does: SIGINT to the foreground processes
                new ProcessBuilder("kill", "-INT", String.valueOf(process.pid())).start().waitFor();
            }
            Sections.Run interrupted = run.finish(30, TimeUnit.SECONDS);
            String line = interrupted.assertFailedClearly(130);
            assertEquals("[tutorial] Interrupted. Cleaned up: this run's keys on " + redis.url() + " are deleted.", line);
            assertEquals(0, redis.raw.dbSize(), "keys left behind");
        }
    }

    @Test
    void eightAttendeesOnOneServerEachCountExactlyTheirOwn() throws Exception {
        try (PrivateRedis redis = PrivateRedis.start(PrivateRedis.Kind.preferred())) {
            List<Sections.Launched> room = new ArrayList<>();
            for (int attendee = 0; attendee < 8; attendee++) {
                room.add(Sections.launch(Map.of("REDIS_URL", redis.url()), "performance-comparison", "--count", "1000"));
            }
            for (Sections.Launched attendee : room) {
                String printed = attendee.finish(5, TimeUnit.MINUTES).assertSucceeded().stdout();
                assertEquals(2, printed.lines().filter("Increment value: 1000"::equals).count(), printed);
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
            String line = Sections.jbang(Map.of("REDIS_URL", url), "execute").assertFailedClearly(1);
            assertTrue(line.contains("does not let this user run a command the tutorial needs (NOPERM"), line);
            assertTrue(line.contains("ACL SETUSER"), line);
            assertEquals(0, redis.raw.dbSize(), "something was written");

            // The rules the line suggests are enough, and keep the user to the tutorial's keys and off flushes.
            String rules = line.substring(line.indexOf("ACL SETUSER <name> on ><password> ") + 34);
            List<String> setUser = new ArrayList<>(List.of("on", ">s3cret"));
            setUser.addAll(List.of(rules.split(" ")));
            admin.aclSetUser("learner", setUser.toArray(String[]::new));
            String learner = redis.url().replace("redis://", "redis://learner:s3cret@");
            Sections.jbang(Map.of("REDIS_URL", learner), "execute").assertSucceeded();
            Sections.jbang(Map.of("REDIS_URL", learner), "transactions").assertSucceeded();
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
            String line = Sections.jbang(Map.of("REDIS_URL", "rediss://localhost:" + tls.port), "ping")
                    .assertFailedClearly(1);
            assertTrue(line.contains("has a TLS certificate this JVM does not trust"), line);
            assertTrue(line.contains("-R-Djavax.net.ssl.trustStore="), line);
        }
    }

    @Test
    void plainRedisToATlsServerSaysToUseRediss() throws Exception {
        try (TlsRedis tls = TlsRedis.start(dir)) {
            String line = Sections.jbang(Map.of("REDIS_URL", "redis://localhost:" + tls.port), "ping")
                    .assertFailedClearly(1);
            assertTrue(line.contains("If it expects TLS, use rediss://"), line);
        }
    }

    @Test
    void redissToAPlainServerSaysToUseRedis() {
        try (PrivateRedis redis = PrivateRedis.start(PrivateRedis.Kind.preferred())) {
            String line = Sections.jbang(Map.of("REDIS_URL", redis.url().replace("redis://", "rediss://")), "ping")
                    .assertFailedClearly(1);
            assertTrue(line.contains("does not answer in TLS"), line);
            assertTrue(line.contains("use redis:// instead of rediss://"), line);
            assertEquals(0, redis.raw.dbSize());
        }
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
            int port;
            try (var socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                port = socket.getLocalPort();
            }
            Process server = new ProcessBuilder("redis-server", "--port", "0", "--tls-port", String.valueOf(port),
                    "--tls-cert-file", certPem.toString(), "--tls-key-file", keyPem.toString(), "--tls-auth-clients", "no",
                    "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir.toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
            TlsRedis tls = new TlsRedis(port, trustStore, server);
            for (long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10); ; Thread.sleep(20)) {
                try (Socket probe = new Socket()) {
                    probe.connect(new InetSocketAddress("127.0.0.1", port), 100);
                    return tls;
                } catch (IOException notYet) {
                    if (!server.isAlive() || System.nanoTime() > deadline) {
                        tls.close();
                        throw new AssertionError("TLS redis-server did not start: " + Files.readString(dir.resolve("redis.log")));
                    }
                }
            }
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
