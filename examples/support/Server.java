package pipelining;

import java.net.URI;

/** A Redis a run uses, and how to let go of it: stop it if the tutorial started it. */
final class Server implements AutoCloseable {

    /** The server; for a cluster, redis://[[user]:password@]host:port[,host:port…] naming its nodes. */
    final URI uri;
    /** Where it came from, as the "Using Redis" line says. */
    final String origin;
    /** Whether the tutorial started it, so stops it at the end. */
    final boolean startedHere;
    private final AutoCloseable stop;

    private Server(URI uri, String origin, AutoCloseable stop, boolean startedHere) {
        this.uri = uri;
        this.origin = origin;
        this.stop = stop;
        this.startedHere = startedHere;
    }

    /** Someone else's server: closing it does nothing. */
    static Server theirs(URI uri, String origin) {
        return new Server(uri, origin, () -> { }, false);
    }

    /** A server the tutorial started: close() stops it. */
    static Server started(URI uri, String origin, AutoCloseable stop) {
        return new Server(uri, origin, stop, true);
    }

    @Override
    public void close() {
        try {
            stop.close();
        } catch (Exception e) {
            System.err.println("[tutorial] Could not stop the Redis server at " + uri + ": " + e.getMessage());
        }
    }
}
