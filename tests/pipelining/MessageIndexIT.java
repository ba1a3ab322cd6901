package pipelining;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The message index, on the troubleshooting page, covers every message the build printed into a section, on every page:
 * each line of an included output that carries a message has a row whose message it contains, linking that section or a
 * part of it. Runs after the tests wrote their outputs.
 */
class MessageIndexIT {

    /** The page that holds the index; a row links a part of another page as {@code <<other-clients.adoc#part,…>>}. */
    static final Path PAGE = Path.of("docs", "troubleshooting.adoc");
    /** The pages whose outputs the index covers. */
    static final List<Path> PAGES = Stream.concat(DocsPageIT.SECTION_PAGES.stream(), Stream.of("other-clients"))
            .map(name -> Path.of("docs", name + ".adoc")).toList();
    static final Path SNIPPETS = Path.of("target", "snippets");
    /** A line with a message: an exception's or error's text after its name, or one of the server's error replies. */
    static final Pattern MESSAGE = Pattern.compile("(?:Exception|Error): \\S|\\bERR |EXECABORT|CROSSSLOT|MOVED"
            + "|Please close|Could not get|timed out|Callback cannot|already executed");
    static final Pattern ROW = Pattern.compile("^\\| `\\+?([^`+]+)\\+?`.*\\|(.*<<.*)$");
    static final Pattern LINK = Pattern.compile("<<(?:([\\w-]+\\.adoc)#)?([\\w-]+)(?:,[^>]*)?>>");
    static final Pattern INCLUDE = Pattern.compile("^include::\\{snippets}/([\\w-]+\\.txt)\\[]$");

    static final String HEADING = "=+ \\S.*";

    record Row(String message, List<String> sections) {
    }

    @Test
    void everyMessageASectionPrintsHasARowLinkingThatSection() throws IOException {
        List<String> page = Files.readAllLines(PAGE);
        List<Row> rows = new ArrayList<>();
        for (String line : page) {
            Matcher row = ROW.matcher(line);
            if (row.matches()) {
                rows.add(new Row(row.group(1), LINK.matcher(row.group(2)).results()
                        .map(link -> (link.group(1) == null ? PAGE.getFileName().toString() : link.group(1)) + "#" + link.group(2))
                        .toList()));
            }
        }
        assertTrue(rows.size() > 5, "no message index found in " + PAGE);
        List<String> missing = new ArrayList<>();
        for (Path file : PAGES) {
            List<String> lines = Files.readAllLines(file);
            for (int i = 0; i < lines.size(); i++) {
                Matcher include = INCLUDE.matcher(lines.get(i));
                if (!include.matches()) {
                    continue;
                }
                List<String> sections = sectionsAround(lines, i).stream().map(anchor -> file.getFileName() + "#" + anchor)
                        .toList();
                for (String printed : Files.readAllLines(SNIPPETS.resolve(include.group(1)))) {
                    if (MESSAGE.matcher(printed).find() && rows.stream().noneMatch(row -> printed.contains(row.message())
                            && row.sections().stream().anyMatch(sections::contains))) {
                        missing.add(include.group(1) + ": " + printed.strip() + " (section " + sections + ")");
                    }
                }
            }
        }
        assertTrue(missing.isEmpty(), "messages with no row linking their section: " + missing);
    }

    /** The anchors of the section that holds line {@code at}, and of the parts inside it. */
    static List<String> sectionsAround(List<String> page, int at) {
        int heading = at;
        while (heading > 0 && !page.get(heading).matches(HEADING)) {
            heading--;
        }
        int level = page.get(heading).indexOf(' ');
        List<String> anchors = new ArrayList<>();
        for (int i = heading; i < page.size(); i++) {
            String line = page.get(i);
            if (i > heading && line.matches(HEADING) && line.indexOf(' ') <= level) {
                break;
            }
            if (line.matches(HEADING) && i > 0 && page.get(i - 1).matches("\\[\\[[\\w-]+]]")) {
                anchors.add(page.get(i - 1).replaceAll("[\\[\\]]", ""));
            }
        }
        return anchors;
    }
}
