package pipelining;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.abort;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Opens the rendered page in headless Chromium, as a reader would, and checks what they see.
 * It talks to Chromium over the DevTools protocol, which needs nothing but the JDK's WebSocket.
 */
class DocsPageIT {

    static final Path PAGE = Path.of("target", "generated-docs", "index.html").toAbsolutePath();
    static final Path SCREENSHOT = Path.of("target", "docs-screenshot.png");

    static Process chromium;
    static DevTools page;
    static final List<String> requested = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void openThePage() throws Exception {
        Path browser = Server.onPath("chromium");
        if (browser == null) {
            String why = "no chromium on PATH (Debian: apt-get install chromium)";
            if (System.getenv("CI") != null) {
                fail(why + ": CI must check the page in a browser");
            }
            abort(why);
        }
        assertTrue(Files.isRegularFile(PAGE), PAGE + " was not rendered");
        Path profile = Files.createTempDirectory("chromium-profile");
        chromium = new ProcessBuilder(browser.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--remote-allow-origins=*", "--remote-debugging-port=0",
                "--user-data-dir=" + profile, "--window-size=1280,900", "about:blank")
                .redirectErrorStream(true).start();
        page = DevTools.attach(devToolsPort(chromium));
        page.onEvent("Network.requestWillBeSent", event -> requested.add(
                event.getAsJsonObject("request").get("url").getAsString()));
        page.call("Network.enable", Map.of());
        page.call("Page.enable", Map.of());
        CompletableFuture<JsonObject> loaded = page.nextEvent("Page.loadEventFired");
        page.call("Page.navigate", Map.of("url", PAGE.toUri().toString()));
        loaded.get(30, TimeUnit.SECONDS);
        saveFullPageScreenshot();
    }

    @AfterAll
    static void closeTheBrowser() {
        if (page != null) {
            page.close();
        }
        if (chromium != null) {
            chromium.destroyForcibly();
        }
    }

    @Test
    void everySectionIsThereInTheNotebooksOrder() {
        String titles = evaluate("[...document.querySelectorAll('h2')].map(h => h.textContent).join('\\n')");
        List<String> expected = List.of("1. Ping", "2. Build a pipeline", "3. Execute", "4. Chained call",
                "5. Performance comparison", "Batch sizes", "Transactions", "Pipeline errors", "When the connection drops",
                "A room on one server", "Pipelining on Redis Cluster", "Where Java differs from the Python original");
        List<String> sections = titles.lines().filter(expected::contains).toList();
        assertEquals(expected, sections, titles);
    }

    @Test
    void everySectionShowsItsCodeAndTheOutputOfThisBuild() throws IOException {
        String blocks = evaluate("[...document.querySelectorAll('pre')].map(p => p.textContent).join('\\n---\\n')");
        for (String code : List.of("System.out.println(redis.ping());", "pipe.syncAndReturnAll()", "redis.incr(\"incr_key\")")) {
            assertTrue(blocks.contains(code), "no code block with " + code);
        }
        for (String alias : List.of("ping", "build-pipeline", "execute", "chained-call", "performance-comparison",
                "wire-timeline", "batch-sizes", "transactions", "pipeline-errors", "cluster-pipeline")) {
            String printed = Files.readString(Sections.SNIPPETS.resolve(alias + ".txt")).strip();
            assertTrue(blocks.contains(printed), "the page does not show what " + alias + " printed:\n" + printed);
        }
        assertTrue(blocks.contains("PONG") && blocks.contains("[OK, OK, a value]"), blocks);
        Matcher increments = Pattern.compile("Increment value: 100000").matcher(blocks);
        assertEquals(2, increments.results().count(), "both Increment value blocks");
        String text = evaluate("document.body.innerText");
        for (String alias : List.of("ping", "build-pipeline", "execute", "chained-call", "performance-comparison")) {
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
        String images = evaluate("[...document.images].map(i => i.complete && i.naturalWidth > 0"
                + " && i.getBoundingClientRect().width > 100 && i.getBoundingClientRect().height > 100).join(',')");
        assertEquals(3, images.split(",").length, "the performance comparison, the wire timeline, batch sizes: " + images);
        assertFalse(images.contains("false"), "images loaded: " + images);
    }

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

    @Test
    void theWorkshopPagesAreRenderedAndLinked() throws IOException {
        for (String page : List.of("workshop", "troubleshooting")) {
            Path html = PAGE.resolveSibling(page + ".html");
            assertTrue(Files.isRegularFile(html), html + " was not rendered");
            assertFalse(Files.readString(html).contains("Unresolved directive"), page);
            assertEquals("true", evaluate("!!document.querySelector('a[href=\"" + page + ".html\"]')"), "no link to " + page);
            assertTrue(Files.readString(Path.of("README.adoc")).contains("xref:docs/" + page + ".adoc["), "README: " + page);
        }
    }

    @Test
    void codeIsHighlightedOffline() {
        assertEquals("true", evaluate("document.querySelectorAll('pre.rouge span').length > 10"));
    }

    private static String evaluate(String expression) {
        JsonObject result = page.call("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true))
                .getAsJsonObject("result");
        return result.get("value").getAsString();
    }

    /** The whole page as one PNG, after every image has decoded, for a person to look at. */
    private static void saveFullPageScreenshot() throws IOException {
        page.call("Runtime.evaluate", Map.of("expression", "Promise.all([...document.images].map(i => i.decode()))",
                "awaitPromise", true));
        JsonObject size = page.call("Page.getLayoutMetrics", Map.of()).getAsJsonObject("cssContentSize");
        page.call("Emulation.setDeviceMetricsOverride", Map.of("width", 1280,
                "height", (int) Math.ceil(size.get("height").getAsDouble()), "deviceScaleFactor", 1, "mobile", false));
        String png = page.call("Page.captureScreenshot", Map.of("format", "png")).get("data").getAsString();
        Files.write(SCREENSHOT, Base64.getDecoder().decode(png));
    }

    private static int devToolsPort(Process chromium) throws IOException {
        BufferedReader output = new BufferedReader(new InputStreamReader(chromium.getInputStream(), StandardCharsets.UTF_8));
        Pattern listening = Pattern.compile("DevTools listening on ws://[^:]+:(\\d+)/");
        for (String line = output.readLine(); line != null; line = output.readLine()) {
            Matcher matcher = listening.matcher(line);
            if (matcher.find()) {
                Thread drain = new Thread(() -> output.lines().forEach(ignored -> { }));
                drain.setDaemon(true);
                drain.start();
                return Integer.parseInt(matcher.group(1));
            }
        }
        throw new IOException("chromium exited before it listened for DevTools");
    }

    /** The few DevTools protocol calls this test needs, over one page's WebSocket. */
    static final class DevTools implements WebSocket.Listener {
        private final AtomicInteger ids = new AtomicInteger();
        private final Map<Integer, CompletableFuture<JsonObject>> replies = new ConcurrentHashMap<>();
        private final Map<String, List<java.util.function.Consumer<JsonObject>>> listeners = new ConcurrentHashMap<>();
        private final StringBuilder partial = new StringBuilder();
        private WebSocket socket;

        static DevTools attach(int port) throws Exception {
            HttpClient http = HttpClient.newHttpClient();
            String targets = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            JsonArray list = JsonParser.parseString(targets).getAsJsonArray();
            String pageSocket = list.asList().stream().map(target -> target.getAsJsonObject())
                    .filter(target -> target.get("type").getAsString().equals("page")).findFirst().orElseThrow()
                    .get("webSocketDebuggerUrl").getAsString();
            DevTools devTools = new DevTools();
            devTools.socket = http.newWebSocketBuilder().buildAsync(URI.create(pageSocket), devTools).get(10, TimeUnit.SECONDS);
            return devTools;
        }

        JsonObject call(String method, Map<String, Object> params) {
            int id = ids.incrementAndGet();
            CompletableFuture<JsonObject> reply = new CompletableFuture<>();
            replies.put(id, reply);
            JsonObject message = new JsonObject();
            message.addProperty("id", id);
            message.addProperty("method", method);
            message.add("params", new com.google.gson.Gson().toJsonTree(params));
            socket.sendText(message.toString(), true);
            try {
                JsonObject answer = reply.get(30, TimeUnit.SECONDS);
                if (answer.has("error")) {
                    throw new AssertionError(method + ": " + answer.get("error"));
                }
                return answer.getAsJsonObject("result");
            } catch (Exception e) {
                throw new AssertionError(method + " got no answer", e);
            }
        }

        void onEvent(String method, java.util.function.Consumer<JsonObject> listener) {
            listeners.computeIfAbsent(method, m -> new CopyOnWriteArrayList<>()).add(listener);
        }

        CompletableFuture<JsonObject> nextEvent(String method) {
            CompletableFuture<JsonObject> event = new CompletableFuture<>();
            onEvent(method, event::complete);
            return event;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                JsonObject message = JsonParser.parseString(partial.toString()).getAsJsonObject();
                partial.setLength(0);
                if (message.has("id")) {
                    replies.remove(message.get("id").getAsInt()).complete(message);
                } else {
                    listeners.getOrDefault(message.get("method").getAsString(), List.of())
                            .forEach(listener -> listener.accept(message.getAsJsonObject("params")));
                }
            }
            webSocket.request(1);
            return null;
        }

        void close() {
            socket.abort();
        }
    }
}
