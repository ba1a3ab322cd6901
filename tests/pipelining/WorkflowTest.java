package pipelining;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The code host's workflow, read as its runner reads it (no linter for it installs here): every push and pull request runs
 * .ci/run, and a push to main publishes the site the same build rendered.
 */
class WorkflowTest {

    static final Path WORKFLOW = Path.of(".github", "workflows", "ci.yml");
    static final String ON_MAIN = "github.event_name == 'push' && github.ref == 'refs/heads/main'";

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object node) {
        return (Map<String, Object>) node;
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> steps(Map<String, Object> job) {
        return (List<Map<String, Object>>) job.get("steps");
    }

    @Test
    void everyPushAndPullRequestRunsCiRunAndMainPublishesTheSiteItRendered() throws IOException {
        Map<String, Object> workflow = new Yaml().load(Files.readString(WORKFLOW));
        Object on = workflow.containsKey("on") ? workflow.get("on") : workflow.get(true); // YAML 1.1 reads a bare on as true
        assertEquals(List.of("push", "pull_request"), List.copyOf(map(on).keySet()));
        Map<String, Object> jobs = map(workflow.get("jobs"));

        Map<String, Object> verify = map(jobs.get("verify"));
        List<Map<String, Object>> steps = steps(verify);
        assertTrue(steps.stream().anyMatch(step -> ".ci/run".equals(step.get("run"))), "a step runs .ci/run");
        assertTrue(steps.stream().anyMatch(step -> String.valueOf(step.get("uses")).startsWith("actions/checkout@v")));
        Map<String, Object> upload = steps.stream()
                .filter(step -> String.valueOf(step.get("uses")).startsWith("actions/upload-pages-artifact@v")).findFirst()
                .orElseThrow();
        assertEquals("target/generated-docs", map(upload.get("with")).get("path"));
        assertEquals(ON_MAIN, upload.get("if"));
        assertTrue((Integer) verify.get("timeout-minutes") <= 90, "CI's own limit");

        Map<String, Object> publish = map(jobs.get("publish"));
        assertEquals("verify", publish.get("needs"));
        assertEquals(ON_MAIN, publish.get("if"));
        assertEquals(Map.of("pages", "write", "id-token", "write"), publish.get("permissions"));
        assertEquals("github-pages", map(publish.get("environment")).get("name"));
        assertTrue(steps(publish).stream().anyMatch(step -> String.valueOf(step.get("uses")).startsWith("actions/deploy-pages@v")));
        for (Object job : jobs.values()) {
            assertTrue(map(job).containsKey("runs-on"), "every job says where it runs");
            for (Map<String, Object> step : steps(map(job))) {
                assertTrue(step.containsKey("run") ^ step.containsKey("uses"), "a step runs a command or uses an action: " + step);
                assertTrue(!step.containsKey("uses") || String.valueOf(step.get("uses")).matches("[\\w-]+/[\\w-]+@v\\d+"),
                        "an action pinned to its major version: " + step);
            }
        }
    }
}
