///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//COMPILE_OPTIONS -encoding UTF-8
//RUNTIME_OPTIONS -Dsun.stdout.encoding=UTF-8 -Dstdout.encoding=UTF-8
//DEPS redis.clients:jedis:8.0.2
// batch-sizes' chart library too: building doctor then fetches every library a section uses, for offline use
//DEPS org.knowm.xchart:xchart:4.0.3
// and the other clients' sections' libraries, with the Netty version their plumbing pins
//DEPS io.lettuce:lettuce-core:7.7.0.RELEASE
//DEPS org.springframework.data:spring-data-redis:4.1.2
//DEPS org.redisson:redisson:4.7.0
//DEPS io.netty:netty-bom:4.2.21.Final@pom
//SOURCES ../examples/support/*.java
//DESCRIPTION Doctor: a pre-flight check of this laptop for the workshop, one line per check, with the fix next to each failure.
package pipelining;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Run from the repository root: ./jbang doctor. Exit code 1 if any check fails. */
class doctor {

    record Check(boolean passed, String what, String fix) {
    }

    public static void main(String[] args) {
        String misuse = misuse(Path.of(""), System.getenv("TUTORIAL_ROOT"), args);
        if (misuse != null) {
            System.err.println("[tutorial] " + misuse);
            System.exit(2);
        }
        System.exit(report(List.of(java(), launcher(), dependenciesCached(), whichRedis(System.getenv()),
                port6379(System.getenv()), embeddedRedis()), System.out));
    }

    /** What is wrong with running the doctor this way, or null; {@code root}: the tutorial's folder, as ./jbang tells. */
    static String misuse(Path folder, String root, String[] args) {
        if (Files.notExists(folder.resolve("jbang-catalog.json"))) { // it looks at this folder's scripts and launcher
            return "Run the doctor from the tutorial's folder: cd " + (root == null ? "<the folder of jbang-catalog.json>"
                    : root.contains(" ") ? "\"" + root + "\"" : root) + " && ./jbang doctor";
        }
        return args.length == 0 ? null : "The doctor takes no options (" + String.join(" ", args) + "): run ./jbang doctor;"
                + " building it fetched every library the sections use";
    }

    /** One line a check, with the fix next to each failure; the exit code: 1 if any check failed. */
    static int report(List<Check> checks, java.io.PrintStream out) {
        for (Check check : checks) {
            out.println((check.passed ? "✓ " : "✗ ") + check.what + (check.passed ? "" : " → " + check.fix));
        }
        return checks.stream().allMatch(Check::passed) ? 0 : 1;
    }

    static Check java() {
        int version = Runtime.version().feature();
        return new Check(version >= 17, "Java " + Runtime.version() + " (17 or later needed)",
                "install a JDK 17 or later (for example Temurin), and put it first on PATH or in JAVA_HOME");
    }

    static Check launcher() {
        Path classpath = Path.of(".mvn", "jbang-launcher", "target", "classpath.txt");
        boolean fetched = Files.isRegularFile(classpath);
        return new Check(fetched || OnPath.find("jbang") != null,
                fetched ? "JBang fetched for ./jbang" : OnPath.find("jbang") != null ? "JBang installed ("
                        + OnPath.find("jbang") + ")" : "JBang: neither fetched for ./jbang nor installed",
                "run ./jbang doctor from the repository root, with access to Maven Central once");
    }

    /** Every //DEPS of every script and of the plumbing is in the local Maven repository, where JBang looks first. */
    static Check dependenciesCached() {
        Path repository = Path.of(System.getProperty("user.home"), ".m2", "repository");
        List<String> missing = new ArrayList<>();
        int count = 0;
        try (var files = Files.walk(Path.of("examples"))) {
            List<Path> scripts = files.filter(file -> file.toString().endsWith(".java")).sorted().toList();
            Pattern deps = Pattern.compile("^//DEPS ([^:\\s]+):([^:\\s]+):([^@\\s]+)(@pom)?$", Pattern.MULTILINE);
            List<String> seen = new ArrayList<>();
            for (Path script : scripts) {
                Matcher dep = deps.matcher(Files.readString(script));
                while (dep.find()) {
                    if (seen.contains(dep.group())) {
                        continue;
                    }
                    seen.add(dep.group());
                    count++;
                    Path jar = repository.resolve(dep.group(1).replace('.', '/')).resolve(dep.group(2))
                            .resolve(dep.group(3)).resolve(dep.group(2) + "-" + dep.group(3) + (dep.group(4) == null ? ".jar" : ".pom"));
                    if (!Files.isRegularFile(jar)) {
                        missing.add(dep.group(2));
                    }
                }
            }
        } catch (java.io.IOException e) {
            return new Check(false, "Dependencies: cannot read examples/ (" + e.getMessage() + ")",
                    "run ./jbang doctor from the repository root");
        }
        return new Check(missing.isEmpty(), missing.isEmpty() ? "Dependencies cached for offline use (" + count + " libraries)"
                : "Dependencies not cached: " + String.join(", ", missing),
                "run ./jbang --fresh doctor once while online: building it fetches them (see docs/workshop.adoc)");
    }

    /** The Redis a script would use now, chosen by the scripts' own rules, without starting anything. */
    static Check whichRedis(Map<String, String> env) {
        ServerChoice choice;
        try {
            choice = ServerChoice.of(env);
        } catch (Problem problem) {
            return new Check(false, "Redis: the settings do not work", problem.getMessage());
        }
        if (choice.existing() != null) {
            return answers(choice.existing().origin.equals("REDIS_URL") ? "REDIS_URL" : "the one answering on "
                    + ServerChoice.DEFAULT, choice.existing().uri);
        }
        return new Check(true, "Redis: each script starts its own, " + (choice.redisServer() != null
                ? "from " + choice.redisServer() : "the embedded Redis (checked below)"), "");
    }

    /** A server the scripts will share: it answers, and the keys of runs that died on it are swept. */
    static Check answers(String which, URI uri) {
        try (var session = Session.open(uri)) {
            Namespace.Swept swept = session.swept();
            return new Check(true, "Redis: " + which + " answers (Redis " + session.version + ")" + (swept.keys() == 0 ? ""
                    : "; removed " + swept.keys() + " keys left by " + swept.runs() + " run(s) that died"), "");
        } catch (Problem problem) {
            return new Check(false, "Redis: " + which + " does not work", problem.getMessage());
        }
    }

    static Check port6379(Map<String, String> env) {
        if (!env.getOrDefault("TUTORIAL_REDIS", "auto").equals("auto")) {
            return new Check(true, "Port 6379: not looked at (TUTORIAL_REDIS=" + env.get("TUTORIAL_REDIS") + ")", "");
        }
        if (!Ports.listening(ServerChoice.DEFAULT.getHost(), ServerChoice.DEFAULT.getPort())) {
            return new Check(true, "Port 6379: free", "");
        }
        boolean redis = ServerChoice.alreadyRunning(ServerChoice.DEFAULT) != null;
        return new Check(redis, redis ? "Port 6379: a Redis answers there" : "Port 6379: taken by something that is not a usable Redis",
                "stop what listens on 6379, or set TUTORIAL_REDIS=embedded so the scripts leave it alone");
    }

    static Check embeddedRedis() {
        try (Cleanup cleanup = new Cleanup()) { // stops it, on Ctrl-C too
            cleanup.add(LocalRedis.embedded());
            return new Check(true, "The embedded Redis starts on this machine (" + System.getProperty("os.name") + ", "
                    + System.getProperty("os.arch") + ")", "");
        } catch (Problem problem) {
            return new Check(false, "The embedded Redis does not start here", problem.getMessage());
        }
    }
}
