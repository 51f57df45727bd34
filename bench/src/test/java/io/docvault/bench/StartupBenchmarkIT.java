package io.docvault.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * deploy/cds-archive.sh makes the extracted jar and its class data sharing archive from the server jar,
 * and the startup harness starts both launches (one start each, no timing asserted).
 */
class StartupBenchmarkIT {

    @Test
    void startsTheJarAndTheClassDataSharingLaunch() throws Exception {
        Path serverJar = Path.of(System.getProperty("docvault.bench.server-jar"));
        Path directory = Path.of("target", "cds").toAbsolutePath();
        Process script = new ProcessBuilder("bash", Path.of("..", "deploy", "cds-archive.sh").toString(),
                serverJar.toString(), directory.toString()).inheritIO().start();
        assertThat(script.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(script.exitValue()).isZero();
        assertThat(directory.resolve("docvault.jsa")).isNotEmptyFile();
        assertThat(Files.isRegularFile(directory.resolve("docvault-server.jar"))).isTrue();

        ByteArrayOutputStream output = new ByteArrayOutputStream();
        StartupBenchmark.run(List.of(StartupBenchmark.Launch.jar(serverJar, List.of()),
                        StartupBenchmark.Launch.classDataSharing(directory, List.of())),
                System.getenv("DOCVAULT_TEST_DB_URL"), "postgres", "", 1,
                new PrintStream(output, true, StandardCharsets.UTF_8));
        assertThat(output.toString(StandardCharsets.UTF_8)).contains("| launch | cold start to SERVING",
                "| java -jar docvault-server.jar |", "| extracted jar + class data sharing archive |");
    }
}
