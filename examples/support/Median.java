package pipelining;

import java.util.Arrays;

/** The middle of repeated measurements: one slow run (a GC, another process) does not move it. */
final class Median {

    private Median() {
    }

    static double of(double... values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
