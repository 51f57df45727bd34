package io.docvault.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Smoke run of the reads alone, from the read model (no Redis is needed): four documents, tiny windows;
 * no timing asserted, only that every row is measured.
 */
class ReadsBenchmarkIT {

    @Test
    void printsTheReadsBesideTheFloorAndARefusedCall() throws Exception {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        ReadsBenchmark.run(new ReadsBenchmark.Options(Path.of(System.getProperty("docvault.bench.server-jar")),
                Bench.jvmOptions(null), System.getenv("DOCVAULT_TEST_DB_URL"), "postgres", "", null, false, 4, 256,
                Duration.ofMillis(300), Duration.ofMillis(200), Duration.ofMillis(500), 1, null),
                new PrintStream(output, true, StandardCharsets.UTF_8));
        String table = output.toString(StandardCharsets.UTF_8);
        assertThat(table).contains("(cache off) serving after", "| 4 in flight, 256 B content |",
                "server warm-up stopped at its limit");
        // Each row has a rate above zero and the server's CPU per call.
        assertThat(table.lines().filter(line -> line.startsWith("| floor: grpc-java")
                        || line.startsWith("| GetDocument, read model (cache off)")
                        || line.startsWith("| GetDocument refused before the read")))
                .hasSize(3)
                .allSatisfy(line -> assertThat(line.split("\\|")[2].trim()).as(line).matches("[1-9][0-9,]*"));
        assertThat(table.lines().filter(line -> line.startsWith("| GetDocument")))
                .allSatisfy(line -> assertThat(line.split("\\|")[7].trim()).as(line).matches("[0-9,]+"));
    }

    @Test
    void refusesTheCacheWithoutARedisUrl() {
        assertThatThrownBy(() -> ReadsBenchmark.run(new ReadsBenchmark.Options(Path.of("none.jar"),
                Bench.jvmOptions(null), null, "postgres", "", " ", true, 64, 1024, Duration.ZERO, Duration.ZERO,
                Duration.ofSeconds(1), 1, null), System.out))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("DOCVAULT_REDIS_URL");
    }
}
