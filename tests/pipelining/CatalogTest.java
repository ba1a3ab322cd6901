package pipelining;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** jbang-catalog.json is the table of contents: every alias runs a script, every script has an alias. */
class CatalogTest {

    static final Path EXAMPLES = Path.of("examples");

    record Alias(String scriptRef, String description) {
    }

    static Map<String, Alias> aliases() {
        try {
            JsonObject catalog = JsonParser.parseString(Files.readString(Path.of("jbang-catalog.json"))).getAsJsonObject();
            Map<String, Alias> aliases = new LinkedHashMap<>();
            catalog.getAsJsonObject("aliases").entrySet().forEach(entry -> {
                JsonObject alias = entry.getValue().getAsJsonObject();
                aliases.put(entry.getKey(), new Alias(alias.get("script-ref").getAsString(),
                        alias.get("description").getAsString()));
            });
            return aliases;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The entry scripts: lower-case names; PascalCase files are what they pull in with //SOURCES. */
    static List<Path> scripts() throws IOException {
        try (Stream<Path> files = Files.list(EXAMPLES)) {
            return files.filter(file -> file.getFileName().toString().matches("[a-z_]+\\.java")).sorted().toList();
        }
    }

    static List<String> directives(Path script, String name) throws IOException {
        String prefix = "//" + name + " ";
        return Files.readAllLines(script).stream().filter(line -> line.startsWith(prefix))
                .map(line -> line.substring(prefix.length()).strip()).toList();
    }

    /** Every script with JBang directives: the sections, the tools, the workshop's exercises and solutions, the bench's. */
    static List<Path> allScripts() throws IOException {
        try (Stream<Path> files = Stream.of(Files.list(EXAMPLES), Files.list(Path.of("tools")), Files.list(Path.of("exercises")),
                Files.list(Path.of("solutions")), Files.list(Path.of("bench"))).flatMap(scripts -> scripts)) {
            return files.filter(file -> file.getFileName().toString().matches("[a-z_]+\\.java")).sorted().toList();
        }
    }

    @Test
    void everyAliasRunsTheScriptNamedLikeIt() {
        aliases().forEach((name, alias) -> {
            String script = name.replace('-', '_');
            // the tools (the pre-flight doctor, the exercises' checker, the playground, the notebook's kernel) live
            // apart from the lessons
            String folder = List.of("doctor", "check", "playground", "notebook-kernel").contains(name) ? "tools/" : "examples/";
            assertEquals(folder + script + ".java", alias.scriptRef(), name);
            assertTrue(Files.isRegularFile(Path.of(alias.scriptRef())), alias.scriptRef());
            assertDoesNotThrow(() -> Class.forName("pipelining." + script), "compiled by this build: " + script);
        });
    }

    @Test
    void everyScriptHasAnAlias() throws IOException {
        Map<String, Alias> aliases = aliases();
        for (Path script : scripts()) {
            String alias = script.getFileName().toString().replace(".java", "").replace('_', '-');
            assertTrue(aliases.containsKey(alias), script + " has no alias in jbang-catalog.json");
        }
    }

    @Test
    void aliasDescriptionsAreTheScriptsOwn() throws IOException {
        for (Alias alias : aliases().values()) {
            assertEquals(List.of(alias.description()), directives(Path.of(alias.scriptRef()), "DESCRIPTION"),
                    alias.scriptRef());
        }
    }

    @Test
    void everyScriptStartsWithItsJBangDirectives() throws IOException {
        for (Path script : allScripts()) {
            List<String> lines = Files.readAllLines(script);
            assertEquals("///usr/bin/env jbang \"$0\" \"$@\" ; exit $?", lines.get(0), script.toString());
            assertTrue(Files.isExecutable(script), script + " is not executable: ./" + script + " needs the execute bit");
            assertEquals(List.of("17+"), directives(script, "JAVA"), script.toString());
            assertEquals(List.of("-encoding UTF-8"), directives(script, "COMPILE_OPTIONS"),
                    script + ": its comments are UTF-8, which javac 17 does not assume under a C locale");
            List<String> sources = directives(script, "SOURCES");
            assertEquals(EXAMPLES.resolve("support").resolve("*.java").toAbsolutePath().normalize(),
                    script.toAbsolutePath().getParent().resolve(sources.get(0)).normalize(), script + ": the shared plumbing");
            for (String own : sources.subList(1, sources.size())) { // a tool's own part, or a client's plumbing, beside it
                Path source = script.resolveSibling(own);
                assertTrue(own.endsWith("/*.java") ? Files.isDirectory(source.getParent()) : Files.isRegularFile(source),
                        script + ": " + own);
            }
        }
    }

    /**
     * What the sections and the plumbing print is ASCII: they write with the locale's encoding, and under a C locale
     * Java writes anything else as "?" (the tools set UTF-8 for their own ✓ and ✗).
     */
    @Test
    void theSectionsAndThePlumbingPrintOnlyAscii() throws IOException {
        Pattern nonAsciiLiteral = Pattern.compile("\"[^\"]*[^\\x00-\\x7F][^\"]*\"");
        try (Stream<Path> support = Files.walk(EXAMPLES.resolve("support")).filter(file -> file.toString().endsWith(".java"))) {
            for (Path source : Stream.concat(allScripts().stream().filter(script -> !script.startsWith("tools")), support).toList()) {
                for (String line : Files.readAllLines(source)) {
                    boolean code = !line.strip().startsWith("//") && !line.strip().startsWith("*");
                    assertFalse(code && !line.contains("Pattern.compile(") && nonAsciiLiteral.matcher(line).find(),
                            source + " prints a character a C locale shows as ?: " + line.strip());
                }
            }
        }
    }
}
