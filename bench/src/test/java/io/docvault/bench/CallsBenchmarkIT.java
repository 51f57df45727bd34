package io.docvault.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Smoke runs of one call on its own, the reads from the read model (no Redis is needed) and the updates,
 * each beside its pgbench floor: four documents, tiny windows; no timing asserted, only that every row
 * is measured.
 */
class CallsBenchmarkIT {

    @Test
    void printsTheReadsBesideTheFloorAndARefusedCall() throws Exception {
        assumeTrue(new Floors(Duration.ZERO, Duration.ZERO, Duration.ZERO, 1, System.out).available("pgbench"),
                "reads of the read model are measured against pgbench's primary-key SELECT");
        String table = run(CallsBenchmark.Scenario.READ_MODEL);
        assertThat(table).contains("(cache off) serving after", "| 4 in flight, 256 B content |",
                "server warm-up stopped at its limit");
        assertMeasured(table, "| GetDocument", "| floor: pgbench PK SELECT, 4 clients",
                "| GetDocument, read model (cache off)", "| GetDocument refused before its work");
    }

    @Test
    void printsTheUpdatesBesideTheInsertFloorAndARefusedCall() throws Exception {
        assumeTrue(new Floors(Duration.ZERO, Duration.ZERO, Duration.ZERO, 1, System.out).available("pgbench"),
                "updates are measured against pgbench's INSERT+COMMIT");
        String table = run(CallsBenchmark.Scenario.UPDATE);
        assertThat(table).contains("| 4 in flight, 256 B content, new each update |");
        assertMeasured(table, "| UpdateDocument", "| floor: pgbench INSERT+COMMIT, 4 clients",
                "| UpdateDocument, each caller its own document", "| UpdateDocument refused before its work");
    }

    /** Each of the rows has a rate above zero, and each row of the call ({@code call}) the server's CPU per call. */
    private static void assertMeasured(String table, String call, String... rows) {
        assertThat(table.lines().filter(line -> Arrays.stream(rows).anyMatch(line::startsWith)))
                .hasSize(rows.length)
                .allSatisfy(line -> assertThat(line.split("\\|")[2].trim()).as(line).matches("[1-9][0-9,]*"));
        assertThat(table.lines().filter(line -> line.startsWith(call)))
                .allSatisfy(line -> assertThat(line.split("\\|")[7].trim()).as(line).matches("[0-9,]+"));
    }

    private static String run(CallsBenchmark.Scenario scenario) throws Exception {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        CallsBenchmark.run(new CallsBenchmark.Options(Path.of(System.getProperty("docvault.bench.server-jar")),
                Bench.jvmOptions(null), System.getenv("DOCVAULT_TEST_DB_URL"), "postgres", "", null, scenario, 4, 256, true,
                Duration.ofMillis(300), Duration.ofMillis(200), Duration.ofMillis(500), 1, null),
                new PrintStream(output, true, StandardCharsets.UTF_8));
        return output.toString(StandardCharsets.UTF_8);
    }

    @Test
    void refusesTheCacheWithoutARedisUrl() {
        assertThatThrownBy(() -> CallsBenchmark.run(new CallsBenchmark.Options(Path.of("none.jar"),
                Bench.jvmOptions(null), null, "postgres", "", " ", CallsBenchmark.Scenario.CACHE_HIT, 64, 1024, false, Duration.ZERO, Duration.ZERO,
                Duration.ofSeconds(1), 1, null), System.out))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("DOCVAULT_REDIS_URL");
    }
}
