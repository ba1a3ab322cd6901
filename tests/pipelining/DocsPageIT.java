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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
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
    /** The site's parts in their reading order, as its bar lists them on every page (docs/docinfo-header.html). */
    static final List<String> PAGES = List.of("index", "pipeline_examples", "batches-and-transactions", "errors-and-pitfalls",
            "cluster", "other-clients", "workshop", "troubleshooting");
    /** The tutorial page and the three that go further, whose sections are the scripts'. */
    static final List<String> SECTION_PAGES = List.of("index", "batches-and-transactions", "errors-and-pitfalls", "cluster");
    static final Path SCREENSHOT = Path.of("target", "docs-screenshot.png");
    static final int WIDTH = 1280;

    /** Selenium warns that it has no DevTools bindings for this Chromium; the checks do not use them. */
    static final java.util.logging.Logger SELENIUM = java.util.logging.Logger.getLogger("org.openqa.selenium");

    /** A page's text as a reader sees it. */
    static final String TEXT = "document.body.innerText";
    /** A page's blocks of code and output. */
    static final String BLOCKS = "[...document.querySelectorAll('pre')].map(p => p.textContent).join('\\n---\\n')";
    /** The lines of a page's text outside its blocks that show a backtick. */
    static final String BACKTICKS = "(() => { const text = document.body.cloneNode(true);"
            + " text.querySelectorAll('pre').forEach(block => block.remove());"
            + " return text.innerText.split('\\n').filter(line => line.includes('`')).join('\\n'); })()";
    /** The longest line of each block that wraps: a block that gets shorter when its lines may not wrap had a wrapped line. */
    static final String WRAPPED = "(() => { const blocks = [...document.querySelectorAll('pre')];"
            + " const heights = blocks.map(b => b.getBoundingClientRect().height);"
            + " const style = document.createElement('style');"
            + " style.textContent = 'pre, pre * { white-space: pre !important; }';"
            + " document.head.appendChild(style);"
            + " const found = blocks.filter((b, i) => b.getBoundingClientRect().height < heights[i] - 1)"
            + "   .map(b => b.textContent.split('\\n').reduce((a, c) => c.length > a.length ? c : a, ''));"
            + " style.remove(); return found.join('\\n'); })()";
    /** Every id on a page, and every link that leads to a file (not to another scheme such as https: or data:). */
    static final String IDS = "[...document.querySelectorAll('[id]')].map(e => e.id).join('\\n')";
    static final String LINKS = "[...document.querySelectorAll('a[href]')].map(a => a.getAttribute('href'))"
            + ".filter(href => !/^[a-z]+:/.test(href)).join('\\n')";
    /** How many code blocks a page has, and how many of them have a copy button. */
    static final String CODE_BLOCKS = "document.querySelectorAll('.listingblock pre.highlight').length";
    static final String COPY_BUTTONS = "document.querySelectorAll('.listingblock pre.highlight ~ button.copy').length";
    /** For each image of a page, whether it loaded and shows, sharp on a high-DPI screen (drawn at 2x). */
    static final String IMAGES_SHOWN = "[...document.images].map(i => i.complete && i.naturalWidth > 0"
            + " && i.getBoundingClientRect().width > 100 && i.getBoundingClientRect().height > 100"
            + " && i.naturalWidth >= 2 * i.getBoundingClientRect().width - 1).join(',')";
    /** What every page is checked for, read once as it first loads (a page load costs a fifth of a second or so). */
    static final List<String> READ_ON_EVERY_PAGE = List.of(TEXT, BLOCKS, BACKTICKS, WRAPPED, IDS, LINKS, CODE_BLOCKS,
            COPY_BUTTONS, IMAGES_SHOWN);

    static ChromeDriver page;
    /** For each page, what {@link #READ_ON_EVERY_PAGE} found on it. */
    static final Map<String, Map<String, String>> read = new HashMap<>();
    /** What the pages asked for while they loaded. */
    static final List<String> requested = new ArrayList<>();

    @BeforeAll
    static void openThePage() throws IOException {
        Path chromium = OnPath.find("chromium");
        Path driver = OnPath.find("chromedriver");
        if (chromium == null || driver == null) {
            String why = "no chromium and chromedriver on PATH (Debian: apt-get install chromium chromium-driver)";
            if (System.getenv("CI") != null) {
                fail(why + ": CI must check the pages in a browser");
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
        // the copy buttons' checks read the clipboard, which a page may only do with this permission
        page.executeCdpCommand("Browser.grantPermissions", Map.of("permissions", List.of("clipboardReadWrite", "clipboardSanitizedWrite")));
        for (String name : PAGES) {
            page.get(url(name));
            requested.addAll(requestedUrls());
            Map<String, String> found = new HashMap<>();
            for (String expression : READ_ON_EVERY_PAGE) {
                found.put(expression, evaluate(expression));
            }
            read.put(name, found);
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

    /** The tutorial page is the notebook's six sections, which a reader can read as one part; each further page is its own. */
    @Test
    void theTutorialPageIsTheNotebooksSixSectionsInItsOrderAndEachFurtherPartIsAPageOfItsOwn() {
        assertEquals(List.of("Why pipelining", "Before you start", "The notebook, cell by cell",
                "Where Java differs from the Python original"), headings("index", "h2"));
        String notebook = onPage("index", "[...[...document.querySelectorAll('h2')].find(h => h.textContent.startsWith('The notebook'))"
                + ".parentElement.querySelectorAll('h3')].map(h => h.textContent).join('\\n')");
        assertEquals(List.of("1. Ping", "2. Build a pipeline", "3. Execute", "4. Chained call", "5. Builder pattern",
                "6. Performance comparison"), notebook.lines().toList());
        assertEquals(List.of("Batch sizes", "Transactions", "Which tool: a loop, a pipeline, one command, a transaction or a script"),
                headings("batches-and-transactions", "h2"));
        assertEquals(List.of("Pipeline errors", "When the connection drops", "What goes wrong in real code"),
                headings("errors-and-pitfalls", "h2"));
        assertEquals(List.of("A room on one server", "Pipelining on Redis Cluster"), headings("cluster", "h2"));
    }

    private static List<String> headings(String name, String level) {
        return onPage(name, "[...document.querySelectorAll('#content " + level + "')].map(h => h.textContent).join('\\n')")
                .lines().toList();
    }

    @Test
    void everySectionShowsItsCodeAndTheOutputOfThisBuild() throws IOException {
        String blocks = onEachPage(SECTION_PAGES, BLOCKS);
        for (String code : List.of("System.out.println(redis.ping());", "pipe.syncAndReturnAll()", "redis.incr(\"incr_key\")")) {
            assertTrue(blocks.contains(code), "no code block with " + code);
        }
        for (String alias : List.of("ping", "build-pipeline", "execute", "chained-call", "builder-pattern",
                "performance-comparison", "wire-timeline", "batch-sizes", "transactions", "which-tool", "pipeline-errors", "pitfalls", "cluster-pipeline")) {
            String printed = Files.readString(Sections.SNIPPETS.resolve(alias + ".txt")).strip();
            assertTrue(blocks.contains(printed), "no page shows what " + alias + " printed:\n" + printed);
        }
        assertTrue(blocks.contains("PONG") && blocks.contains("[OK, OK, a value]"), blocks);
        Matcher increments = Pattern.compile("Increment value: 100000").matcher(blocks);
        assertEquals(2, increments.results().count(), "both Increment value blocks");
        String text = onPage("index", TEXT);
        for (String alias : List.of("ping", "build-pipeline", "execute", "chained-call", "builder-pattern",
                "performance-comparison")) {
            assertTrue(text.contains("Run it yourself: ./jbang " + alias), "no run command for " + alias);
        }
    }

    @Test
    void theRoundTripTableShowsThisBuildsThreeRuns() throws IOException {
        String table = onPage("index", "[...document.querySelectorAll('table')].map(t => t.innerText).join('\\n')");
        for (String row : Files.readAllLines(Sections.SNIPPETS.resolve("round-trips.adoc"))) {
            String rtt = row.split("\\|")[1].strip();
            assertTrue(table.contains(rtt), "no row for " + rtt + " in:\n" + table);
        }
        assertEquals(3, Files.readAllLines(Sections.SNIPPETS.resolve("round-trips.adoc")).size());
    }

    /** Each message in the troubleshooting page's index is one this build printed (a snippet) or one a test asserts, verbatim. */
    @Test
    void everyMessageInTheIndexIsOneThisBuildPrintedOrATestChecks() throws IOException {
        String index = onPage("troubleshooting", "[...[...document.querySelectorAll('h2')].find(h => h.textContent.startsWith('Messages'))"
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
        String text = onPage("index", TEXT);
        for (String point : List.of("transaction=True", "MULTI", "Response<T>", "IllegalStateException",
                "syncAndReturnAll()", "sync()", "True", "OK", "busy loop")) {
            assertTrue(text.contains(point), "the tutorial page does not mention " + point);
        }
    }

    @Test
    void everyImageLoadedAndShows() {
        Map<String, String> shown = new HashMap<>();
        for (String name : PAGES) {
            String images = onPage(name, IMAGES_SHOWN);
            if (!images.isEmpty()) {
                shown.put(name, images);
            }
        }
        // the performance comparison and the wire timeline; batch sizes; the clients' comparison
        assertEquals(Map.of("index", "true,true", "batches-and-transactions", "true", "other-clients", "true"), shown,
                "each page's images, whether each loaded and shows sharp");
    }

    @Test
    void nothingIsLeftUnresolved() {
        String text = onEachPage(PAGES, TEXT);
        assertFalse(text.contains("Unresolved directive"), "an include did not resolve");
        assertFalse(text.contains("{snippets}") || text.contains("{examples}"), "an attribute did not resolve");
    }

    @Test
    void thePageAsksNoOtherHost() {
        assertFalse(requested.isEmpty(), "no requests seen at all: the check is blind");
        for (String url : requested) {
            assertTrue(url.startsWith("file:") || url.startsWith("data:"), "a page requested " + url);
        }
    }

    /** A page's source says, on the code host only, that its blocks are filled in by the build; the built page does not. */
    @Test
    void onlyTheSourceOnTheCodeHostSaysItsOutputsAreInTheBuiltSite() throws IOException {
        for (String name : PAGES) {
            String source = Files.readString(DOCS_SOURCES.resolve(name + ".adoc"));
            if (!source.contains("include::{")) {
                continue; // a page with nothing the build fills in reads the same on the code host
            }
            assertTrue(source.matches("(?s)[^\\n]*\\n(?::[^\\n]*\\n|include::[^\\n]*\\n)*\\nifdef::env-github\\[]\\nNOTE: This is the"
                    + " page's source.*"), name + ".adoc: the note for the code host comes first, right after the header");
            assertFalse(Files.readString(PAGE.resolveSibling(name + ".html")).contains("This is the page's source"), name);
        }
    }

    /**
     * From every page, the bar at its top leads to every other part of the site in one click, and marks the page it is on:
     * each page's bar lists every part, stays in view at the end of the page, and one of its links is clicked there, a
     * different part from each page, so that every part is reached once.
     */
    @Test
    void fromEveryPageEveryOtherPartIsOneClickAway() throws IOException {
        String bar = PAGES.stream().map(name -> name + ".html").collect(Collectors.joining(","));
        for (int i = 0; i < PAGES.size(); i++) {
            String from = PAGES.get(i);
            String to = PAGES.get((i + PAGES.size() - 1) % PAGES.size()); // the one before: each page once (the next is another test's)
            page.get(url(from));
            assertEquals(bar, evaluate("[...document.querySelectorAll('#site-nav a')].map(a => a.getAttribute('href')).join(',')"),
                    from + ": the bar lists every part, in reading order");
            assertEquals(from + ".html", evaluate("document.querySelector('#site-nav a[aria-current=page]').getAttribute('href')"),
                    from + ": the bar marks the page it is on");
            assertEquals("0", evaluate("(() => { window.scrollTo(0, document.body.scrollHeight);"
                    + " return Math.round(document.getElementById('site-nav').getBoundingClientRect().top); })()"),
                    from + ": the bar stays at the top of the window at the end of the page");
            page.findElement(By.cssSelector("#site-nav a[href='" + to + ".html']")).click();
            assertEquals(url(to), page.getCurrentUrl(), from + " to " + to);
            assertEquals(title(to), evaluate("document.querySelector('h1').textContent"), from + " to " + to);
        }
    }

    /** Each part but the last ends with a link to the next one in the bar's order. */
    @Test
    void theEndOfEachPartLeadsToTheNextPart() throws IOException {
        for (int i = 0; i < PAGES.size(); i++) {
            String last = onPage(PAGES.get(i), "(() => { const links = [...document.querySelectorAll('#content a')];"
                    + " const last = links[links.length - 1];"
                    + " return last.closest('.next-part') ? last.getAttribute('href') : 'none'; })()");
            String next = i + 1 < PAGES.size() ? PAGES.get(i + 1) : null;
            assertEquals(next == null ? "none" : next + ".html", last, PAGES.get(i) + ": the last link on the page");
            if (next != null) {
                page.findElement(By.cssSelector(".next-part a")).click();
                assertEquals(title(next), evaluate("document.querySelector('h1').textContent"), PAGES.get(i) + ": next");
            }
        }
    }

    /**
     * Every link between the site's pages leads to a page that is there and, with an anchor, to an element with that id:
     * the message index's, each page's, and the README's and the notebook's links into the repository's files.
     */
    @Test
    void everyLinkOfThePagesTheReadmeAndTheNotebookLeadsToAPageAndAnAnchorThatAreThere() throws IOException {
        Map<String, List<String>> ids = new HashMap<>();
        Map<String, List<String>> links = new HashMap<>();
        for (String name : PAGES) {
            ids.put(name, onPage(name, IDS).lines().toList());
            links.put(name, onPage(name, LINKS).lines().toList());
        }
        List<String> broken = new ArrayList<>();
        int checked = 0;
        for (String name : PAGES) {
            for (String link : links.get(name)) {
                String file = link.startsWith("#") ? name + ".html" : link.replaceFirst("#.*", "");
                String anchor = link.contains("#") ? link.substring(link.indexOf('#') + 1) : null;
                String target = file.replaceFirst("\\.html$", "");
                boolean there = file.endsWith(".html") ? ids.containsKey(target) && (anchor == null || ids.get(target).contains(anchor))
                        : Files.isRegularFile(DOCS.resolve(file));
                if (!there) {
                    broken.add(name + ".html: " + link);
                }
                checked++;
            }
        }
        String readmeText = Files.readString(Path.of("README.adoc"));
        for (String part : List.of("other-clients", "workshop", "troubleshooting")) {
            assertTrue(readmeText.contains("xref:docs/" + part + ".adoc["), "the README links " + part);
        }
        Matcher readme = Pattern.compile("xref:docs/([\\w-]+)\\.adoc(?:#([\\w-]+))?\\[").matcher(readmeText);
        while (readme.find()) {
            if (!ids.containsKey(readme.group(1)) || readme.group(2) != null && !ids.get(readme.group(1)).contains(readme.group(2))) {
                broken.add("README.adoc: " + readme.group());
            }
            checked++;
        }
        Matcher notebook = Pattern.compile("\\]\\(([^)#:]+)[^):]*\\)").matcher(Files.readString(NotebookTest.NOTEBOOK));
        while (notebook.find()) {
            if (!Files.exists(Path.of(notebook.group(1)))) {
                broken.add("pipeline_examples.ipynb: " + notebook.group());
            }
            checked++;
        }
        assertTrue(checked > 100, "links checked: " + checked);
        assertEquals(List.of(), broken, "links to a page or an anchor that is not there");
    }

    /** Where the build executed the notebook, its page shows its code cells and links the executed file, which is there. */
    @Test
    void theNotebooksPageShowsTheCellsAsThisBuildExecutedThem() throws IOException {
        boolean executed = Files.isRegularFile(DOCS.resolve("pipeline_examples.ipynb"));
        assertEquals(executed, onPage("pipeline_examples", "!!document.querySelector('a[href=\"pipeline_examples.ipynb\"]')")
                .equals("true"), "the executed file is linked if, and only if, it is there");
        String text = onPage("pipeline_examples", "document.querySelector('#content').innerText");
        if (executed) {
            for (String heading : List.of("1. Ping", "2. Build a pipeline", "3. Execute", "4. Chained call", "5. The builder pattern",
                    "6. Performance comparison")) {
                assertTrue(text.contains(heading), heading);
            }
            assertTrue(text.contains("Increment value: 100000"), text);
        } else {
            assertTrue(text.contains("This build did not execute it"), text);
        }
    }

    /**
     * A code block's copy button puts its exact code on the clipboard, which holds something else before the click: a
     * script's tagged region, a cell of the notebook, a shell block. Every code block on every page has one.
     */
    @Test
    void aCodeBlocksCopyButtonPutsItsExactCodeOnTheClipboard() throws IOException {
        for (String name : PAGES) {
            assertEquals(onPage(name, CODE_BLOCKS), onPage(name, COPY_BUTTONS), name + ": code blocks, and copy buttons on them");
        }
        String ping = NotebookTest.region(Path.of("examples", "ping.java"), "ping");
        assertEquals(ping, copied("index", "[...document.querySelectorAll('.listingblock')].find(block =>"
                + " block.querySelector('pre').textContent.includes('redis.ping()')).querySelector('button.copy')"));
        String shell = Files.readString(DOCS_SOURCES.resolve("troubleshooting.adoc")).split("\\[source,shell]\n----\n", 2)[1]
                .split("\n----\n", 2)[0];
        assertEquals(shell, copied("troubleshooting", "document.querySelector('.listingblock button.copy')"));
        if (Files.isRegularFile(DOCS.resolve("pipeline_examples.ipynb"))) {
            String cell = NotebookTest.region(Path.of("examples", "build_pipeline.java"), "build");
            assertEquals(cell, copied("pipeline_examples", "[...document.querySelectorAll('.listingblock')].find(block =>"
                    + " block.querySelector('pre').textContent.includes('pipe.set(\"b\"')).querySelector('button.copy')"));
        }
    }

    /** Each "Run it yourself" command has a copy button beside it, which copies the command as the page shows it. */
    @Test
    void aCommandsCopyButtonPutsTheCommandOnTheClipboard() throws IOException {
        for (String name : List.of("index", "batches-and-transactions", "errors-and-pitfalls", "cluster", "other-clients")) {
            String runs = onPage(name, "[...document.querySelectorAll('#content p')]"
                    + ".filter(p => p.textContent.startsWith('Run it yourself:'))"
                    + ".map(p => p.querySelector('code').nextElementSibling?.matches('button.copy') === true ? 'copy' : 'missing')"
                    + ".join(',')");
            assertFalse(runs.isEmpty(), name + " has no Run it yourself line");
            assertFalse(runs.contains("missing"), name + ": a command without a copy button: " + runs);
        }
        assertEquals("./jbang ping", copied("index", "[...document.querySelectorAll('#content p')].find(p =>"
                + " p.textContent.startsWith('Run it yourself: ./jbang ping')).querySelector('button.copy')"));
    }

    /** Clicks the button the expression finds on a page and returns what the clipboard then holds. */
    private static String copied(String name, String button) throws IOException {
        page.get(url(name));
        String before = "not what the button copies";
        assertEquals(before, clipboard("navigator.clipboard.writeText('" + before + "').then(() => navigator.clipboard.readText())"));
        WebElement copy = (WebElement) page.executeScript("return " + button + ";");
        copy.click(); // a real click: the page may only write to the clipboard on a user's gesture
        return String.valueOf(page.executeAsyncScript("const [button, done] = arguments; const started = Date.now();"
                + " const wait = () => button.textContent === 'Copied'"
                + " ? navigator.clipboard.readText().then(done, e => done('failed: ' + e))"
                + " : Date.now() - started > 10000 ? done('the button never said Copied') : setTimeout(wait, 20); wait();", copy));
    }

    /** The text the promise an expression returns resolves to, or the error it fails with. */
    private static String clipboard(String promise) {
        return String.valueOf(page.executeAsyncScript("const done = arguments[arguments.length - 1];"
                + promise + ".then(done, error => done('failed: ' + error));"));
    }

    private static String url(String name) {
        return DOCS.resolve(name + ".html").toUri().toString();
    }

    /** A page's title, the first line of its source. */
    private static String title(String name) throws IOException {
        return Files.readAllLines(DOCS_SOURCES.resolve(name + ".adoc")).get(0).substring(2);
    }

    @Test
    void codeIsHighlightedOffline() {
        assertEquals("true", onPage("index", "document.querySelectorAll('pre.rouge span').length > 10"));
    }

    @Test
    void noPageShowsALiteralBacktickOutsideCodeBlocks() {
        for (String name : PAGES) {
            String stray = onPage(name, BACKTICKS);
            assertEquals("", stray, name + ".html shows a backtick, so an inline code span did not close or took in a"
                    + " backtick (`code`' makes a curly quote of the ')");
        }
    }

    @Test
    void noPageShowsAnIncludeDirectiveAsText() {
        for (String name : PAGES) {
            String stray = onPage(name, TEXT).lines().filter(line -> line.contains("include::")).collect(Collectors.joining("\n"));
            assertEquals("", stray, name + ".html shows an include:: line as text: it was not alone on its line");
        }
    }

    @Test
    void noIncludedCodeLineWrapsAt1280Pixels() {
        for (String name : PAGES) {
            String wrapped = onPage(name, WRAPPED);
            assertEquals("", wrapped, name + ".html wraps these lines (the longest of each block) at " + WIDTH + " px");
        }
    }

    /** Evaluates on one of the pages, going there unless the browser is already on it, or what it was as it loaded. */
    private static String onPage(String name, String expression) {
        String found = read.getOrDefault(name, Map.of()).get(expression);
        if (found != null) {
            return found;
        }
        if (!page.getCurrentUrl().equals(url(name))) {
            page.get(url(name));
        }
        return evaluate(expression);
    }

    /** Evaluates on each of the pages, the results one after another. */
    private static String onEachPage(List<String> names, String expression) {
        return names.stream().map(name -> onPage(name, expression)).collect(Collectors.joining("\n"));
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
