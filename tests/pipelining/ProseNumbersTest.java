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
 * A figure the tests choose (an option's value, a count, a heap size) must reach the docs' prose as an attribute the
 * test writes, not typed by hand: typed, it drifts the day the test changes.
 */
class ProseNumbersTest {

    /** What the tests pass to the scripts: an option's value or a heap size, written out or named as a constant. */
    static final Pattern PARAMETER = Pattern.compile(
            "\"--(?:count|batch|rounds)\", (?:\"(\\d+)\"|String\\.valueOf\\((\\w+)\\))|-Xmx(?:(\\d+)|\" \\+ (\\w+) \\+ \")m");
    static final Pattern NUMBER = Pattern.compile("(?<![\\w.{-])\\d[\\d,]*(?![\\w}])");
    /** Numbers the prose may type, and why: they are not the tests' choice. */
    static final Map<String, String> NOT_THE_TESTS = Map.of(
            "10000", "redis.io's suggested batch size, and the page's example of --batch");

    /** The value of {@code static final int name = …;} in a test's source. */
    private static String constant(String source, String name) {
        Matcher constant = Pattern.compile("static final int " + name + " = ([\\d_]+);").matcher(source);
        return constant.find() ? constant.group(1).replace("_", "") : null;
    }

    @Test
    void noNumberTheTestsChooseIsTypedInTheDocsProse() throws IOException {
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
        assertEquals(List.of(), typed, "the tests' figures typed into the prose; write them as attributes (Sections"
                + ".saveAttribute) instead. The tests' figures: " + parameters);
    }
}
