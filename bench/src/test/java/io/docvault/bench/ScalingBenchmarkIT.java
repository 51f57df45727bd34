package io.docvault.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Smoke run of the scaling benchmark: tiny windows, two client counts, two sizes; no timing asserted. */
class ScalingBenchmarkIT {

    @Test
    void printsOneRowPerClientCountAndSize() throws Exception {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        ScalingBenchmark.run(new ScalingBenchmark.Options(Path.of(System.getProperty("docvault.bench.server-jar")),
                Bench.jvmOptions(null), System.getenv("DOCVAULT_TEST_DB_URL"), "postgres", "",
                Duration.ofMillis(400), Duration.ofMillis(200), Duration.ofMillis(400), 1, List.of(1, 4),
                List.of(1024, 102_400)), new PrintStream(output, true, StandardCharsets.UTF_8));
        String table = output.toString(StandardCharsets.UTF_8);
        assertThat(table).contains("| clients | content | UpdateDocument/s |", "| 1 | 1 KiB |", "| 4 | 1 KiB |",
                "| 1 | 100 KiB |", "| 4 | 100 KiB |");
    }
}
