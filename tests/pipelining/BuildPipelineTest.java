package pipelining;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class BuildPipelineTest extends OnBothServers {

    static final String OUTPUT = """
            Queued: set a, set b, get a
            Key a on the server: false
            Reply to get a: none yet (Please close pipeline or multi block before calling this method.)
            After close(), key a on the server: true
            After close(), reply to get a: a value
            """;

    @Test
    void queuedCommandsReachTheServerOnlyWhenThePipelineCloses() {
        assertEquals(OUTPUT, Sections.stdoutOf(() -> build_pipeline.buildPipeline(session.client)));
        assertEquals("a value", redis.raw.get(onServer("a")));
        assertEquals("b value", redis.raw.get(onServer("b")));
    }

    @Test
    void buildPipelineAliasPrintsTheSameThroughTheLauncher() {
        assertEquals(OUTPUT, runAlias("build-pipeline").stdout());
    }
}
