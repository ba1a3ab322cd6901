package pipelining;

import java.io.Console;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A line that shows a long run is still going, drawn on a terminal only, never into captured output.
 * It reads the clock, not the server: nothing but the lesson sends commands while the lesson runs.
 */
final class Progress {

    private Progress() {
    }

    static <T> T whileRunning(String what, Supplier<T> work) {
        if (!onTerminal()) {
            return work.get();
        }
        long start = System.nanoTime();
        ScheduledExecutorService painter = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "tutorial-progress");
            thread.setDaemon(true);
            return thread;
        });
        painter.scheduleAtFixedRate(() -> System.err.printf(Locale.ROOT, "\r[tutorial] %s: %.0f s ", what,
                (System.nanoTime() - start) / 1e9), 1, 1, TimeUnit.SECONDS);
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

    /** Whether a person is watching. */
    static boolean onTerminal() {
        Console console = System.console();
        if (console == null || Runtime.version().feature() < 22) {
            return console != null;
        }
        try { // from JDK 22 on, System.console() exists even when redirected; isTerminal() tells
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return false;
        }
    }
}
