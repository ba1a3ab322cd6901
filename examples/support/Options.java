//DEPS info.picocli:picocli:4.7.7
package pipelining;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/** Command-line options for the scripts that take some, parsed by picocli; a bad one gets one line. */
final class Options {

    private Options() {
    }

    /**
     * Parses {@code args} into the {@code command}'s options, runs it and returns the exit code. A bad
     * option gets one line, like every other expected failure, instead of picocli's usage dump.
     */
    static int parseAndRun(Runnable command, String... args) {
        return new CommandLine(command)
                .setParameterExceptionHandler((problem, badArgs) -> {
                    System.err.println("[tutorial] " + problem.getMessage() + " (see --help)");
                    return 2;
                })
                .setExecutionExceptionHandler((failure, commandLine, parsed) -> {
                    if (failure instanceof Problem problem) {
                        System.err.println("[tutorial] " + problem.getMessage());
                        return problem.exitCode;
                    }
                    throw failure;
                })
                .execute(args);
    }

    static void requireAtLeast(int least, String option, Integer value) {
        if (value != null && value < least) {
            throw Problem.badInput(option + " must be at least " + least + ", not " + value + " (see --help)");
        }
    }

    /** Reads 200us, 0.2ms, 1ms, 1s (or 0) for an option; at most 10 seconds. */
    static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(us|µs|ms|s)?");

        @Override
        public Duration convert(String text) {
            Matcher parts = DURATION.matcher(text.strip());
            if (!parts.matches() || (parts.group(2) == null && Double.parseDouble(parts.group(1)) != 0)) {
                throw new CommandLine.TypeConversionException(
                        "'" + text + "' is not a duration: write it like 200us, 0.2ms or 1ms");
            }
            double nanosPerUnit = parts.group(2) == null ? 0 : switch (parts.group(2)) {
                case "s" -> 1e9;
                case "ms" -> 1e6;
                default -> 1e3;
            };
            double nanos = Double.parseDouble(parts.group(1)) * nanosPerUnit;
            if (nanos > 10e9) {
                throw new CommandLine.TypeConversionException("'" + text + "' is longer than 10s");
            }
            return Duration.ofNanos(Math.round(nanos));
        }
    }
}
