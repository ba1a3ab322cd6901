package pipelining;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * What a run has opened, closed last-opened first, once: when the run ends, or, if it is stopped
 * from outside (Ctrl-C, kill), by the one shutdown hook, which then says what it cleaned up.
 */
final class Cleanup implements AutoCloseable {

    private final Deque<AutoCloseable> opened = new ArrayDeque<>();
    private final Thread onExit = new Thread(this::stoppedFromOutside, "tutorial-cleanup");
    private volatile Runnable sayWhenStopped = () -> { };
    private volatile boolean stopped;
    private boolean closed;

    Cleanup() {
        Runtime.getRuntime().addShutdownHook(onExit);
    }

    /** Adds something to close before everything added earlier (or now, if the run has been cleaned up); returns it. */
    synchronized <T extends AutoCloseable> T add(T closeable) {
        if (closed) {
            try {
                closeable.close();
            } catch (Exception e) {
                System.err.println("[tutorial] " + e.getMessage());
            }
        } else {
            opened.push(closeable);
        }
        return closeable;
    }

    /** What to print if the run is stopped from outside, after the cleanup. */
    void whenStopped(Runnable say) {
        sayWhenStopped = say;
    }

    /** Whether the run was stopped from outside: then a failure on the way out is no news. */
    boolean stopped() {
        return stopped;
    }

    @Override
    public void close() {
        closeAll();
        try {
            Runtime.getRuntime().removeShutdownHook(onExit);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or has run: nothing left to close
        }
    }

    private void stoppedFromOutside() {
        stopped = true;
        if (closeAll()) {
            sayWhenStopped.run();
        }
    }

    /** Whether this call did the closing. */
    private synchronized boolean closeAll() {
        if (closed) {
            return false;
        }
        closed = true;
        while (!opened.isEmpty()) {
            try {
                opened.pop().close();
            } catch (Exception e) {
                System.err.println("[tutorial] " + e.getMessage());
            }
        }
        return true;
    }
}
