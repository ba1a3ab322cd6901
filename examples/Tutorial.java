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
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import picocli.CommandLine;
import java.util.function.Function;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.CommandKeyArgumentPreProcessor;
import redis.clients.jedis.Connection;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisAccessControlException;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.util.JedisURIHelper;
import redis.clients.jedis.util.PrefixedKeyArgumentPreProcessor;
import redis.embedded.RedisServer;
import redis.embedded.RedisShardedCluster;

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
        run(Duration.ZERO, section);
    }

    /** The same, with every byte to and from Redis delayed so that a round trip takes {@code rtt} longer. */
    static void run(Duration rtt, Consumer<RedisClient> section) {
        exitOnProblem(() -> {
            Server server = Server.find(System.getenv());
            LatencyProxy proxy = rtt.isZero() ? null : new LatencyProxy(JedisURIHelper.getHostAndPort(server.uri), rtt);
            String through = proxy == null ? "" : ", through a simulated round trip of " + rtt.toNanos() / 1e6 + " ms";
            runSession(server, proxy, through, () -> Session.open(proxy == null ? server.uri : proxy.inFrontOf(server.uri)),
                    section);
        });
    }

    /**
     * Runs a section against a Redis Cluster: the one REDIS_CLUSTER_URL names
     * (redis://[[user]:password@]host:port[,host:port…]), else an embedded 3-shard cluster on free ports.
     */
    static void runOnCluster(Consumer<RedisClusterClient> section) {
        exitOnProblem(() -> {
            Server cluster = Server.findCluster(System.getenv());
            runSession(cluster, null, "", () -> Session.openCluster(cluster.uri), section);
        });
    }

    private static void exitOnProblem(Runnable run) {
        try {
            run.run();
        } catch (Problem problem) {
            System.err.println("[tutorial] " + problem.getMessage());
            System.exit(problem.exitCode);
        }
    }

    private static <C extends UnifiedJedis> void runSession(Server server, LatencyProxy proxy, String through,
            java.util.function.Supplier<Session<C>> open, Consumer<C> section) {
        Session<C> session;
        try {
            session = open.get();
        } catch (Problem problem) {
            if (proxy != null) {
                proxy.close();
            }
            server.close();
            throw problem;
        }
        Runnable cleanUp = once(() -> {
            session.close();
            if (proxy != null) {
                proxy.close();
            }
            server.close();
        });
        Runtime.getRuntime().addShutdownHook(new Thread(cleanUp)); // Ctrl-C cleans up, too
        System.err.println("[tutorial] Using Redis " + session.version + " at " + redacted(server.uri)
                + " (" + server.origin + ")" + through
                + (proxy == null ? "" : String.format(Locale.ROOT, " (a PING takes %.2f ms)", medianPingMillis(session.client))));
        try {
            section.accept(session.client);
        } catch (JedisConnectionException lost) {
            throw new Problem("Lost the connection to Redis at " + redacted(server.uri) + " during the run ("
                    + rootMessage(lost) + "). Commands already sent may or may not have run: check the data"
                    + " before you run it again, since re-sending them (an INCR, say) would apply them twice.", 1);
        } catch (JedisException e) {
            throw Problem.from(e, server.uri);
        } finally {
            cleanUp.run();
        }
    }

    /** A Redis server (or cluster) to use, and how to let go of it: stop it if the tutorial started it. */
    static final class Server implements AutoCloseable {
        /** The server; for a cluster, redis://[[user]:password@]host:port[,host:port…] naming its nodes. */
        final URI uri;
        final String origin;
        private final AutoCloseable stop;

        Server(URI uri, String origin, AutoCloseable stop) {
            this.uri = uri;
            this.origin = origin;
            this.stop = stop;
        }

        /** A server the tutorial started: stopped once, by close() or, failing that, when the JVM exits. */
        static Server started(URI uri, String origin, AutoCloseable stop) {
            Runnable stopOnce = once(stop);
            Runtime.getRuntime().addShutdownHook(new Thread(stopOnce));
            return new Server(uri, origin, stopOnce::run);
        }

        /** REDIS_CLUSTER_URL if set, else an embedded cluster of three shards on free ports (never 6379-6381). */
        static Server findCluster(Map<String, String> env) {
            String url = env.getOrDefault("REDIS_CLUSTER_URL", "");
            if (!url.isBlank()) {
                clusterNodes(parseRedisUrl(url.strip().split(",")[0])); // checks the first node's part
                return new Server(URI.create(url.strip()), "REDIS_CLUSTER_URL", () -> { });
            }
            List<Integer> ports = freePorts(3);
            try {
                // serverPorts() before shard(): shard() takes its port from there, else from 6379 up
                RedisShardedCluster cluster = RedisShardedCluster.newRedisCluster().serverPorts(ports)
                        .shard("a", 0).shard("b", 0).shard("c", 0).build();
                cluster.start();
                awaitClusterOk(ports);
                String nodes = ports.stream().map(port -> "127.0.0.1:" + port).collect(java.util.stream.Collectors.joining(","));
                return Server.started(URI.create("redis://" + nodes), "an embedded cluster of 3 shards, stopped when this"
                        + " script ends", cluster::stop);
            } catch (IOException | RuntimeException e) {
                throw new Problem("Could not start the embedded Redis Cluster (" + rootMessage(e) + "). It needs"
                        + " OpenSSL 3 (Debian/Ubuntu: apt install libssl3; macOS: brew install openssl@3);"
                        + " or set REDIS_CLUSTER_URL to a cluster you run.", 1);
            }
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

        /** A port found free may be taken before the server binds it; then it tries another. */
        private static Server onAFreePort(java.util.function.Supplier<Server> start) {
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

        /** The nodes are up before they agree on the slots; until then commands get CLUSTERDOWN. */
        private static void awaitClusterOk(List<Integer> ports) throws IOException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            for (int port : ports) {
                try (var node = new redis.clients.jedis.Jedis("127.0.0.1", port)) {
                    while (!node.clusterInfo().contains("cluster_state:ok")) {
                        if (System.nanoTime() > deadline) {
                            throw new IOException("the cluster's nodes did not agree within 20 seconds");
                        }
                        sleep(50);
                    }
                }
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
                return Server.started(URI.create("redis://127.0.0.1:" + port),
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
                return Server.started(URI.create("redis://127.0.0.1:" + port),
                        "embedded, stopped when this script ends", embedded::stop);
            } catch (IOException | RuntimeException e) {
                throw new Problem("Could not start the embedded Redis (" + rootMessage(e) + "). It needs OpenSSL 3"
                        + " (Debian/Ubuntu: apt install libssl3; macOS: brew install openssl@3)."
                        + " Or install redis-server, or set REDIS_URL to a Redis you run.", 1);
            }
        }
    }

    /** One run's client: its keys carry a prefix of their own, a TTL, and are deleted at the end. */
    static final class Session<C extends UnifiedJedis> implements AutoCloseable {
        final String namespace = NAMESPACE_ROOT + UUID.randomUUID().toString().substring(0, 8) + ":";
        final C client;
        final String version;
        private final Set<String> keysUsed = ConcurrentHashMap.newKeySet();
        private final Set<String> keysWithoutTtl = ConcurrentHashMap.newKeySet();
        private volatile KeyOnServer lastKey;

        private record KeyOnServer(String key, Object actualKey) {
        }
        private final ScheduledExecutorService janitor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "tutorial-key-ttl");
            thread.setDaemon(true);
            return thread;
        });

        /** {@code connect} builds the client around the key pre-processor it is given. */
        private Session(Function<CommandKeyArgumentPreProcessor, C> connect) {
            var prefix = new PrefixedKeyArgumentPreProcessor(namespace);
            client = connect.apply(key -> {
                KeyOnServer last = lastKey;
                if (last != null && last.key == key) {
                    return last.actualKey; // a loop on one key: remembered, not rebuilt each time
                }
                Object actualKey = prefix.actualKey(key);
                keysUsed.add(key instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : key.toString());
                if (key instanceof String name) { // immutable, so safe to remember (a byte[] is not)
                    lastKey = new KeyOnServer(name, actualKey);
                }
                return actualKey;
            });
            try {
                version = serverVersion(client);
                checkPermissions();
            } catch (RuntimeException e) {
                client.close();
                throw e;
            }
            // A crash cannot delete keys, so every key gets a TTL shortly after it appears.
            janitor.scheduleWithFixedDelay(this::expireKeysUsed, 0, 200, TimeUnit.MILLISECONDS);
        }

        /** Connects and checks the server answers, so a wrong URL or password fails here, clearly. */
        @SuppressWarnings("deprecation") // keyPreProcessor: Jedis 8's way to prefix keys, pipelines included
        static Session<RedisClient> open(URI uri) {
            try {
                return new Session<>(keys -> RedisClient.builder().hostAndPort(JedisURIHelper.getHostAndPort(uri))
                        .clientConfig(clientConfig(uri)).keyPreProcessor(keys).build());
            } catch (JedisException e) {
                throw Problem.from(e, uri);
            }
        }

        /** The same for a cluster; {@code uri} names its nodes: redis://host:port[,host:port…]. */
        @SuppressWarnings("deprecation")
        static Session<RedisClusterClient> openCluster(URI uri) {
            try {
                URI firstNode = URI.create(uri.toString().split(",")[0]); // for the user and password
                return new Session<>(keys -> RedisClusterClient.builder().nodes(clusterNodes(uri))
                        .clientConfig(clientConfig(firstNode)).keyPreProcessor(keys).build());
            } catch (JedisException e) {
                throw Problem.from(e, uri);
            }
        }

        @SuppressWarnings("deprecation") // ssl(boolean): what Jedis' own URI parsing does for rediss://
        private static DefaultJedisClientConfig clientConfig(URI uri) {
            return DefaultJedisClientConfig.builder()
                    .user(JedisURIHelper.getUser(uri)).password(JedisURIHelper.getPassword(uri))
                    .database(JedisURIHelper.hasDbIndex(uri) ? JedisURIHelper.getDBIndex(uri) : 0)
                    .ssl(JedisURIHelper.isRedisSSLScheme(uri)).clientName("pipelining-tutorial").build();
        }

        /**
         * Runs the kinds of command the sections use on a key of our own, so that a user without the
         * rights fails here, before anything is written, rather than inside a pipeline's replies.
         */
        private void checkPermissions() {
            List<Response<?>> replies = new java.util.ArrayList<>();
            try (AbstractPipeline probe = client.pipelined()) {
                replies.add(probe.set("permission-check", "0"));
                replies.add(probe.incr("permission-check"));
                replies.add(probe.get("permission-check"));
                replies.add(probe.expire("permission-check", KEY_TTL_SECONDS));
                replies.add(probe.exists("permission-check"));
                replies.add(probe.del("permission-check"));
            }
            replies.forEach(Response::get); // throws the first refusal
        }

        /**
         * Gives a TTL to the keys that have none. EXPIRE counts as a change for WATCH, so a key gets
         * it only when seen without one at two ticks in a row: a transaction that WATCHes a key it
         * has just written is not made to retry by this.
         */
        private void expireKeysUsed() {
            if (keysUsed.isEmpty()) {
                return;
            }
            try {
                Map<String, Response<Long>> ttls = new java.util.HashMap<>();
                try (AbstractPipeline pipe = client.pipelined()) {
                    keysUsed.forEach(key -> ttls.put(key, pipe.ttl(key)));
                }
                try (AbstractPipeline pipe = client.pipelined()) {
                    ttls.forEach((key, ttl) -> {
                        if (ttl.get() != -1) {
                            keysWithoutTtl.remove(key); // has one, or does not exist
                        } else if (!keysWithoutTtl.add(key)) {
                            pipe.expire(key, KEY_TTL_SECONDS);
                            keysWithoutTtl.remove(key);
                        }
                    });
                }
            } catch (JedisException serverGone) {
                // Nothing to do: the run reports its own failure.
            }
        }

        @Override
        public void close() {
            janitor.shutdownNow();
            try {
                janitor.awaitTermination(1, TimeUnit.SECONDS);
                try (AbstractPipeline pipe = client.pipelined()) { // one DEL a key: on a cluster they may be on any node
                    keysUsed.forEach(pipe::del);
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
            Throwable root = rootCause(e);
            boolean tls = "rediss".equals(uri.getScheme());
            if (root instanceof java.security.cert.CertPathBuilderException
                    || root instanceof java.security.cert.CertificateException) {
                return new Problem("Redis at " + at + " has a TLS certificate this JVM does not trust (" + why
                        + "). Tell Java to trust it: ./jbang -R-Djavax.net.ssl.trustStore=truststore.p12"
                        + " -R-Djavax.net.ssl.trustStorePassword=<password> <alias>", 1);
            }
            if (tls && (root instanceof javax.net.ssl.SSLException || root instanceof java.net.SocketTimeoutException)) {
                return new Problem("Redis at " + at + " does not answer in TLS (" + why
                        + "). If it is a plain server, use redis:// instead of rediss://", 1);
            }
            if (!tls && e instanceof JedisConnectionException
                    && (why.contains("end of stream") || why.contains("Connection reset"))) {
                return new Problem("Redis at " + at + " hung up at once (" + why
                        + "). If it expects TLS, use rediss:// instead of redis://", 1);
            }
            if (why.startsWith("NOPERM")) {
                return new Problem("Redis at " + at + " does not let this user run a command the tutorial needs ("
                        + why + "). Use a user that may, for example: ACL SETUSER <name> on ><password>"
                        + " ~" + NAMESPACE_ROOT + "* +@read +@write +@transaction +ping +info", 1);
            }
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

    /**
     * Runs a picocli command (a script with options) and returns its exit code. A bad option gets
     * one line, like every other expected failure, instead of picocli's usage dump.
     */
    static int runCommand(Object command, String... args) {
        return new CommandLine(command)
                .setParameterExceptionHandler((problem, badArgs) -> {
                    System.err.println("[tutorial] " + problem.getMessage() + " (see --help)");
                    return 2;
                })
                .setExecutionExceptionHandler((failure, commandLine, parsed) -> {
                    if (failure instanceof Problem problem) {
                        System.err.println("[tutorial] " + problem.getMessage());
                        return problem.exitCode;
                    }
                    throw failure;
                })
                .execute(args);
    }

    static void requireAtLeast(int least, String option, int value) {
        if (value < least) {
            throw Problem.badInput(option + " must be at least " + least + ", not " + value + " (see --help)");
        }
    }

    /** Reads 200us, 0.2ms, 1ms, 1s (or 0) for an option; at most 10 seconds. */
    static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String text) {
            var parts = java.util.regex.Pattern.compile("(\\d+(?:\\.\\d+)?)(us|µs|ms|s)?").matcher(text.strip());
            if (!parts.matches() || (parts.group(2) == null && Double.parseDouble(parts.group(1)) != 0)) {
                throw new CommandLine.TypeConversionException(
                        "'" + text + "' is not a duration: write it like 200us, 0.2ms or 1ms");
            }
            double nanosPerUnit = parts.group(2) == null ? 0 : switch (parts.group(2)) {
                case "s" -> 1e9;
                case "ms" -> 1e6;
                default -> 1e3;
            };
            double nanos = Double.parseDouble(parts.group(1)) * nanosPerUnit;
            if (nanos > 10e9) {
                throw new CommandLine.TypeConversionException("'" + text + "' is longer than 10s");
            }
            return Duration.ofNanos(Math.round(nanos));
        }
    }

    /**
     * Runs the work and, on a terminal only, shows how far the counter at {@code key} has got,
     * read from the server by another connection, so the timed loop itself stays untouched.
     */
    static <T> T withProgress(RedisClient redis, String key, int total, java.util.function.Supplier<T> work) {
        if (!onTerminal()) {
            return work.get();
        }
        ScheduledExecutorService painter = Executors.newSingleThreadScheduledExecutor();
        painter.scheduleAtFixedRate(() -> {
            String done = redis.get(key);
            long count = done == null ? 0 : Long.parseLong(done);
            System.err.printf(Locale.ROOT, "\r[tutorial] %,d of %,d (%d%%) ", count, total, 100 * count / total);
        }, 250, 250, TimeUnit.MILLISECONDS);
        try {
            return work.get();
        } finally {
            painter.shutdownNow();
            try {
                painter.awaitTermination(1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            System.err.print("\r\033[K"); // clear the progress line
        }
    }


    /** Whether a person is watching: progress is drawn only then, never into captured output. */
    static boolean onTerminal() {
        java.io.Console console = System.console();
        if (console == null || Runtime.version().feature() < 22) {
            return console != null;
        }
        try { // from JDK 22 on, System.console() exists even when redirected; isTerminal() tells
            return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return false;
        }
    }

    /**
     * A TCP proxy on 127.0.0.1 that holds every chunk of data for half the round trip in each
     * direction and keeps it in order: like a longer wire. A command sent alone waits one whole
     * round trip for its reply; a pipeline's commands travel together and wait about one in all.
     * It models delay only: no bandwidth limit, jitter or loss, and the OS timer adds a few tens
     * of microseconds to each leg.
     */
    static final class LatencyProxy implements AutoCloseable {
        private final ServerSocket listener;
        private final HostAndPort target;
        private final long oneWayNanos;
        /** How many chunks of bytes the client sent: about one per round trip it waited for, or per 8 KiB. */
        final java.util.concurrent.atomic.AtomicLong chunksFromClients = new java.util.concurrent.atomic.AtomicLong();
        private final ExecutorService threads = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "latency-proxy");
            thread.setDaemon(true);
            return thread;
        });

        LatencyProxy(HostAndPort target, Duration rtt) {
            this.target = target;
            this.oneWayNanos = rtt.toNanos() / 2;
            try {
                listener = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
            } catch (IOException e) {
                throw new Problem("Could not start the latency proxy: " + e.getMessage(), 1);
            }
            threads.execute(this::accept);
        }

        /** The same URL (user, password, database), pointing at the proxy instead. */
        URI inFrontOf(URI uri) {
            try {
                return withHostAndPort(uri, "127.0.0.1", listener.getLocalPort());
            } catch (URISyntaxException e) {
                throw new IllegalStateException(e); // it was a valid URI a moment ago
            }
        }

        private void accept() {
            while (!listener.isClosed()) {
                try {
                    Socket client = listener.accept();
                    Socket server = new Socket(target.getHost(), target.getPort());
                    client.setTcpNoDelay(true);
                    server.setTcpNoDelay(true);
                    relay(client, server, chunksFromClients);
                    relay(server, client, new java.util.concurrent.atomic.AtomicLong());
                } catch (IOException closedOrRefused) {
                    // closed: we are done; refused: the client sees its connection drop
                }
            }
        }

        /** One direction: a reader stamps each chunk with when it may go on, a writer sends it then. */
        private void relay(Socket from, Socket to, java.util.concurrent.atomic.AtomicLong chunks) {
            BlockingQueue<Chunk> inFlight = new LinkedBlockingQueue<>();
            threads.execute(() -> {
                byte[] buffer = new byte[64 * 1024];
                try (var in = from.getInputStream()) {
                    for (int read = in.read(buffer); read != -1; read = in.read(buffer)) {
                        inFlight.add(new Chunk(System.nanoTime() + oneWayNanos, Arrays.copyOf(buffer, read)));
                        chunks.incrementAndGet();
                    }
                } catch (IOException closed) {
                    // the other side hung up
                }
                inFlight.add(Chunk.END);
            });
            threads.execute(() -> {
                try (var out = to.getOutputStream()) {
                    for (Chunk chunk = inFlight.take(); chunk != Chunk.END; chunk = inFlight.take()) {
                        waitUntil(chunk.dueNanos);
                        out.write(chunk.bytes);
                        // Chunks due within the next 50 µs go along now: one wake-up for a stream of them.
                        for (Chunk next = inFlight.peek(); next != null && next != Chunk.END
                                && next.dueNanos - System.nanoTime() < 50_000; next = inFlight.peek()) {
                            out.write(inFlight.remove().bytes);
                        }
                    }
                    to.shutdownOutput();
                } catch (IOException | InterruptedException closed) {
                    // the other side hung up, or the proxy is closing
                }
            });
        }

        private record Chunk(long dueNanos, byte[] bytes) {
            static final Chunk END = new Chunk(0, new byte[0]);
        }

        /** Sleeps most of the way, then spins: sleep alone overshoots by the OS timer's slack. */
        private static void waitUntil(long dueNanos) {
            for (long left = dueNanos - System.nanoTime(); left > 0; left = dueNanos - System.nanoTime()) {
                if (left > 200_000) {
                    LockSupport.parkNanos(left - 150_000);
                } else {
                    Thread.onSpinWait();
                }
            }
        }

        @Override
        public void close() {
            try {
                listener.close();
            } catch (IOException ignored) {
                // closing anyway
            }
            threads.shutdownNow();
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
            return uri.getPort() != -1 ? uri : withHostAndPort(uri, uri.getHost(), 6379);
        } catch (URISyntaxException e) {
            throw Problem.badInput("REDIS_URL " + redacted(url) + " is not a URL (" + e.getReason() + ")" + hint);
        }
    }

    private static URI withHostAndPort(URI uri, String host, int port) throws URISyntaxException {
        return new URI(uri.getScheme(), uri.getRawUserInfo(), host, port, uri.getRawPath(), uri.getRawQuery(), null);
    }

    /** The URL with its password, if any, hidden: safe to print. */
    static String redacted(Object url) {
        return url.toString().replaceFirst("(://[^:/@]*:)[^@/]*@", "$1****@");
    }

    /** What one command alone costs: the median of 21 PINGs, in milliseconds. */
    static double medianPingMillis(UnifiedJedis client) {
        double[] millis = new double[21];
        for (int i = 0; i < millis.length; i++) {
            long start = System.nanoTime();
            client.ping();
            millis[i] = (System.nanoTime() - start) / 1e6;
        }
        Arrays.sort(millis);
        return millis[millis.length / 2];
    }

    static String serverVersion(UnifiedJedis client) {
        for (String line : client.info("server").split("\r?\n")) {
            if (line.startsWith("redis_version:")) {
                return line.substring("redis_version:".length());
            }
        }
        return "(unknown version)";
    }

    private static Throwable rootCause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = rootCause(e);
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

    /**
     * Which node serves a slot, numbered 1, 2, 3… in the order of the first slot each node serves,
     * so that the numbers stay the same from run to run while the ports change.
     */
    @SuppressWarnings({"unchecked", "deprecation"}) // CLUSTER SLOTS: nested lists; CLUSTER SHARDS needs Redis 7
    static int clusterNodeOf(RedisClusterClient cluster, int slot) {
        List<Object> ranges;
        try (Connection connection = cluster.getClusterNodes().values().iterator().next().getResource()) {
            ranges = new redis.clients.jedis.Jedis(connection).clusterSlots();
        }
        Map<String, Long> firstSlot = new java.util.HashMap<>();
        String owner = null;
        for (Object range : ranges) {
            List<Object> fields = (List<Object>) range; // start, end, [host, port, id] of the primary, replicas…
            long start = (Long) fields.get(0);
            List<Object> primary = (List<Object>) fields.get(2);
            String node = new String((byte[]) primary.get(0), StandardCharsets.UTF_8) + ":" + primary.get(1);
            firstSlot.merge(node, start, Math::min);
            if (start <= slot && slot <= (Long) fields.get(1)) {
                owner = node;
            }
        }
        List<String> inOrder = firstSlot.entrySet().stream().sorted(Map.Entry.comparingByValue())
                .map(Map.Entry::getKey).toList();
        return inOrder.indexOf(owner) + 1;
    }

    /** The nodes a cluster URL names: redis://[[user]:password@]host:port[,host:port…]. */
    static Set<HostAndPort> clusterNodes(URI uri) {
        String nodes = uri.getRawAuthority().substring(uri.getRawAuthority().lastIndexOf('@') + 1);
        Set<HostAndPort> parsed = new java.util.LinkedHashSet<>();
        for (String node : nodes.split(",")) {
            try {
                parsed.add(HostAndPort.from(node.strip()));
            } catch (RuntimeException e) {
                throw Problem.badInput("REDIS_CLUSTER_URL names node '" + node + "', which is not host:port."
                        + " Use redis://[[user]:password@]host:port[,host:port…]");
            }
        }
        return parsed;
    }

    /** Ports free at the same time, so they differ from each other. */
    private static List<Integer> freePorts(int count) {
        List<ServerSocket> held = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                held.add(new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress()));
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
