package io.docvault.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Smoke run of P4 alone: a low rate, tiny windows; no timing asserted, only that every row is measured. */
class LagBenchmarkIT {

    @Test
    void printsTheLagAndItsPartsInTheServer() throws Exception {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        LagBenchmark.run(new LagBenchmark.Options(Path.of(System.getProperty("docvault.bench.server-jar")),
                Bench.jvmOptions(null), System.getenv("DOCVAULT_TEST_DB_URL"), "postgres", "", 50,
                Duration.ofMillis(300), Duration.ofMillis(200), Duration.ofMillis(600), 1),
                new PrintStream(output, true, StandardCharsets.UTF_8));
        String table = output.toString(StandardCharsets.UTF_8);
        assertThat(table).contains("| P4 at 50 updates/s |", "| lag: acknowledgement → visible (the caller) |",
                "| in the server: UpdateDocument call |",
                "| in the server: event's timestamp (its command ran) → its version committed in the read model",
                "| in the server: GetDocument(min_version) call", "server RSS: max",
                // The warm-up until the server's JIT is done, cut short by its limit here.
                "warm-up 0.", "server warm-up stopped at its limit",
                "updates or their reads that failed in the windows (no lag recorded): 0");
        // Every update of the window became visible and was counted by the server's histograms too.
        assertThat(table.lines().filter(line -> line.startsWith("| lag: ") || line.startsWith("| in the server: ")))
                .hasSize(4)
                .allSatisfy(line -> assertThat(line.split("\\|")[3].trim()).as(line).matches("[0-9,]+"));
    }

    @Test
    void refusesARateOfZero() {
        assertThatThrownBy(() -> LagBenchmark.run(new LagBenchmark.Options(Path.of("none.jar"), Bench.jvmOptions(null),
                null, "postgres", "", 0, Duration.ZERO, Duration.ZERO, Duration.ofSeconds(1), 1), System.out))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--rate");
    }
}
