package pipelining;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where a command is found on PATH, as a shell would find it. */
final class OnPath {

    private OnPath() {
    }

    /** The executable {@code command} on PATH, or null. */
    static Path find(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, command);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }
}
