//DEPS redis.clients:jedis:8.0.2
package pipelining;

import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.LongAdder;
import javax.net.ssl.SSLSocket;
import org.apache.commons.pool2.PooledObject;
import redis.clients.jedis.Connection;
import redis.clients.jedis.ConnectionFactory;
import redis.clients.jedis.ConnectionPool;
import redis.clients.jedis.DefaultJedisSocketFactory;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.JedisSocketFactory;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.providers.ClusterConnectionProvider;
import redis.clients.jedis.providers.ConnectionProvider;
import redis.clients.jedis.providers.PooledConnectionProvider;
import redis.clients.jedis.util.IOUtils;

/**
 * What a client did on the network, counted at its own sockets: how often it wrote, and how often,
 * having written, it then read, that is waited for the server. Each such turn is one round trip.
 * Counting is a few additions per socket call, next to the system call itself.
 */
final class Wire {

    /** Totals up to a moment; {@link #minus} gives what happened between two moments. */
    record Tally(long writes, long roundTrips, long bytesRead) {

        Tally minus(Tally before) {
            return new Tally(writes - before.writes, roundTrips - before.roundTrips, bytesRead - before.bytesRead);
        }

        @Override
        public String toString() {
            return times(writes, "write") + ", " + times(roundTrips, "round trip");
        }

        private static String times(long count, String what) {
            return String.format(Locale.ROOT, "%,d %s%s", count, what, count == 1 ? "" : "s");
        }
    }

    /** One socket call, {@code nanos} after the recording started. */
    record Event(long nanos, boolean write, int bytes) {
    }

    private static final Map<UnifiedJedis, Wire> OF_CLIENT = Collections.synchronizedMap(new WeakHashMap<>());

    private final Map<HostAndPort, Counter> nodes = new ConcurrentHashMap<>();
    private volatile Recording recording;

    /** The wire of a client the tutorial opened: the client a section is handed. */
    static Wire of(UnifiedJedis client) {
        Wire wire = OF_CLIENT.get(client);
        if (wire == null) {
            throw new IllegalArgumentException("this client was not opened by the tutorial, so nothing counts its wire");
        }
        return wire;
    }

    <C extends UnifiedJedis> C counting(C client) {
        OF_CLIENT.put(client, this);
        return client;
    }

    /** All nodes together. */
    Tally tally() {
        return perNode().values().stream().reduce(new Tally(0, 0, 0),
                (a, b) -> new Tally(a.writes + b.writes, a.roundTrips + b.roundTrips, a.bytesRead + b.bytesRead));
    }

    /** What happened since {@code before}, a {@link #tally()} taken earlier. */
    Tally since(Tally before) {
        return tally().minus(before);
    }

    /** Each node the client has talked to, sorted by address. */
    Map<HostAndPort, Tally> perNode() {
        Map<HostAndPort, Tally> tallies = new TreeMap<>((a, b) -> a.toString().compareTo(b.toString()));
        nodes.forEach((node, counter) -> tallies.put(node, counter.tally()));
        return tallies;
    }

    /** What happened on each node since {@code before}, a {@link #perNode()} taken earlier. */
    Map<HostAndPort, Tally> perNodeSince(Map<HostAndPort, Tally> before) {
        Map<HostAndPort, Tally> since = perNode();
        since.replaceAll((node, now) -> now.minus(before.getOrDefault(node, new Tally(0, 0, 0))));
        return since;
    }

    /** The socket calls {@code work} makes, with their times. */
    List<Event> record(Runnable work) {
        Recording started = new Recording(System.nanoTime());
        recording = started;
        try {
            work.run();
        } finally {
            recording = null;
        }
        return List.copyOf(started.events);
    }

    /** For a client on one server: its connections' sockets are counted. */
    ConnectionProvider connections(HostAndPort server, JedisClientConfig config) {
        return new PooledConnectionProvider(connectionFactory(server, config));
    }

    /** For a cluster client: every node's connections are counted, each node apart. */
    ClusterConnectionProvider clusterConnections(Set<HostAndPort> startNodes, JedisClientConfig config) {
        return new ClusterConnectionProvider(startNodes, config) {
            private final Map<HostAndPort, ConnectionPool> pools = new ConcurrentHashMap<>();

            // The commands and pipelines of a cluster client get their connections here, by node or by slot.
            @Override
            public Connection getConnection(HostAndPort node) {
                return node == null ? getConnection() : pools.computeIfAbsent(node,
                        n -> new ConnectionPool(connectionFactory(n, config))).getResource();
            }

            @Override
            public Connection getConnectionFromSlot(int slot) {
                return getConnection(getNode(slot));
            }

            @Override
            public void close() {
                pools.values().forEach(ConnectionPool::close);
                super.close();
            }
        };
    }

    /** The socket a connection being made on this thread got, until the connection is ready. */
    private final ThreadLocal<CountedSocket> opening = new ThreadLocal<>();

    private ConnectionFactory connectionFactory(HostAndPort node, JedisClientConfig config) {
        Counter counter = nodes.computeIfAbsent(node, n -> new Counter());
        // Jedis asks a connection's socket factory for its address, so this one is a DefaultJedisSocketFactory too
        JedisSocketFactory counted = new DefaultJedisSocketFactory(node, config) { // TLS too, as Jedis sets it up
            @Override
            public Socket createSocket() {
                long start = System.nanoTime();
                Socket socket = super.createSocket(); // connected: about one round trip
                try {
                    if (socket instanceof SSLSocket tls) { // a handshake takes one or two round trips
                        handshakeWithin(Duration.ofMillis(250).plusNanos(4 * (System.nanoTime() - start)), tls);
                    }
                    opening.set(new CountedSocket(socket, counter));
                    return opening.get();
                } catch (IOException e) {
                    IOUtils.closeQuietly(socket);
                    throw new JedisConnectionException(e);
                }
            }
        };
        return new ConnectionFactory(counted, config) {
            @Override
            public PooledObject<Connection> makeObject() throws Exception {
                try {
                    PooledObject<Connection> made = super.makeObject();
                    opening.get().counting = true; // from here on: what a new connection's handshake sent is not counted
                    return made;
                } finally {
                    opening.remove();
                }
            }
        };
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

    private final class Recording {
        final long start;
        final ConcurrentLinkedQueue<Event> events = new ConcurrentLinkedQueue<>();

        Recording(long start) {
            this.start = start;
        }
    }

    private void recordEvent(boolean write, int bytes) {
        Recording now = recording;
        if (now != null) {
            now.events.add(new Event(System.nanoTime() - now.start, write, bytes));
        }
    }

    private static final class Counter {
        final LongAdder writes = new LongAdder();
        final LongAdder roundTrips = new LongAdder();
        final LongAdder bytesRead = new LongAdder();

        Tally tally() {
            return new Tally(writes.sum(), roundTrips.sum(), bytesRead.sum());
        }
    }

    /** Jedis' socket, with its two streams counted; every other call goes to the socket itself. */
    private final class CountedSocket extends Socket {
        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;
        /** Off while the connection says hello (HELLO, CLIENT SETINFO…): that is Jedis' business, not the section's. */
        private boolean counting;
        /** Written since the last read: the next read waits for the server. One connection is used by one thread at a time. */
        private boolean sentSinceRead;

        CountedSocket(Socket socket, Counter counter) throws IOException {
            this.socket = socket;
            this.out = new FilterOutputStream(socket.getOutputStream()) {
                @Override
                public void write(byte[] bytes, int offset, int length) throws IOException {
                    out.write(bytes, offset, length);
                    if (counting) {
                        counter.writes.increment();
                        sentSinceRead = true;
                        recordEvent(true, length);
                    }
                }
            };
            this.in = new FilterInputStream(socket.getInputStream()) {
                @Override
                public int read(byte[] bytes, int offset, int length) throws IOException {
                    if (sentSinceRead) {
                        counter.roundTrips.increment();
                        sentSinceRead = false;
                    }
                    int read = in.read(bytes, offset, length);
                    if (read > 0 && counting) {
                        counter.bytesRead.add(read);
                        recordEvent(false, read);
                    }
                    return read;
                }
            };
        }

        @Override
        public InputStream getInputStream() {
            return in;
        }

        @Override
        public OutputStream getOutputStream() {
            return out;
        }

        @Override
        public void setSoTimeout(int timeout) throws SocketException {
            socket.setSoTimeout(timeout);
        }

        @Override
        public int getSoTimeout() throws SocketException {
            return socket.getSoTimeout();
        }

        @Override
        public boolean isConnected() {
            return socket.isConnected();
        }

        @Override
        public boolean isBound() {
            return socket.isBound();
        }

        @Override
        public boolean isClosed() {
            return socket.isClosed();
        }

        @Override
        public boolean isInputShutdown() {
            return socket.isInputShutdown();
        }

        @Override
        public boolean isOutputShutdown() {
            return socket.isOutputShutdown();
        }

        @Override
        public SocketAddress getRemoteSocketAddress() {
            return socket.getRemoteSocketAddress();
        }

        @Override
        public SocketAddress getLocalSocketAddress() {
            return socket.getLocalSocketAddress();
        }

        @Override
        public void close() throws IOException {
            socket.close();
            super.close();
        }
    }
}
