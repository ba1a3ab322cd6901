//DEPS redis.clients:jedis:8.0.2
package pipelining;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.util.JedisURIHelper;
import redis.clients.jedis.util.PrefixedKeyArgumentPreProcessor;

/**
 * One run's clients: the lesson's, whose every key Jedis puts under the run's namespace, and one
 * for the plumbing (the namespace's heartbeat and cleanup), which never touches the lesson's keys.
 */
final class Session<C extends UnifiedJedis> implements AutoCloseable {

    /** The lesson's client: {@code a} on it is {@code pipelining-tutorial:<run id>:a} on the server. */
    final C client;
    /** What the lesson's client sends and waits for, counted at its sockets. */
    final Wire wire;
    final String version;
    private final Namespace namespace;
    private final C plumbing;

    private Session(C plumbing, String version, Namespace namespace, C client, Wire wire) {
        this.plumbing = plumbing;
        this.version = version;
        this.namespace = namespace;
        this.client = client;
        this.wire = wire;
    }

    /** Connects and checks the server answers, so a wrong URL or password fails here, clearly. */
    static Session<RedisClient> open(URI uri) {
        var address = JedisURIHelper.getHostAndPort(uri);
        return open(uri, (config, wire) -> RedisClient.builder().hostAndPort(address).clientConfig(config)
                .connectionProvider(CountedConnections.to(address, config, wire)).build());
    }

    /** The same for a cluster; {@code uri} names its nodes: redis://[[user]:password@]host:port[,host:port…]. */
    static Session<RedisClusterClient> openCluster(URI uri) {
        var nodes = Cluster.nodes(uri);
        URI firstNode = URI.create(uri.toString().split(",")[0]); // for the user and password
        return open(firstNode, (config, wire) -> RedisClusterClient.builder().nodes(nodes).clientConfig(config)
                .connectionProvider(CountedConnections.toCluster(nodes, config, wire)).build());
    }

    /** {@code connect} builds a client whose sockets the given {@link Wire} counts. */
    private static <C extends UnifiedJedis> Session<C> open(URI uri, BiFunction<JedisClientConfig, Wire, C> connect) {
        List<AutoCloseable> opened = new ArrayList<>();
        try {
            C plumbing = connect.apply(config(uri).build(), new Wire()); // counted too, so TLS fails as fast
            opened.add(plumbing);
            String version = serverVersion(plumbing);
            Namespace namespace = Namespace.claim(plumbing);
            opened.add(0, namespace);
            // Jedis marks this key pre-processor @Experimental; it prefixes keys in pipelines and transactions too.
            Wire wire = new Wire();
            C client = connect.apply(config(uri).commandKeyArgumentPreProcessor(
                    new PrefixedKeyArgumentPreProcessor(namespace.prefix)).build(), wire);
            opened.add(0, client);
            checkPermissions(client);
            wire.reset(); // the lesson's counts start here
            return new Session<>(plumbing, version, namespace, client, wire);
        } catch (JedisException e) {
            opened.forEach(Session::closeQuietly);
            throw Problem.from(e, uri);
        } catch (RuntimeException e) {
            opened.forEach(Session::closeQuietly);
            throw e;
        }
    }

    /** User, password, database and TLS from the URL, as Jedis itself reads them. */
    private static DefaultJedisClientConfig.Builder config(URI uri) {
        return DefaultJedisClientConfig.builder(uri).clientName("pipelining-tutorial");
    }

    /**
     * Runs the kinds of command the sections use on a key of the run's own, so that a user without
     * the rights fails here, before anything is written, rather than inside a pipeline's replies.
     */
    private static void checkPermissions(UnifiedJedis client) {
        List<Response<?>> replies = new ArrayList<>();
        try (AbstractPipeline probe = client.pipelined()) {
            replies.add(probe.set("permission-check", "0"));
            replies.add(probe.incr("permission-check"));
            replies.add(probe.get("permission-check"));
            replies.add(probe.exists("permission-check"));
            replies.add(probe.del("permission-check"));
        }
        replies.forEach(Response::get); // throws the first refusal
    }

    /** {@code pipelining-tutorial:<run id>:}: where this run's keys are on the server. */
    String namespace() {
        return namespace.prefix;
    }

    /** The keys of runs that died without cleaning up, removed when this session opened. */
    Namespace.Swept swept() {
        return namespace.swept;
    }

    static String serverVersion(UnifiedJedis client) {
        String version = versionIn(client.info("server"));
        return version.isEmpty() ? "(unknown version)" : version;
    }

    /** The redis_version line of INFO's server section, or "" if there is none. */
    static String versionIn(String serverInfo) {
        return serverInfo.lines().filter(line -> line.startsWith("redis_version:"))
                .map(line -> line.substring("redis_version:".length()).strip()).findFirst().orElse("");
    }

    /** What one command alone costs on this session's way to the server, measured on the plumbing's client. */
    double pingMillis() {
        return medianPingMillis(plumbing);
    }

    /** What one command alone costs: the median of 21 PINGs, in milliseconds. */
    static double medianPingMillis(UnifiedJedis client) {
        double[] millis = new double[21];
        for (int i = 0; i < millis.length; i++) {
            long start = System.nanoTime();
            client.ping();
            millis[i] = (System.nanoTime() - start) / 1e6;
        }
        return Median.of(millis);
    }

    @Override
    public void close() {
        wire.close(); // a command still to come from another thread (Ctrl-C) fails rather than follow the delete
        closeQuietly(client); // waits (up to 2 s) for the connections in use
        closeQuietly(namespace); // deletes this run's keys
        closeQuietly(plumbing);
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // closing anyway: the server may be gone
        }
    }
}
