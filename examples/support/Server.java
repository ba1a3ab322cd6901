//DEPS redis.clients:jedis:8.0.2
//DEPS com.github.codemonstur:embedded-redis:1.4.4
package pipelining;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import redis.clients.jedis.Connection;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisException;
import redis.embedded.RedisServer;
import redis.embedded.core.ExecutableProvider;
import redis.embedded.core.RedisServerBuilder;

/** Which Redis a run uses, and how to let go of it: stop it if the tutorial started it. */
final class Server implements AutoCloseable {

    /** The server; for a cluster, redis://[[user]:password@]host:port[,host:port…] naming its nodes. */
    final URI uri;
    /** Where it came from, as the "Using Redis" line says. */
    final String origin;
    /** Whether the tutorial started it, so stops it at the end. */
    final boolean startedHere;
    private final AutoCloseable stop;

    Server(URI uri, String origin, AutoCloseable stop) {
        this(uri, origin, stop, false);
    }

    private Server(URI uri, String origin, AutoCloseable stop, boolean startedHere) {
        this.uri = uri;
        this.origin = origin;
        this.stop = stop;
        this.startedHere = startedHere;
    }

    /** A server the tutorial started: stopped once, by close() or, failing that, when the JVM exits. */
    static Server started(URI uri, String origin, AutoCloseable stop) {
        Runnable stopOnce = once(stop);
        Runtime.getRuntime().addShutdownHook(new Thread(stopOnce));
        return new Server(uri, origin, stopOnce::run, true);
    }

    /**
     * REDIS_URL if set; else a Redis already answering on localhost:6379; else redis-server from
     * PATH on a free port; else the embedded Redis on a free port. TUTORIAL_REDIS=redis-server or
     * =embedded skips the earlier steps, for a machine whose port 6379 must be left alone.
     */
    static Server find(Map<String, String> env) {
        String url = env.getOrDefault("REDIS_URL", "");
        if (!url.isBlank()) {
            return new Server(RedisUrl.parse(url), "REDIS_URL", () -> { });
        }
        String choice = env.getOrDefault("TUTORIAL_REDIS", "auto");
        switch (choice) {
            case "auto":
                Server running = alreadyRunning(new HostAndPort("localhost", 6379));
                if (running != null) {
                    return running;
                }
                Path redisServer = onPath("redis-server");
                return redisServer != null ? onAFreePort(() -> startRedisServer(redisServer))
                        : onAFreePort(Server::startEmbedded);
            case "redis-server":
                Path onPath = onPath("redis-server");
                if (onPath == null) {
                    throw Problem.badInput("TUTORIAL_REDIS=redis-server, but there is no redis-server on PATH."
                            + " Install Redis, or unset TUTORIAL_REDIS.");
                }
                return onAFreePort(() -> startRedisServer(onPath));
            case "embedded":
                return onAFreePort(Server::startEmbedded);
            default:
                throw Problem.badInput("TUTORIAL_REDIS=" + choice
                        + " is not a choice: use auto, redis-server or embedded (or set REDIS_URL).");
        }
    }

    /** A Redis answering at {@code address} with no password, or null: then the tutorial starts its own. */
    static Server alreadyRunning(HostAndPort address) {
        var quick = DefaultJedisClientConfig.builder().connectionTimeoutMillis(300).socketTimeoutMillis(1000).build();
        try (Connection connection = new Connection(address, quick)) {
            connection.ping();
            return new Server(URI.create("redis://" + address), "already running", () -> { });
        } catch (JedisConnectionException nothingListening) {
            return null;
        } catch (JedisException notUsable) {
            // Answers, but needs a password or is not Redis: leave it alone and start our own.
            String why = Problem.rootMessage(notUsable).startsWith("NOAUTH") ? "needs a password"
                    : "does not answer like Redis (" + Problem.rootMessage(notUsable) + ")";
            System.err.println("[tutorial] " + address + " " + why + ", so the tutorial starts a Redis of"
                    + " its own; set REDIS_URL=redis://[user:password@]" + address + " to use that one.");
            return null;
        }
    }

    @Override
    public void close() {
        try {
            stop.close();
        } catch (Exception e) {
            System.err.println("[tutorial] Could not stop the Redis server at " + uri + ": " + e.getMessage());
        }
    }

    /** A port found free may be taken before the server binds it; then it tries another. */
    private static Server onAFreePort(Supplier<Server> start) {
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

    private static Server startRedisServer(Path executable) {
        int port = freePorts(1).get(0);
        try {
            Path dir = Files.createTempDirectory("pipelining-tutorial-");
            Path log = dir.resolve("redis.log");
            Process process = new ProcessBuilder(executable.toString(), "--port", String.valueOf(port),
                    "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir.toString())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            AutoCloseable stop = () -> {
                process.destroy();
                process.waitFor(5, TimeUnit.SECONDS);
                Files.deleteIfExists(log);
                Files.deleteIfExists(dir);
            };
            try {
                awaitListening(port, process, log);
            } catch (IOException e) {
                stop.close();
                throw e;
            }
            return Server.started(URI.create("redis://127.0.0.1:" + port),
                    "started from " + executable + ", stopped when this script ends", stop);
        } catch (Exception e) {
            throw new Problem("Could not start " + executable + ": " + e.getMessage()
                    + ". Set REDIS_URL to a Redis you run yourself.", 1);
        }
    }

    private static void awaitListening(int port, Process process, Path log) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                List<String> lines = Files.readAllLines(log);
                throw new IOException("it exited at once: " + (lines.isEmpty() ? "" : lines.get(lines.size() - 1)));
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 100);
                return;
            } catch (IOException notYet) {
                sleep(20);
            }
        }
        throw new IOException("it did not listen on port " + port + " within 10 seconds");
    }

    private static Server startEmbedded() {
        int port = freePorts(1).get(0);
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

    /** Deletes a folder the tutorial made and everything in it; null: nothing to delete. */
    static void deleteFolder(Path folder) {
        if (folder == null) {
            return;
        }
        try (var files = Files.walk(folder)) {
            for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            System.err.println("[tutorial] Could not delete " + folder + ": " + e.getMessage());
        }
    }

    /** Ports free at the same time, so they differ from each other. */
    static List<Integer> freePorts(int count) {
        List<ServerSocket> held = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                held.add(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
            }
            return held.stream().map(ServerSocket::getLocalPort).toList();
        } catch (IOException e) {
            throw new Problem("No free TCP port on 127.0.0.1: " + e.getMessage(), 1);
        } finally {
            held.forEach(socket -> {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // it was only held to keep the port
                }
            });
        }
    }

    /** The executable {@code command} on PATH, or null. */
    static Path onPath(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, command);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    /** Runs {@code action} once, however often it is called: by close() and by a shutdown hook, say. */
    static Runnable once(AutoCloseable action) {
        AtomicBoolean done = new AtomicBoolean();
        return () -> {
            if (done.compareAndSet(false, true)) {
                try {
                    action.close();
                } catch (Exception e) {
                    System.err.println("[tutorial] " + e.getMessage());
                }
            }
        };
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
