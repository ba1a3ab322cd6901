package pipelining;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The scripts' //DEPS and the Maven build name the same versions, so the two cannot drift apart. */
class DependencyVersionsTest {

    /** What Tutorial.java, pulled into every script with //SOURCES, needs: each script declares it. */
    static final List<String> PLUMBING = List.of("redis.clients:jedis", "com.github.codemonstur:embedded-redis",
            "org.slf4j:slf4j-api", "org.slf4j:slf4j-nop", "info.picocli:picocli");

    @Test
    void theScriptsDeclareThePomsRuntimeDependenciesAtThePomsVersions() throws Exception {
        Set<String> fromPom = runtimeDependencies(Path.of("pom.xml"));
        Set<String> declared = new TreeSet<>();
        for (Path script : CatalogTest.allScripts()) {
            List<String> deps = CatalogTest.directives(script, "DEPS");
            assertTrue(fromPom.containsAll(deps), script + " declares " + deps + ", the pom has " + fromPom);
            for (String needed : PLUMBING) {
                assertTrue(deps.stream().anyMatch(dep -> dep.startsWith(needed + ":")), script + " lacks " + needed);
            }
            declared.addAll(deps);
        }
        assertEquals(fromPom, declared, "a runtime dependency of the pom that no script uses");
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

    /** group:artifact:version of every dependency that is not test-scoped, ${properties} resolved. */
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
