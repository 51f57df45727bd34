package io.docvault.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Smoke test of the harness only (tiny durations and sizes, no timing asserted): floors whose tools
 * are missing are skipped, and without a Redis URL so are the Redis floor and P2.
 */
class ServiceVsFloorsBenchmarkIT {

    @Test
    void printsOneTableOfFloorsAndScenarios() throws Exception {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        ServiceVsFloorsBenchmark.run(new ServiceVsFloorsBenchmark.Options(
                Path.of(System.getProperty("docvault.bench.server-jar")), Bench.jvmOptions(null),
                System.getenv("DOCVAULT_TEST_DB_URL"), "postgres", "", null,
                Duration.ofMillis(400), Duration.ofMillis(200), Duration.ofMillis(500), 1, 20, 300, 64, null, 1, true),
                new PrintStream(output, true, StandardCharsets.UTF_8));
        String table = output.toString(StandardCharsets.UTF_8);
        assertThat(table).contains("| scenario | throughput |", "floor: grpc-java AsyncServer/AsyncClient",
                "| P1 UpdateDocument", "| P3 GetDocument", "| P4 projection lag", "| P5 read-model rebuild",
                "| P6 GetDocument(version=k)", "| P7 UpdateDocument", "| P8 server RSS", "| P8 cold start",
                "P2 GetDocument, cache hit: skipped (no Redis URL)",
                // The warm-up until the server's JIT is done, cut short by its limit here.
                "warm-up 0.", ": UpdateDocument ", "server warm-up stopped at its limit");
        // P4's parts in the server come from its /metrics histograms, scraped around each window.
        assertThat(table).contains("| P4 in the server: UpdateDocument call |",
                "| P4 in the server: event's timestamp (its command ran) → its version committed in the read model",
                "| P4 in the server: GetDocument(min_version) call");
        // With pgbench installed, P3's ceiling from its two floors follows the table.
        if (table.contains("| floor: pgbench PK SELECT")) {
            assertThat(table).containsPattern("ceilings from the floors .*\n  P3: a gRPC call and a PK SELECT each, "
                    + "[0-9,]+/s: [0-9.]+ of the PK SELECT floor \\(target 0.40; measured [0-9.]+, [0-9]+% of this ceiling\\)");
        }
        // The server's CPU per call, from /proc, is the sixth column of the service's rows.
        String p1 = table.lines().filter(line -> line.startsWith("| P1 UpdateDocument")).findFirst().orElseThrow();
        assertThat(p1.split("\\|")[6].trim().replace(",", "")).as("server CPU µs per update in " + p1)
                .matches("[0-9]+").isNotEqualTo("0");
    }
}
