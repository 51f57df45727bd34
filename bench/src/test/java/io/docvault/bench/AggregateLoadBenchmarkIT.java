package io.docvault.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Smoke test of the harness only (tiny sizes, no timing asserted): it starts the server jar and prints its table. */
class AggregateLoadBenchmarkIT {

    @Test
    void printsATable() throws Exception {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        AggregateLoadBenchmark.run(Path.of(System.getProperty("docvault.bench.server-jar")), 3, 150, 5, 10, 0,
                new PrintStream(output, true, StandardCharsets.UTF_8));
        String table = output.toString(StandardCharsets.UTF_8);
        assertThat(table).contains("| 3 versions |", "| 150 versions |", "measured updates per document",
                "GetDocument(version = k)");
    }
}
