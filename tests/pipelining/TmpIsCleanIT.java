package pipelining;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/** Runs last: after every test, script, check and browser of this build, nothing of ours is left in /tmp. */
@Order(Integer.MAX_VALUE)
class TmpIsCleanIT {

    /**
     * What the tutorial and its tests could leave: their own folders (a private Redis's files, an embedded
     * Redis unpacked), JBang runs' output, browser profiles. Not embedded-redis' own /tmp/redis-N: the tutorial
     * unpacks it into a folder of its own, so such a name is someone else's.
     */
    static final Pattern OURS = Pattern.compile(
            "pipelining-tutorial-.*|jbang\\d+\\.(out|err)|chromium-profile.*|\\.?org\\.chromium\\.Chromium\\..*");

    @Test
    void thisBuildLeftNothingInTmp() throws IOException {
        Instant buildStarted = Instant.parse(System.getProperty("build.started"));
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        try (Stream<Path> entries = Files.list(tmp)) {
            List<String> left = entries.filter(entry -> OURS.matcher(entry.getFileName().toString()).matches())
                    .filter(entry -> modifiedSince(entry, buildStarted)).filter(TmpIsCleanIT::ownedByThisUser)
                    .map(Path::toString).sorted().toList();
            assertEquals(List.of(), left, "left in " + tmp + " since the build started at " + buildStarted);
        }
    }

    /** Another account's build on the same machine leaves its own, which are not this build's. */
    private static boolean ownedByThisUser(Path entry) {
        try {
            return Files.getOwner(entry).getName().equals(System.getProperty("user.name"));
        } catch (IOException gone) {
            return false;
        }
    }

    private static boolean modifiedSince(Path entry, Instant instant) {
        try {
            return Files.getLastModifiedTime(entry).compareTo(FileTime.from(instant)) >= 0;
        } catch (IOException gone) {
            return false;
        }
    }
}
