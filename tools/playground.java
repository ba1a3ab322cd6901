///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//COMPILE_OPTIONS -encoding UTF-8
//RUNTIME_OPTIONS -Dsun.stdout.encoding=UTF-8 -Dstdout.encoding=UTF-8
//DEPS redis.clients:jedis:8.0.2
//SOURCES ../examples/support/*.java
//DESCRIPTION Playground: JShell with redis, a client on the tutorial's namespace; try redis.pipelined() by hand, /exit deletes this run's keys.
package pipelining;

import java.nio.file.Files;
import java.nio.file.Path;
import jdk.jshell.tool.JavaShellToolBuilder;

/**
 * JShell with the client a script would get. Its snippets run in this JVM (local execution), so the
 * client's cleanup runs when it exits, as a script's does.
 */
class playground {

    /** What JShell runs before the first prompt. */
    static final String STARTUP = """
            import java.util.*;
            import redis.clients.jedis.*;
            var tutorial = pipelining.Tutorial.openOrExit();
            RedisClient redis = tutorial.redis;
            System.out.println("redis is connected. Try redis.ping(), or: try (Pipeline pipe = redis.pipelined()) { ... }");
            System.out.println("/exit leaves, and deletes this run's keys.");
            """;

    public static void main(String[] args) throws Exception {
        Path startup = Files.createTempFile("pipelining-tutorial-playground", ".jsh");
        startup.toFile().deleteOnExit(); // also when the startup exits, because no Redis works
        Files.writeString(startup, STARTUP);
        LibraryLog.warningsAsOneLine(); // before JShell's first use of its preferences, which logs at INFO on a new account
        int exitCode = JavaShellToolBuilder.builder().start("--execution", "local", "--startup", startup.toString());
        System.exit(exitCode); // the exit hook deletes this run's keys, and stops a Redis it started
    }
}
