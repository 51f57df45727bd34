package io.docvault.bench;

import io.docvault.proto.v1.DocumentCommandServiceGrpc;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * P5 on its own: a server on a fresh database, the store seeded to {@code events}, the live projection's
 * catch-up with them, then a rebuild of the read model from all of them.
 */
final class RebuildBenchmark {

    private RebuildBenchmark() {
    }

    static void run(Path serverJar, List<String> jvmOptions, String dbUrl, String dbUser, String dbPassword,
                    long events, PrintStream out) throws Exception {
        try (BenchDatabase database = BenchDatabase.open(dbUrl, dbUser, dbPassword)) {
            out.println("database: " + database.describe());
            Map<String, String> environment = new HashMap<>(database.serverEnvironment());
            environment.put("DOCVAULT_REDIS_URL", "");
            try (ServerProcess server = ServerProcess.start(serverJar, jvmOptions, environment)) {
                out.printf("server serving after %d ms, JVM options %s%n", server.startup().toMillis(), jvmOptions);
                long stored = ReadModelLoad.seed(DocumentCommandServiceGrpc.newBlockingStub(server.channel()),
                        database, events, out);
                Measurement catchUp = ReadModelLoad.catchUp(database, stored, out);
                double rebuild = ReadModelLoad.rebuild(server, database, out);
                out.println();
                out.println("| events stored | live projection catch-up (events/s) | rebuild (events/s) | target |");
                out.println("| ---: | ---: | ---: | --- |");
                out.printf("| %,d | %,.0f | %,.0f | ≥ 75,000 events/s |%n", stored, catchUp.throughput(), rebuild);
            }
        }
    }
}
