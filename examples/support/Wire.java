//DEPS redis.clients:jedis:8.0.2
package pipelining;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.LongAdder;
import redis.clients.jedis.HostAndPort;

/**
 * What a client did on the network, counted at its own sockets ({@link CountedSocket}): how often it
 * wrote, and how often, having written, it then read, that is waited for the server. Each such turn
 * is one round trip. A {@link Session} owns the Wire of its lesson's client and hands it to the section.
 */
public final class Wire { // public, as is what a notebook calls: its cells live outside this package

    /** Totals up to a moment; {@link #minus} gives what happened between two moments. */
    public record Tally(long writes, long roundTrips, long bytesRead) {

        static final Tally NONE = new Tally(0, 0, 0);

        Tally minus(Tally before) {
            return new Tally(writes - before.writes, roundTrips - before.roundTrips, bytesRead - before.bytesRead);
        }

        Tally plus(Tally other) {
            return new Tally(writes + other.writes, roundTrips + other.roundTrips, bytesRead + other.bytesRead);
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

    /** One node's counts, added to by the sockets of its connections. */
    static final class Counter {
        final LongAdder writes = new LongAdder();
        final LongAdder roundTrips = new LongAdder();
        final LongAdder bytesRead = new LongAdder();

        Tally tally() {
            return new Tally(writes.sum(), roundTrips.sum(), bytesRead.sum());
        }

        void reset() {
            writes.reset();
            roundTrips.reset();
            bytesRead.reset();
        }
    }

    private final Map<HostAndPort, Counter> nodes = new ConcurrentHashMap<>();
    private volatile Recording recording;
    private volatile boolean closed;

    /** All nodes together. */
    public Tally tally() {
        return perNode().values().stream().reduce(Tally.NONE, Tally::plus);
    }

    /** What happened since {@code before}, a {@link #tally()} taken earlier. */
    public Tally since(Tally before) {
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
        since.replaceAll((node, now) -> now.minus(before.getOrDefault(node, Tally.NONE)));
        return since;
    }

    /** Starts every count from zero: the session does so just before the section runs. */
    void reset() {
        nodes.values().forEach(Counter::reset);
    }

    /**
     * From now on the client's sockets refuse to write. The session closes the wire before it deletes the run's keys,
     * so that a command the section's thread sends meanwhile (on Ctrl-C) fails instead of writing a key again.
     */
    void close() {
        closed = true;
    }

    boolean closed() {
        return closed;
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

    /** The counter of one node, made on first use. */
    Counter of(HostAndPort node) {
        return nodes.computeIfAbsent(node, n -> new Counter());
    }

    /** Called by a counted socket for each call while counting: kept if a recording is on. */
    void recordEvent(boolean write, int bytes) {
        Recording now = recording;
        if (now != null) {
            now.events.add(new Event(System.nanoTime() - now.start, write, bytes));
        }
    }

    private record Recording(long start, ConcurrentLinkedQueue<Event> events) {
        Recording(long start) {
            this(start, new ConcurrentLinkedQueue<>());
        }
    }
}
