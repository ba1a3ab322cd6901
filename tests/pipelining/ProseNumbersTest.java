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

    /** What the tests pass to the scripts, and the counts they name as constants. */
    static final Pattern PARAMETER = Pattern.compile(
            "\"--(?:count|batch|rounds)\", \"(\\d+)\"|Xmx(\\d+)m|static final int [A-Z_]+ = ([\\d_]+);");
    static final Pattern NUMBER = Pattern.compile("(?<![\\w.{-])\\d[\\d,]*(?![\\w}])");
    /** Numbers the prose may type, and why: they are not the tests' choice. */
    static final Map<String, String> NOT_THE_TESTS = Map.of(
            "10000", "redis.io's suggested batch size, and the page's example of --batch");

    @Test
    void noNumberTheTestsChooseIsTypedInTheDocsProse() throws IOException {
        Set<String> parameters = new TreeSet<>();
        try (Stream<Path> tests = Files.list(Path.of("tests", "pipelining"))) {
            for (Path test : tests.filter(file -> !file.endsWith("ProseNumbersTest.java")).toList()) {
                Matcher found = PARAMETER.matcher(Files.readString(test));
                while (found.find()) {
                    for (int group = 1; group <= 3; group++) {
                        if (found.group(group) != null && Long.parseLong(found.group(group).replace("_", "")) >= 32) {
                            parameters.add(found.group(group).replace("_", ""));
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
