package pipelining;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import redis.clients.jedis.Connection;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.exceptions.JedisAccessControlException;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.util.JedisURIHelper;
import redis.clients.jedis.util.PrefixedKeyArgumentPreProcessor;
import redis.embedded.RedisServer;

/**
 * The plumbing every section shares, so that the scripts show nothing but pipelining: which Redis
 * to use, a key namespace of the run's own, and one clear line when something expected goes wrong.
 */
final class Tutorial {

    static final String NAMESPACE_ROOT = "pipelining-tutorial:";
    /** How long a key outlives a run that crashed before it could delete it. */
    static final long KEY_TTL_SECONDS = 3600;

    private Tutorial() {
    }

    /**
     * Runs one section against the Redis that {@link Server#find} chooses, with every key it writes
     * under a namespace of this run's own. Expected failures end the program with one line on
     * stderr and a non-zero exit code.
     */
    static void run(Consumer<RedisClient> section) {
        try {
            Server server = Server.find(System.getenv());
            Session session;
            try {
                session = Session.open(server.uri);
            } catch (Problem problem) {
                server.close();
                throw problem;
            }
            Runnable cleanUp = once(() -> {
                session.close();
                server.close();
            });
            Runtime.getRuntime().addShutdownHook(new Thread(cleanUp)); // Ctrl-C cleans up, too
            System.err.println("[tutorial] Using Redis " + session.version + " at " + redacted(server.uri)
                    + " (" + server.origin + ")");
            try {
                section.accept(session.client);
            } catch (JedisException e) {
                throw Problem.from(e, server.uri);
            } finally {
                cleanUp.run();
            }
        } catch (Problem problem) {
            System.err.println("[tutorial] " + problem.getMessage());
            System.exit(problem.exitCode);
        }
    }

    /** A Redis server to use, and how to let go of it: stop it if the tutorial started it. */
    static final class Server implements AutoCloseable {
        final URI uri;
        final String origin;
        private final AutoCloseable stop;

        Server(URI uri, String origin, AutoCloseable stop) {
            this.uri = uri;
            this.origin = origin;
            this.stop = stop;
        }

        /**
         * REDIS_URL if set; else a Redis already answering on localhost:6379; else redis-server from
         * PATH on a free port; else the embedded Redis on a free port. TUTORIAL_REDIS=redis-server or
         * =embedded skips the earlier steps, for a machine whose port 6379 must be left alone.
         */
        static Server find(Map<String, String> env) {
            String url = env.getOrDefault("REDIS_URL", "");
            if (!url.isBlank()) {
                return new Server(parseRedisUrl(url), "REDIS_URL", () -> { });
            }
            String choice = env.getOrDefault("TUTORIAL_REDIS", "auto");
            switch (choice) {
                case "auto":
                    Server running = alreadyRunning(new HostAndPort("localhost", 6379));
                    if (running != null) {
                        return running;
                    }
                    Path redisServer = onPath("redis-server");
                    return redisServer != null ? startRedisServer(redisServer) : startEmbedded();
                case "redis-server":
                    Path onPath = onPath("redis-server");
                    if (onPath == null) {
                        throw Problem.badInput("TUTORIAL_REDIS=redis-server, but there is no redis-server on PATH."
                                + " Install Redis, or unset TUTORIAL_REDIS.");
                    }
                    return startRedisServer(onPath);
                case "embedded":
                    return startEmbedded();
                default:
                    throw Problem.badInput("TUTORIAL_REDIS=" + choice
                            + " is not a choice: use auto, redis-server or embedded (or set REDIS_URL).");
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

        static Server alreadyRunning(HostAndPort address) {
            var quick = DefaultJedisClientConfig.builder().connectionTimeoutMillis(300).socketTimeoutMillis(1000).build();
            try (Connection connection = new Connection(address, quick)) {
                connection.ping();
                return new Server(URI.create("redis://" + address), "already running", () -> { });
            } catch (JedisConnectionException nothingListening) {
                return null;
            } catch (JedisException notUsable) {
                // Answers, but needs a password or is not Redis: leave it alone and start our own.
                String why = rootMessage(notUsable).startsWith("NOAUTH") ? "needs a password"
                        : "does not answer like Redis (" + rootMessage(notUsable) + ")";
                System.err.println("[tutorial] " + address + " " + why + ", so the tutorial starts a Redis of"
                        + " its own; set REDIS_URL=redis://[user:password@]" + address + " to use that one.");
                return null;
            }
        }

        private static Server startRedisServer(Path executable) {
            int port = freePort();
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
                awaitListening(port, process, log);
                return new Server(URI.create("redis://127.0.0.1:" + port),
                        "started from " + executable + ", stopped when this script ends", stop);
            } catch (IOException e) {
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
            process.destroy();
            throw new IOException("it did not listen on port " + port + " within 10 seconds");
        }

        private static Server startEmbedded() {
            int port = freePort();
            try {
                RedisServer embedded = RedisServer.newRedisServer().port(port).bind("127.0.0.1")
                        .setting("save \"\"").setting("appendonly no").build();
                embedded.start();
                return new Server(URI.create("redis://127.0.0.1:" + port),
                        "embedded, stopped when this script ends", embedded::stop);
            } catch (IOException | RuntimeException e) {
                throw new Problem("Could not start the embedded Redis (" + rootMessage(e) + "). It needs OpenSSL 3"
                        + " (Debian/Ubuntu: apt install libssl3; macOS: brew install openssl@3)."
                        + " Or install redis-server, or set REDIS_URL to a Redis you run.", 1);
            }
        }
    }

    /** One run's client: its keys carry a prefix of their own, a TTL, and are deleted at the end. */
    static final class Session implements AutoCloseable {
        final String namespace = NAMESPACE_ROOT + UUID.randomUUID().toString().substring(0, 8) + ":";
        final RedisClient client;
        final String version;
        private final Set<String> keysUsed = ConcurrentHashMap.newKeySet();
        private final ScheduledExecutorService janitor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "tutorial-key-ttl");
            thread.setDaemon(true);
            return thread;
        });

        @SuppressWarnings("deprecation") // keyPreProcessor: Jedis 8's way to prefix keys, pipelines included
        private Session(URI uri) {
            var config = DefaultJedisClientConfig.builder()
                    .user(JedisURIHelper.getUser(uri)).password(JedisURIHelper.getPassword(uri))
                    .database(JedisURIHelper.getDBIndex(uri)).ssl(JedisURIHelper.isRedisSSLScheme(uri))
                    .clientName("pipelining-tutorial").build();
            var prefix = new PrefixedKeyArgumentPreProcessor(namespace);
            client = RedisClient.builder().hostAndPort(JedisURIHelper.getHostAndPort(uri)).clientConfig(config)
                    .keyPreProcessor(key -> {
                        keysUsed.add(key instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : key.toString());
                        return prefix.actualKey(key);
                    }).build();
            try {
                version = serverVersion(client);
            } catch (RuntimeException e) {
                client.close();
                throw e;
            }
            // A crash cannot delete keys, so every key gets a TTL shortly after it appears.
            janitor.scheduleWithFixedDelay(this::expireKeysUsed, 0, 200, TimeUnit.MILLISECONDS);
        }

        /** Connects and checks the server answers, so a wrong URL or password fails here, clearly. */
        static Session open(URI uri) {
            try {
                return new Session(uri);
            } catch (JedisException e) {
                throw Problem.from(e, uri);
            }
        }

        private void expireKeysUsed() {
            if (keysUsed.isEmpty()) {
                return;
            }
            try (Pipeline pipe = client.pipelined()) {
                keysUsed.forEach(key -> pipe.expire(key, KEY_TTL_SECONDS));
            } catch (JedisException serverGone) {
                // Nothing to do: the run reports its own failure.
            }
        }

        @Override
        public void close() {
            janitor.shutdownNow();
            try {
                janitor.awaitTermination(1, TimeUnit.SECONDS);
                if (!keysUsed.isEmpty()) {
                    client.del(keysUsed.toArray(String[]::new));
                }
            } catch (JedisException | InterruptedException e) {
                // The server is gone or we were interrupted: the TTL deletes the keys later.
            } finally {
                client.close();
            }
        }
    }

    /** An expected failure: one line for the user, and the exit code. */
    static final class Problem extends RuntimeException {
        final int exitCode;

        Problem(String message, int exitCode) {
            super(message, null, false, false);
            this.exitCode = exitCode;
        }

        static Problem badInput(String message) {
            return new Problem(message, 2);
        }

        static Problem from(JedisException e, URI uri) {
            String at = redacted(uri);
            String why = rootMessage(e);
            if (why.startsWith("NOAUTH")) {
                return new Problem("Redis at " + at + " needs a password."
                        + " Put it in REDIS_URL: redis://:password@host:port (or redis://user:password@host:port)", 1);
            }
            if (e instanceof JedisAccessControlException || why.startsWith("WRONGPASS")) {
                return new Problem("Redis at " + at + " refused the user name or password (" + why
                        + "). Put the right ones in REDIS_URL: redis://user:password@host:port", 1);
            }
            if (e instanceof JedisConnectionException) {
                return new Problem("Cannot reach Redis at " + at + " (" + why + "). Check that it is running and"
                        + " that REDIS_URL is right, or unset REDIS_URL to let the tutorial start its own.", 1);
            }
            if (e instanceof JedisDataException) {
                return new Problem("Redis at " + at + " answered with an error: " + why, 1);
            }
            return new Problem("Redis at " + at + " failed: " + why, 1);
        }
    }

    /** Checks REDIS_URL up front, so a typo gets a message that names it instead of a stack trace. */
    static URI parseRedisUrl(String url) {
        String hint = ". Use redis://[[user]:password@]host[:port][/db] or rediss://… for TLS,"
                + " for example redis://localhost:6379/0";
        URI uri;
        try {
            uri = new URI(url.trim());
        } catch (URISyntaxException e) {
            throw Problem.badInput("REDIS_URL " + redacted(url) + " is not a URL (" + e.getReason() + ")" + hint);
        }
        String scheme = uri.getScheme();
        if (!"redis".equals(scheme) && !"rediss".equals(scheme)) {
            throw Problem.badInput("REDIS_URL " + redacted(url) + " must start with redis:// or rediss://" + hint);
        }
        if (uri.getHost() == null) {
            throw Problem.badInput("REDIS_URL " + redacted(url) + " has no host, or a port that is not a number" + hint);
        }
        String path = uri.getPath() == null ? "" : uri.getPath();
        if (!path.isEmpty() && !path.equals("/") && !path.matches("/\\d+")) {
            throw Problem.badInput("REDIS_URL " + redacted(url) + " names database '" + path.substring(1)
                    + "', which is not a number" + hint);
        }
        try { // Jedis wants a port; the URL convention is that none means 6379
            return uri.getPort() != -1 ? uri : new URI(scheme, uri.getRawUserInfo(), uri.getHost(), 6379,
                    uri.getRawPath(), uri.getRawQuery(), null);
        } catch (URISyntaxException e) {
            throw Problem.badInput("REDIS_URL " + redacted(url) + " is not a URL (" + e.getReason() + ")" + hint);
        }
    }

    /** The URL with its password, if any, hidden: safe to print. */
    static String redacted(Object url) {
        return url.toString().replaceFirst("(://[^:/@]*:)[^@/]*@", "$1****@");
    }

    static String serverVersion(RedisClient client) {
        for (String line : client.info("server").split("\r?\n")) {
            if (line.startsWith("redis_version:")) {
                return line.substring("redis_version:".length());
            }
        }
        return "(unknown version)";
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return message == null || message.isBlank() ? root.getClass().getSimpleName()
                : message.strip().replaceFirst("\\.$", "");
    }

    static Path onPath(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir, command);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new Problem("No free TCP port on 127.0.0.1: " + e.getMessage(), 1);
        }
    }

    private static Runnable once(AutoCloseable action) {
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

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
