package pipelining;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.abort;

import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * Opens the rendered pages in headless Chromium, as a reader would, and checks what they see. Selenium
 * drives Debian's own chromium through its chromedriver, both found on PATH: nothing is downloaded.
 */
@Execution(ExecutionMode.SAME_THREAD) // one browser, and some checks visit the other pages
class DocsPageIT {

    static final Path DOCS = Path.of("target", "generated-docs").toAbsolutePath();
    static final Path PAGE = DOCS.resolve("index.html");
    static final Path DOCS_SOURCES = Path.of("docs");
    static final List<String> PAGES = List.of("index", "workshop", "troubleshooting", "other-clients");
    static final Path SCREENSHOT = Path.of("target", "docs-screenshot.png");
    static final int WIDTH = 1280;

    /** Selenium warns that it has no DevTools bindings for this Chromium; the checks do not use them. */
    static final java.util.logging.Logger SELENIUM = java.util.logging.Logger.getLogger("org.openqa.selenium");

    static ChromeDriver page;
    /** What the three pages asked for while they loaded. */
    static final List<String> requested = new ArrayList<>();

    @BeforeAll
    static void openThePage() throws IOException {
        Path chromium = OnPath.find("chromium");
        Path driver = OnPath.find("chromedriver");
        if (chromium == null || driver == null) {
            String why = "no chromium and chromedriver on PATH (Debian: apt-get install chromium chromium-driver)";
            if (System.getenv("CI") != null) {
                fail(why + ": CI must check the page in a browser");
            }
            abort(why);
        }
        assertTrue(Files.isRegularFile(PAGE), PAGE + " was not rendered");
        SELENIUM.setLevel(Level.SEVERE);
        Path profile = Files.createDirectories(Path.of("target", "chromium-profile").toAbsolutePath()); // not in /tmp
        ChromeOptions options = new ChromeOptions().setBinary(chromium.toFile()).addArguments("--headless",
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--user-data-dir=" + profile,
                "--window-size=" + WIDTH + ",900");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.PERFORMANCE, Level.ALL); // the DevTools network events: every request the page makes
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(driver.toFile())
                .usingAnyFreePort().withEnvironment(Map.of("TMPDIR", profile.toString()))
                .withLogOutput(OutputStream.nullOutputStream()).build();
        page = new ChromeDriver(service, options);
        for (String name : PAGES) {
            page.get(DOCS.resolve(name + ".html").toUri().toString());
            requested.addAll(requestedUrls());
        }
        page.get(PAGE.toUri().toString());
        if (Boolean.getBoolean("screenshot")) { // ./mvnw verify -Dscreenshot: some seconds more, for a person to look at
            saveFullPageScreenshot();
        }
    }

    @AfterAll
    static void closeTheBrowser() {
        if (page != null) {
            page.quit();
        }
    }

    @Test
    void theNotebooksSectionsComeFirstInItsOrderThenGoingFurther() {
        String parts = evaluate("[...document.querySelectorAll('h2')].map(h => h.textContent).join('\\n')");
        assertEquals(List.of("Why pipelining", "Before you start", "The notebook, cell by cell", "Going further",
                "Messages, and where they are explained", "Where Java differs from the Python original"),
                parts.lines().toList());
        String notebook = evaluate("[...[...document.querySelectorAll('h2')].find(h => h.textContent.startsWith('The notebook'))"
                + ".parentElement.querySelectorAll('h3')].map(h => h.textContent).join('\\n')");
        assertEquals(List.of("1. Ping", "2. Build a pipeline", "3. Execute", "4. Chained call", "5. Builder pattern",
                "6. Performance comparison"),
                notebook.lines().toList());
        String further = evaluate("[...[...document.querySelectorAll('h2')].find(h => h.textContent === 'Going further')"
                + ".parentElement.querySelectorAll('h3')].map(h => h.textContent).join('\\n')");
        assertEquals(List.of("Batch sizes", "Transactions",
                "Which tool: a loop, a pipeline, one command, a transaction or a script", "Pipeline errors", "When the connection drops", "What goes wrong in real code",
                "A room on one server", "Pipelining on Redis Cluster"), further.lines().toList());
    }

    @Test
    void everySectionShowsItsCodeAndTheOutputOfThisBuild() throws IOException {
        String blocks = evaluate("[...document.querySelectorAll('pre')].map(p => p.textContent).join('\\n---\\n')");
        for (String code : List.of("System.out.println(redis.ping());", "pipe.syncAndReturnAll()", "redis.incr(\"incr_key\")")) {
            assertTrue(blocks.contains(code), "no code block with " + code);
        }
        for (String alias : List.of("ping", "build-pipeline", "execute", "chained-call", "builder-pattern",
                "performance-comparison", "wire-timeline", "batch-sizes", "transactions", "which-tool", "pipeline-errors", "pitfalls", "cluster-pipeline")) {
            String printed = Files.readString(Sections.SNIPPETS.resolve(alias + ".txt")).strip();
            assertTrue(blocks.contains(printed), "the page does not show what " + alias + " printed:\n" + printed);
        }
        assertTrue(blocks.contains("PONG") && blocks.contains("[OK, OK, a value]"), blocks);
        Matcher increments = Pattern.compile("Increment value: 100000").matcher(blocks);
        assertEquals(2, increments.results().count(), "both Increment value blocks");
        String text = evaluate("document.body.innerText");
        for (String alias : List.of("ping", "build-pipeline", "execute", "chained-call", "builder-pattern",
                "performance-comparison")) {
            assertTrue(text.contains("Run it yourself: ./jbang " + alias), "no run command for " + alias);
        }
    }

    @Test
    void theRoundTripTableShowsThisBuildsThreeRuns() throws IOException {
        String table = evaluate("[...document.querySelectorAll('table')].map(t => t.innerText).join('\\n')");
        for (String row : Files.readAllLines(Sections.SNIPPETS.resolve("round-trips.adoc"))) {
            String rtt = row.split("\\|")[1].strip();
            assertTrue(table.contains(rtt), "no row for " + rtt + " in:\n" + table);
        }
        assertEquals(3, Files.readAllLines(Sections.SNIPPETS.resolve("round-trips.adoc")).size());
    }

    /** Each message in the page's index is one this build printed (a snippet) or one a test asserts, verbatim. */
    @Test
    void everyMessageInTheIndexIsOneThisBuildPrintedOrATestChecks() throws IOException {
        String index = evaluate("[...[...document.querySelectorAll('h2')].find(h => h.textContent.startsWith('Messages'))"
                + ".parentElement.querySelectorAll('tbody tr')].map(row => row.cells[0].innerText.trim()).join('\\n')");
        List<String> messages = index.lines()
                .map(message -> message.replaceFirst(" \\((MOVED|by peer|Lettuce|Spring Data Redis|Redisson)\\)$", "")).toList();
        assertTrue(messages.size() >= 10, index);
        StringBuilder seen = new StringBuilder();
        for (Path folder : List.of(Sections.SNIPPETS, Path.of("tests", "pipelining"))) {
            try (var files = Files.list(folder)) {
                for (Path file : files.filter(file -> file.toString().matches(".*\\.(txt|adoc|java)")).toList()) {
                    seen.append(Files.readString(file));
                }
            }
        }
        for (String message : messages) {
            assertTrue(seen.indexOf(message) >= 0, "neither printed in this build nor checked by a test: " + message);
        }
    }

    @Test
    void theJavaDifferencesAreSpelledOut() {
        String text = evaluate("document.body.innerText");
        for (String point : List.of("transaction=True", "MULTI", "Response<T>", "IllegalStateException",
                "syncAndReturnAll()", "sync()", "True", "OK", "busy loop")) {
            assertTrue(text.contains(point), "the page does not mention " + point);
        }
    }

    @Test
    void everyImageLoadedAndShows() {
        String images = evaluate(IMAGES_SHOWN);
        assertEquals(3, images.split(",").length, "the performance comparison, the wire timeline, batch sizes: " + images);
        assertFalse(images.contains("false"), "images loaded: " + images);
        String clients = onPage("other-clients", IMAGES_SHOWN);
        assertEquals("true", clients, "the other clients' comparison chart");
    }

    /** For each image of a page, whether it loaded and shows, sharp on a high-DPI screen (drawn at 2x). */
    static final String IMAGES_SHOWN = "[...document.images].map(i => i.complete && i.naturalWidth > 0"
            + " && i.getBoundingClientRect().width > 100 && i.getBoundingClientRect().height > 100"
            + " && i.naturalWidth >= 2 * i.getBoundingClientRect().width - 1).join(',')";

    @Test
    void nothingIsLeftUnresolved() {
        String text = evaluate("document.body.innerText");
        assertFalse(text.contains("Unresolved directive"), "an include did not resolve");
        assertFalse(text.contains("{snippets}") || text.contains("{examples}"), "an attribute did not resolve");
    }

    @Test
    void thePageAsksNoOtherHost() {
        assertFalse(requested.isEmpty(), "no requests seen at all: the check is blind");
        for (String url : requested) {
            assertTrue(url.startsWith("file:") || url.startsWith("data:"), "the page requested " + url);
        }
    }

    /** A page's source says, on the code host only, that its blocks are filled in by the build; the built page does not. */
    @Test
    void onlyTheSourceOnTheCodeHostSaysItsOutputsAreInTheBuiltSite() throws IOException {
        for (String name : List.of("index", "other-clients", "workshop")) {
            String source = Files.readString(DOCS_SOURCES.resolve(name + ".adoc"));
            assertTrue(source.matches("(?s)[^\\n]*\\n(?::[^\\n]*\\n|include::[^\\n]*\\n)*\\nifdef::env-github\\[]\\nNOTE: This is the"
                    + " page's source.*"), name + ".adoc: the note for the code host comes first, right after the header");
            assertFalse(Files.readString(PAGE.resolveSibling(name + ".html")).contains("This is the page's source"), name);
        }
    }

    @Test
    void theWorkshopPagesAreRenderedAndLinked() throws IOException {
        for (String page : List.of("workshop", "troubleshooting", "other-clients")) {
            Path html = PAGE.resolveSibling(page + ".html");
            assertTrue(Files.isRegularFile(html), html + " was not rendered");
            assertFalse(Files.readString(html).contains("Unresolved directive"), page);
            assertEquals("true", evaluate("!!document.querySelector('a[href=\"" + page + ".html\"]')"), "no link to " + page);
            assertTrue(Files.readString(Path.of("README.adoc")).contains("xref:docs/" + page + ".adoc["), "README: " + page);
        }
    }

    /** Where the build executed the notebook, the page links its HTML, which is there, beside the page. */
    @Test
    void theNotebooksLinksLeadToItsRenderingBesideThePage() {
        for (String file : List.of("pipeline_examples.html", "pipeline_examples.ipynb")) {
            boolean linked = evaluate("!!document.querySelector('a[href=\"" + file + "\"]')").equals("true");
            assertEquals(linked, Files.isRegularFile(PAGE.resolveSibling(file)), file + (linked ? " is linked, not there"
                    : " is there, not linked"));
        }
    }

    @Test
    void codeIsHighlightedOffline() {
        assertEquals("true", evaluate("document.querySelectorAll('pre.rouge span').length > 10"));
    }

    @Test
    void noPageShowsALiteralBacktickOutsideCodeBlocks() {
        for (String name : PAGES) {
            String stray = onPage(name, "(() => { const text = document.body.cloneNode(true);"
                    + " text.querySelectorAll('pre').forEach(block => block.remove());"
                    + " return text.innerText.split('\\n').filter(line => line.includes('`')).join('\\n'); })()");
            assertEquals("", stray, name + ".html shows a backtick, so an inline code span did not close or took in a"
                    + " backtick (`code`' makes a curly quote of the ')");
        }
    }

    @Test
    void noPageShowsAnIncludeDirectiveAsText() {
        for (String name : PAGES) {
            String stray = onPage(name, "document.body.innerText.split('\\n').filter(line => line.includes('include::')).join('\\n')");
            assertEquals("", stray, name + ".html shows an include:: line as text: it was not alone on its line");
        }
    }

    @Test
    void noIncludedCodeLineWrapsAt1280Pixels() {
        for (String name : PAGES) {
            // A block that gets shorter when its lines may not wrap had a wrapped line.
            String wrapped = onPage(name, "(() => { const blocks = [...document.querySelectorAll('pre')];"
                    + " const heights = blocks.map(b => b.getBoundingClientRect().height);"
                    + " const style = document.createElement('style');"
                    + " style.textContent = 'pre, pre * { white-space: pre !important; }';"
                    + " document.head.appendChild(style);"
                    + " const found = blocks.filter((b, i) => b.getBoundingClientRect().height < heights[i] - 1)"
                    + "   .map(b => b.textContent.split('\\n').reduce((a, c) => c.length > a.length ? c : a, ''));"
                    + " style.remove(); return found.join('\\n'); })()");
            assertEquals("", wrapped, name + ".html wraps these lines (the longest of each block) at " + WIDTH + " px");
        }
    }

    /** Evaluates on another of the pages, then returns to the tutorial page, which the other checks look at. */
    private static String onPage(String name, String expression) {
        if (name.equals("index")) {
            return evaluate(expression); // already there
        }
        page.get(DOCS.resolve(name + ".html").toUri().toString());
        try {
            return evaluate(expression);
        } finally {
            page.get(PAGE.toUri().toString());
        }
    }

    private static String evaluate(String expression) {
        return String.valueOf(page.executeScript("return " + expression + ";"));
    }

    /** Every URL asked for since the last call, from Chromium's DevTools network events. */
    private static List<String> requestedUrls() {
        return page.manage().logs().get(LogType.PERFORMANCE).getAll().stream()
                .map(entry -> JsonParser.parseString(entry.getMessage()).getAsJsonObject().getAsJsonObject("message"))
                .filter(message -> message.get("method").getAsString().equals("Network.requestWillBeSent"))
                .filter(message -> message.getAsJsonObject("params").get("documentURL").getAsString().startsWith("file:"))
                .map(message -> message.getAsJsonObject("params").getAsJsonObject("request").get("url").getAsString())
                .toList();
    }

    /** The whole page as one PNG, after every image has decoded, for a person to look at. */
    private static void saveFullPageScreenshot() throws IOException {
        page.executeAsyncScript("const done = arguments[arguments.length - 1];"
                + " Promise.all([...document.images].map(i => i.decode())).then(() => done(true));");
        long height = (Long) page.executeScript("return Math.ceil(document.documentElement.scrollHeight);");
        Dimension window = page.manage().window().getSize();
        page.manage().window().setSize(new Dimension(WIDTH, (int) height));
        Files.write(SCREENSHOT, page.getScreenshotAs(OutputType.BYTES));
        page.manage().window().setSize(window);
    }
}
