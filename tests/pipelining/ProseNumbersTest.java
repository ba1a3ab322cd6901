package pipelining;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A figure the tests or the scripts choose (an option's value, a count, a heap size, a constant) must reach the docs'
 * prose as an attribute a test writes, not typed by hand: typed, it drifts the day the code changes.
 */
class ProseNumbersTest {

    /** What the tests pass to the scripts: an option's value or a heap size, written out or named as a constant. */
    static final Pattern PARAMETER = Pattern.compile(
            "\"--(?:count|batch|rounds)\", (?:\"(\\d+)\"|String\\.valueOf\\((\\w+)\\))|-Xmx(?:(\\d+)|\" \\+ (\\w+) \\+ \")m");
    static final Pattern NUMBER = Pattern.compile("(?<![\\w.{-])\\d[\\d,]*(?![\\w}])");
    /** What a script chooses: a constant, or an option's default. */
    static final Pattern SCRIPT_FIGURE = Pattern.compile("(?:static final int \\w+|int count) = ([\\d_]+);");
    /** Numbers the prose may type, and why: they are not the tests' choice. */
    static final Map<String, String> NOT_THE_TESTS = Map.of(
            "10000", "redis.io's suggested batch size, and the page's example of --batch");

    private static Stream<Path> javaFiles(String folder) {
        try (Stream<Path> files = Files.list(Path.of(folder))) {
            return files.filter(file -> file.toString().endsWith(".java")).toList().stream();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The value of {@code static final int name = …;} in a test's source. */
    private static String constant(String source, String name) {
        Matcher constant = Pattern.compile("static final int " + name + " = ([\\d_]+);").matcher(source);
        return constant.find() ? constant.group(1).replace("_", "") : null;
    }

    @Test
    void noNumberTheCodeChoosesIsTypedInTheDocsProse() throws IOException {
        Set<String> parameters = new TreeSet<>();
        try (Stream<Path> tests = Files.list(Path.of("tests", "pipelining"))) {
            for (Path test : tests.filter(file -> !file.endsWith("ProseNumbersTest.java")).toList()) {
                String source = Files.readString(test);
                Matcher found = PARAMETER.matcher(source);
                while (found.find()) {
                    for (int group = 1; group <= 4; group++) {
                        String value = found.group(group) == null ? null : group % 2 == 1 ? found.group(group)
                                : constant(source, found.group(group));
                        if (value != null && Long.parseLong(value) >= 32) {
                            parameters.add(value);
                        }
                    }
                }
            }
        }
        try (Stream<Path> scripts = Stream.of("examples", "examples/support", "exercises", "tools").flatMap(ProseNumbersTest::javaFiles)) {
            for (Path script : scripts.toList()) { // the scripts' own figures: their constants and default counts
                Matcher figure = SCRIPT_FIGURE.matcher(Files.readString(script));
                while (figure.find()) {
                    String value = figure.group(1).replace("_", "");
                    if (Long.parseLong(value) >= 32) {
                        parameters.add(value);
                    }
                }
            }
        }
        List<String> typed = new ArrayList<>();
        try (Stream<Path> docs = Files.list(Path.of("docs"))) {
            for (Path doc : docs.filter(file -> file.toString().endsWith(".adoc")).sorted().toList()) {
                boolean inBlock = false;
                int number = 0;
                for (String line : Files.readAllLines(doc)) {
                    number++;
                    if (line.equals("----") || line.equals("....")) {
                        inBlock = !inBlock; // code and output come from the build
                    }
                    if (inBlock || line.startsWith("include::") || line.startsWith(":") || line.startsWith("[")) {
                        continue;
                    }
                    Matcher figure = NUMBER.matcher(line.replaceAll("`[^`]*`", "")); // inline code is code
                    while (figure.find()) {
                        String value = figure.group().replace(",", "");
                        if (parameters.contains(value) && !NOT_THE_TESTS.containsKey(value)) {
                            typed.add(doc.getFileName() + ":" + number + ": " + figure.group() + " in: " + line.strip());
                        }
                    }
                }
            }
        }
        assertEquals(List.of(), typed, "the code's figures typed into the prose; write them as attributes (Sections"
                + ".saveAttribute) instead. The code's figures: " + parameters);
    }
}
