package pipelining;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Every wait of the tutorial and its tests: bounded, polled, and never a hang. */
final class Wait {

    private Wait() {
    }

    /** Polls {@code done} until it holds or {@code limit} has passed; whether it held. */
    static boolean until(Duration limit, BooleanSupplier done) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            pause(20);
        }
        return true;
    }

    /** Thread.sleep without a checked exception to handle; an interrupt is kept for the caller to see. */
    static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
