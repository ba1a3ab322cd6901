//DEPS redis.clients:jedis:8.0.2
package pipelining;

import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLSocket;
import org.apache.commons.pool2.PooledObject;
import org.apache.commons.pool2.impl.DefaultPooledObject;
import redis.clients.jedis.Connection;
import redis.clients.jedis.ConnectionFactory;
import redis.clients.jedis.ConnectionPool;
import redis.clients.jedis.DefaultJedisSocketFactory;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.providers.ClusterConnectionProvider;
import redis.clients.jedis.providers.ConnectionProvider;
import redis.clients.jedis.providers.PooledConnectionProvider;
import redis.clients.jedis.util.IOUtils;
import redis.clients.jedis.util.Pool;

/** Jedis' connection pools, with every connection's socket counted into a {@link Wire}, each node apart. */
final class CountedConnections {

    private CountedConnections() {
    }

    /** For a client on one server. */
    static ConnectionProvider to(HostAndPort server, JedisClientConfig config, Wire wire) {
        return new PooledConnectionProvider(factory(server, config, wire)) {
            @Override
            public void close() {
                super.close(); // no more connections handed out; one given back is closed
                drain(getPool());
            }
        };
    }

    /**
     * Waits (up to 2 s) for a closed pool's connections still in use to come back: on Ctrl-C the section's thread
     * may be waiting for a reply (its closed {@link Wire} lets it send nothing more), which it reads before the run's
     * keys are deleted. A pipeline whose next write fails comes back at once: what it had written may still run.
     */
    private static void drain(Pool<Connection> pool) {
        Wait.until(Duration.ofSeconds(2), () -> pool.getNumActive() == 0);
    }

    /** For a cluster client: the commands and pipelines of a cluster client get their connections here, by node or slot. */
    static ClusterConnectionProvider toCluster(Set<HostAndPort> startNodes, JedisClientConfig config, Wire wire) {
        return new ClusterConnectionProvider(startNodes, config) {
            private final Map<HostAndPort, ConnectionPool> pools = new ConcurrentHashMap<>();

            @Override
            public Connection getConnection(HostAndPort node) {
                return node == null ? getConnection() : pools.computeIfAbsent(node,
                        n -> new ConnectionPool(factory(n, config, wire))).getResource();
            }

            @Override
            public Connection getConnectionFromSlot(int slot) {
                return getConnection(getNode(slot));
            }

            @Override
            public void close() {
                pools.values().forEach(pool -> {
                    pool.close();
                    drain(pool);
                });
                super.close();
            }
        };
    }

    /** Each new connection gets a socket factory of its own, so the socket it made is at hand once it said hello. */
    private static ConnectionFactory factory(HostAndPort node, JedisClientConfig config, Wire wire) {
        Wire.Counter counter = wire.of(node);
        return new ConnectionFactory(node, config) {
            @Override
            public PooledObject<Connection> makeObject() {
                OneSocket sockets = new OneSocket(node, config, wire, counter);
                Connection connection = new Connection(sockets, config); // connects, then HELLO, CLIENT SETINFO…
                sockets.made.startCounting();
                return new DefaultPooledObject<>(connection);
            }
        };
    }

    /** Makes the one counted socket of one connection (TLS too, as Jedis sets it up). */
    private static final class OneSocket extends DefaultJedisSocketFactory { // Jedis casts to this class for the address
        private final Wire wire;
        private final Wire.Counter counter;
        private CountedSocket made;

        OneSocket(HostAndPort node, JedisClientConfig config, Wire wire, Wire.Counter counter) {
            super(node, config);
            this.wire = wire;
            this.counter = counter;
        }

        @Override
        public Socket createSocket() {
            long start = System.nanoTime();
            Socket socket = super.createSocket(); // connected: about one round trip
            try {
                if (socket instanceof SSLSocket tls) { // a handshake takes one or two round trips
                    handshakeWithin(Duration.ofMillis(250).plusNanos(4 * (System.nanoTime() - start)), tls);
                }
                boolean reconnect = made != null; // past the hello: count from the start
                made = new CountedSocket(socket, wire, counter);
                if (reconnect) {
                    made.startCounting();
                }
                return made;
            } catch (IOException e) {
                IOUtils.closeQuietly(socket);
                throw new JedisConnectionException(e);
            }
        }
    }

    /**
     * Jedis leaves the TLS handshake to the first write, where a plain server that never answers
     * in TLS holds each attempt for the whole socket timeout. Done here, a wrong rediss:// fails fast.
     */
    private static void handshakeWithin(Duration limit, SSLSocket tls) throws IOException {
        int timeout = tls.getSoTimeout();
        tls.setSoTimeout((int) limit.toMillis());
        tls.startHandshake();
        tls.setSoTimeout(timeout);
    }
}
