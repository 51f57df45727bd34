package io.docvault.bench;

import com.google.protobuf.ByteString;
import io.docvault.proto.v1.CreateDocumentRequest;
import io.docvault.proto.v1.DocumentCommandServiceGrpc;
import io.docvault.proto.v1.DocumentCommandServiceGrpc.DocumentCommandServiceBlockingStub;
import io.docvault.proto.v1.DocumentQueryServiceGrpc;
import io.docvault.proto.v1.DocumentQueryServiceGrpc.DocumentQueryServiceFutureStub;
import io.docvault.proto.v1.GetDocumentRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.MoreExecutors;

/**
 * P2 or P3 on their own, to compare builds or settings in a few minutes: a server on a fresh database
 * (with the Redis cache for P2's shape, without it for P3's), as many documents as calls in flight,
 * a warm-up until the server's JIT is done, then in one run grpc-java's AsyncServer floor, the reads,
 * and a call the server refuses before it reads anything (a malformed document id): what the
 * transport, the call threads and the interceptors cost without the read. Each row has the server's
 * CPU per call.
 */
final class ReadsBenchmark {

    record Options(Path serverJar, List<String> serverJvmOptions, String dbUrl, String dbUser, String dbPassword,
                   String redisUrl, boolean cache, int inFlight, int contentBytes, Duration serverWarmup,
                   Duration warmup, Duration window, int repetitions) {
    }

    private ReadsBenchmark() {
    }

    static void run(Options options, PrintStream out) throws Exception {
        if (options.inFlight() < 1) {
            throw new IllegalArgumentException("--in-flight must be 1 or more, got " + options.inFlight());
        }
        if (options.cache() && (options.redisUrl() == null || options.redisUrl().isBlank())) {
            throw new IllegalArgumentException("--cache yes needs DOCVAULT_REDIS_URL");
        }
        Load load = new Load(options.inFlight(), options.warmup(), options.window(), options.repetitions());
        ByteString content = ByteString.copyFromUtf8("x".repeat(options.contentBytes()));
        try (BenchDatabase database = BenchDatabase.open(options.dbUrl(), options.dbUser(), options.dbPassword())) {
            out.println("database: " + database.describe());
            Map<String, String> environment = new HashMap<>(database.serverEnvironment());
            environment.put("DOCVAULT_REDIS_URL", options.cache() ? options.redisUrl() : "");
            try (ServerProcess server = ServerProcess.start(options.serverJar(), options.serverJvmOptions(), environment)) {
                out.printf("server (%s) serving after %d ms, JVM options %s%n",
                        options.cache() ? "Redis cache" : "cache off", server.startup().toMillis(), options.serverJvmOptions());
                DocumentCommandServiceBlockingStub commands = DocumentCommandServiceGrpc.newBlockingStub(server.channel());
                DocumentQueryServiceFutureStub queries = DocumentQueryServiceGrpc.newFutureStub(server.channel());
                List<String> documents = new ArrayList<>();
                for (int i = 0; i < options.inFlight(); i++) {
                    documents.add(commands.createDocument(CreateDocumentRequest.newBuilder().setTitle("reads " + i)
                            .setContent(content).setContentType("text/plain").setAuthor("bench").build()).getDocumentId());
                }
                ProjectionLag.waitForReadModel(server, documents);
                Load.Call read = (caller, n) -> queries.getDocument(GetDocumentRequest.newBuilder()
                        .setDocumentId(documents.get((int) (n % documents.size()))).build());
                // Refused by the request checks, before the read: the call counts as done when it is refused.
                Load.Call refused = (caller, n) -> Futures.catching(queries.getDocument(GetDocumentRequest.newBuilder()
                                .setDocumentId("not-a-uuid").build()), StatusRuntimeException.class,
                        e -> {
                            if (e.getStatus().getCode() != Status.Code.INVALID_ARGUMENT) {
                                throw e;
                            }
                            return null;
                        }, MoreExecutors.directExecutor());
                out.printf("warming the server up (reads, %d in flight) until its JIT is done, at most %s%n",
                        options.inFlight(), options.serverWarmup());
                ServerWarmup.run(load, server.pid(), List.of(new ServerWarmup.Turn("GetDocument", read),
                        new ServerWarmup.Turn("GetDocument refused", refused)), options.serverWarmup(), out);

                Floors floors = new Floors(options.warmup(), options.window(), options.repetitions(), out);
                int requestBytes = GetDocumentRequest.newBuilder().setDocumentId(UUID.randomUUID().toString()).build()
                        .getSerializedSize();
                int responseBytes = DocumentQueryServiceGrpc.newBlockingStub(server.channel())
                        .getDocument(GetDocumentRequest.newBuilder().setDocumentId(documents.get(0)).build())
                        .getSerializedSize();
                Measurement floor = floors.grpc(options.inFlight(), requestBytes, responseBytes);

                Load measured = load.measuringCpuOf(server.pid());
                List<Measurement> reads = measured.run(read);
                List<Measurement> refusals = measured.run(refused);
                out.println();
                out.printf("| %d in flight, %d B content | calls/s | of the gRPC floor | p50 (µs) | p99 (µs) | p99.9 (µs)"
                        + " | server CPU/call (µs) |%n", options.inFlight(), options.contentBytes());
                out.println("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
                row(out, "floor: grpc-java AsyncServer/AsyncClient", floor, floor);
                row(out, "GetDocument, " + (options.cache() ? "cache hit" : "read model (cache off)")
                        + " (repetitions " + Measurement.describe(reads) + ")", Measurement.median(reads), floor);
                row(out, "GetDocument refused before the read (repetitions " + Measurement.describe(refusals) + ")",
                        Measurement.median(refusals), floor);
                if (options.cache()) {
                    out.printf("%ncache circuit breaker opened %d times (reads then bypassed Redis)%n",
                            server.logLinesContaining("to OPEN"));
                }
            }
        }
    }

    private static void row(PrintStream out, String name, Measurement m, Measurement floor) {
        out.printf("| %s | %,.0f | %.2f | %s | %s | %s | %s |%n", name, m.throughput(), m.throughput() / floor.throughput(),
                Measurement.cell(m.p50()), Measurement.cell(m.p99()), Measurement.cell(m.p999()),
                Measurement.cell(m.serverCpuPerCall()));
    }
}
