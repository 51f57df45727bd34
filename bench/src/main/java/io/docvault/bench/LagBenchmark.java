package io.docvault.bench;

import io.docvault.proto.v1.CreateDocumentRequest;
import io.docvault.proto.v1.DocumentCommandServiceGrpc;
import io.docvault.proto.v1.DocumentCommandServiceGrpc.DocumentCommandServiceBlockingStub;
import io.docvault.proto.v1.DocumentCommandServiceGrpc.DocumentCommandServiceFutureStub;
import io.docvault.proto.v1.DocumentQueryServiceGrpc;
import io.docvault.proto.v1.DocumentQueryServiceGrpc.DocumentQueryServiceFutureStub;
import io.docvault.proto.v1.GetDocumentRequest;
import io.docvault.proto.v1.UpdateDocumentRequest;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * P4 on its own, to compare builds or settings at one rate in a few minutes: a server (cache off) on a
 * fresh database, 16 documents, a closed-loop warm-up until the server's JIT is done, a warm-up at the
 * rate, then the measured windows, with where the server spent the lag and its CPU per update.
 */
final class LagBenchmark {

    private static final int DOCUMENTS = 16;

    record Options(Path serverJar, List<String> serverJvmOptions, String dbUrl, String dbUser, String dbPassword,
                   double rate, Duration serverWarmup, Duration warmup, Duration window, int repetitions) {
    }

    private LagBenchmark() {
    }

    static void run(Options options, PrintStream out) throws Exception {
        if (options.rate() <= 0) {
            throw new IllegalArgumentException("--rate must be above 0 updates/s, got " + options.rate());
        }
        try (BenchDatabase database = BenchDatabase.open(options.dbUrl(), options.dbUser(), options.dbPassword())) {
            out.println("database: " + database.describe());
            Map<String, String> environment = new HashMap<>(database.serverEnvironment());
            environment.put("DOCVAULT_REDIS_URL", "");
            try (ServerProcess server = ServerProcess.start(options.serverJar(), options.serverJvmOptions(), environment)) {
                out.printf("server serving after %d ms, JVM options %s%n", server.startup().toMillis(),
                        options.serverJvmOptions());
                DocumentCommandServiceBlockingStub commands = DocumentCommandServiceGrpc.newBlockingStub(server.channel());
                List<String> documents = new ArrayList<>();
                for (int i = 0; i < DOCUMENTS; i++) {
                    documents.add(commands.createDocument(CreateDocumentRequest.newBuilder().setTitle("lag " + i)
                            .setContentType("text/plain").setAuthor("bench").build()).getDocumentId());
                }
                DocumentCommandServiceFutureStub asyncCommands = DocumentCommandServiceGrpc.newFutureStub(server.channel());
                DocumentQueryServiceFutureStub asyncQueries = DocumentQueryServiceGrpc.newFutureStub(server.channel());
                out.printf("warming the server up (updates and reads, %d callers) until its JIT is done, at most %s%n",
                        DOCUMENTS, options.serverWarmup());
                Load.Call update = (caller, n) -> asyncCommands.updateDocument(UpdateDocumentRequest.newBuilder()
                        .setDocumentId(documents.get(caller)).setTitle("warm-up " + n).build());
                Load.Call read = (caller, n) -> asyncQueries.getDocument(GetDocumentRequest.newBuilder()
                        .setDocumentId(documents.get(caller)).build());
                ServerWarmup.run(new Load(DOCUMENTS, Duration.ZERO, Duration.ZERO, 0), server.pid(),
                        ServerWarmup.updatesAndReads(update, read), options.serverWarmup(), out);
                // The closed loop outran the projection: its backlog first, or the rate's first seconds
                // wait for it, fill the call threads and queue, and are refused.
                ProjectionLag.waitForReadModel(server, documents);
                out.printf("warming up at %.0f updates/s for %s, then %d windows of %s%n", options.rate(),
                        options.warmup(), options.repetitions(), options.window());
                RssSampler rss = new RssSampler(server.pid());
                ProjectionLag.Result lag;
                try (rss) {
                    lag = ProjectionLag.measure(server, asyncCommands, asyncQueries, documents, options.rate(),
                            options.warmup(), options.window(), options.repetitions());
                }
                out.println();
                out.println("| P4 at " + String.format("%,.0f", options.rate())
                        + " updates/s | per second | p50 (µs) | p99 (µs) | p99.9 (µs) | server CPU/update (µs) |");
                out.println("| --- | ---: | ---: | ---: | ---: | ---: |");
                row(out, "lag: acknowledgement → visible (the caller)", lag.client());
                lag.inServer().forEach((part, measured) -> row(out, "in the server: " + part, measured));
                if (lag.inServer().isEmpty()) {
                    out.println("the server's /metrics did not answer: the lag's parts in the server are not measured");
                }
                out.printf("%nupdates or their reads that failed in the windows (no lag recorded): %,d%n", lag.failed());
                out.printf("server RSS: max %,d MB%n", rss.maxKb() / 1024);
            }
        }
    }

    private static void row(PrintStream out, String name, Measurement m) {
        out.printf("| %s | %,.0f | %s | %s | %s | %s |%n", name, m.throughput(), Measurement.cell(m.p50()),
                Measurement.cell(m.p99()), Measurement.cell(m.p999()), Measurement.cell(m.serverCpuPerCall()));
    }
}
