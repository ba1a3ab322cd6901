package pipelining;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A TCP proxy on 127.0.0.1 that holds every chunk of data for half the round trip in each
 * direction and keeps it in order: like a longer wire. A command sent alone waits one whole
 * round trip for its reply; a pipeline's commands travel together and wait about one in all.
 * It models delay only: no bandwidth limit, jitter or loss; handing each chunk from thread to
 * thread adds a little to each leg, which a PING through the proxy shows. Standing next to Redis, it
 * can also {@link #record() record} when each chunk reached Redis and when each reply chunk left it.
 */
final class LatencyProxy implements AutoCloseable {

    private final ServerSocket listener;
    private final String targetHost;
    private final int targetPort;
    private final long oneWayNanos;
    /** How many chunks of bytes the client sent: about one per round trip it waited for, or per 8 KiB. */
    final AtomicLong chunksFromClients = new AtomicLong();
    private final ExecutorService threads = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "latency-proxy");
        thread.setDaemon(true);
        return thread;
    });
    private volatile Recording recording;

    /** A chunk at Redis' side of the proxy: written to Redis ({@code toRedis}) or read from it, at a nanoTime(). */
    record AtRedis(long nanos, int connection, boolean toRedis, int bytes) {
    }

    /** The chunks kept while it is on; {@link #stop()} ends it. */
    final class Recording {
        private final ConcurrentLinkedQueue<AtRedis> chunks = new ConcurrentLinkedQueue<>();

        /** Ends the recording and returns what it kept, in time order. */
        List<AtRedis> stop() {
            if (recording == this) {
                recording = null;
            }
            return chunks.stream().sorted(Comparator.comparingLong(AtRedis::nanos)).toList();
        }
    }

    /** A proxy in front of the server at {@code target}, a redis:// URL. */
    LatencyProxy(URI target, Duration rtt) {
        this.targetHost = target.getHost();
        this.targetPort = target.getPort();
        this.oneWayNanos = rtt.toNanos() / 2;
        try {
            listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new Problem("Could not start the latency proxy: " + e.getMessage(), 1);
        }
        threads.execute(this::accept);
    }

    /** The same URL (user, password, database), pointing at the proxy instead. */
    URI inFrontOf(URI uri) {
        return RedisUrl.withHostAndPort(uri, "127.0.0.1", listener.getLocalPort());
    }

    /** Starts keeping, for every connection, when each chunk was written to Redis and when each was read from it. */
    Recording record() {
        Recording started = new Recording();
        recording = started;
        return started;
    }

    private void accept() {
        for (int connection = 1; !listener.isClosed(); connection++) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket(targetHost, targetPort);
                client.setTcpNoDelay(true);
                server.setTcpNoDelay(true);
                relay(client, server, chunksFromClients, connection, true);
                relay(server, client, new AtomicLong(), connection, false);
            } catch (IOException closedOrRefused) {
                // closed: we are done; refused: the client sees its connection drop
            }
        }
    }

    /** One direction: a reader stamps each chunk with when it may go on, a writer sends it then. */
    private void relay(Socket from, Socket to, AtomicLong chunks, int connection, boolean toRedis) {
        BlockingQueue<Chunk> inFlight = new LinkedBlockingQueue<>();
        threads.execute(() -> {
            byte[] buffer = new byte[64 * 1024];
            try (var in = from.getInputStream()) {
                for (int read = in.read(buffer); read != -1; read = in.read(buffer)) {
                    long now = System.nanoTime();
                    if (!toRedis) {
                        note(now, connection, false, read); // a reply, just read from Redis
                    }
                    inFlight.add(new Chunk(now + oneWayNanos, Arrays.copyOf(buffer, read)));
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
                    send(chunk, out, connection, toRedis);
                    // Chunks due within the next 50 µs go along now: one wake-up for a stream of them.
                    for (Chunk next = inFlight.peek(); next != null && next != Chunk.END
                            && next.dueNanos - System.nanoTime() < 50_000; next = inFlight.peek()) {
                        send(inFlight.remove(), out, connection, toRedis);
                    }
                }
                to.shutdownOutput();
            } catch (IOException | InterruptedException closed) {
                // the other side hung up, or the proxy is closing
            }
        });
    }

    private void send(Chunk chunk, OutputStream out, int connection, boolean toRedis) throws IOException {
        if (toRedis) { // noted before the write: a thread paused just after it would note it late
            note(System.nanoTime(), connection, true, chunk.bytes.length);
        }
        out.write(chunk.bytes);
    }

    private void note(long nanos, int connection, boolean toRedis, int bytes) {
        Recording on = recording;
        if (on != null) {
            on.chunks.add(new AtRedis(nanos, connection, toRedis, bytes));
        }
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
