//DEPS com.github.codemonstur:embedded-redis:1.4.4
package pipelining;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import redis.embedded.RedisServer;
import redis.embedded.core.ExecutableProvider;
import redis.embedded.core.RedisServerBuilder;

/** A Redis the tutorial starts for one run, on a free port of 127.0.0.1, with its files in a folder it deletes. */
final class LocalRedis {

    private LocalRedis() {
    }

    /** redis-server from PATH (Redis 7 on Debian 12). */
    static Server redisServer(Path executable) {
        return onAFreePort(() -> startRedisServer(executable, Ports.free()));
    }

    /** The embedded Redis 6.2, unpacked from its jar. */
    static Server embedded() {
        return onAFreePort(LocalRedis::startEmbedded);
    }

    /**
     * A port found free may be taken before the server binds it, and a binary just unpacked may be busy
     * for a moment (another thread's new process still holds it open): then it tries again, on other ports.
     */
    static Server onAFreePort(Supplier<Server> start) {
        for (int attempt = 1; ; attempt++) {
            try {
                return start.get();
            } catch (Problem failed) {
                if (attempt == 3) {
                    throw failed;
                }
            }
        }
    }

    /** redis-server on {@code port}; a {@link Problem} if it cannot listen there. */
    static Server startRedisServer(Path executable, int port) {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("pipelining-tutorial-");
            Path log = dir.resolve("redis.log");
            Process process = new ProcessBuilder(executable.toString(), "--port", String.valueOf(port),
                    "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir.toString())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            Path removeAfterwards = dir;
            AutoCloseable stop = () -> {
                process.destroy();
                process.waitFor(5, TimeUnit.SECONDS);
                deleteFolder(removeAfterwards);
            };
            // its own log, not a connection: a server of someone else's that took the port first would also answer
            if (!Wait.until(Duration.ofSeconds(10), () -> !process.isAlive() || saysReady(log)) || !process.isAlive()) {
                List<String> lines = Files.readAllLines(log);
                stop.close();
                throw new IOException(process.isAlive() ? "it did not listen on port " + port + " within 10 seconds"
                        : "it exited at once: " + (lines.isEmpty() ? "" : lines.get(lines.size() - 1)));
            }
            return Server.started(URI.create("redis://127.0.0.1:" + port),
                    "started from " + executable + ", stopped when this script ends", stop);
        } catch (Exception e) {
            deleteFolder(dir);
            throw new Problem("Could not start " + executable + ": " + e.getMessage()
                    + ". Set REDIS_URL to a Redis you run yourself.", 1);
        }
    }

    /** Whether the server's log says it listens: its bind failed otherwise, and it exits. */
    private static boolean saysReady(Path log) {
        try {
            return Files.readString(log).contains("Ready to accept connections");
        } catch (IOException notYet) {
            return false;
        }
    }

    private static Server startEmbedded() {
        int port = Ports.free();
        Path folder = null;
        try {
            folder = Files.createTempDirectory("pipelining-tutorial-redis-");
            RedisServer embedded = embeddedServer(folder).port(port).bind("127.0.0.1")
                    .setting("save \"\"").setting("appendonly no").build();
            embedded.start();
            Path removeAfterwards = folder;
            return Server.started(URI.create("redis://127.0.0.1:" + port), "embedded, stopped when this script ends",
                    () -> {
                        embedded.stop();
                        deleteFolder(removeAfterwards);
                    });
        } catch (IOException | RuntimeException e) {
            deleteFolder(folder);
            throw new Problem("Could not start the embedded Redis (" + Problem.rootMessage(e) + "). It needs OpenSSL 3"
                    + " (Debian/Ubuntu: apt install libssl3; macOS: brew install openssl@3)."
                    + " Or install redis-server, or set REDIS_URL to a Redis you run.", 1);
        }
    }

    /**
     * An embedded Redis whose binary is unpacked into {@code folder}, where it also keeps its files
     * (a cluster node's nodes.conf): the caller deletes the folder, so nothing is left in /tmp.
     */
    static RedisServerBuilder embeddedServer(Path folder) {
        return RedisServer.newRedisServer().executableProvider(ExecutableProvider.newJarResourceProvider(folder.toFile()));
    }

    /** Deletes a folder the tutorial made and everything in it; null or missing: nothing to delete. */
    static void deleteFolder(Path folder) {
        if (folder == null || Files.notExists(folder)) {
            return;
        }
        try (var files = Files.walk(folder)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            System.err.println("[tutorial] Could not delete " + folder + ": " + e.getMessage());
        }
    }
}
