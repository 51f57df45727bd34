package io.docvault.bench;

import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.MoreExecutors;
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

/**
 * P2 or P3 on their own, to compare builds or settings in a few minutes: a server on a fresh database
 * (with the Redis cache for P2's shape, without it for P3's), as many documents as calls in flight,
 * a warm-up until the server's JIT is done, then in one run grpc-java's AsyncServer floor, the reads,
 * and a call the server refuses before it reads anything (a malformed document id): what the
 * transport, the call threads and the interceptors cost without the read. Each row has the server's
 * CPU per call. With a second server jar ({@code --against}) both servers run, each on a database of
 * its own, and are measured in turns, window by window, so that the machine's drift over minutes
 * falls on both alike.
 */
final class ReadsBenchmark {

    /** {@code against}: a second server jar measured in turns with the first, window by window; or null. */
    record Options(Path serverJar, List<String> serverJvmOptions, String dbUrl, String dbUser, String dbPassword,
                   String redisUrl, boolean cache, int inFlight, int contentBytes, Duration serverWarmup,
                   Duration warmup, Duration window, int repetitions, Path against) {
    }

    /** One server under test: its process, database and the two calls measured on it. */
    private record Subject(String name, BenchDatabase database, ServerProcess server, List<String> documents,
                           Load.Call read, Load.Call refused, List<Measurement> reads, List<Measurement> refusals)
            implements AutoCloseable {
        @Override
        public void close() throws Exception {
            try (database) {
                server.close();
            }
        }
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
        List<Path> jars = options.against() == null ? List.of(options.serverJar())
                : List.of(options.serverJar(), options.against());
        List<Subject> subjects = new ArrayList<>();
        try {
            for (Path jar : jars) {
                subjects.add(start(jar, options, out));
            }
            Subject first = subjects.get(0);
            Floors floors = new Floors(options.serverWarmup(), options.warmup(), options.window(), options.repetitions(), out);
            int requestBytes = GetDocumentRequest.newBuilder().setDocumentId(UUID.randomUUID().toString()).build()
                    .getSerializedSize();
            int responseBytes = DocumentQueryServiceGrpc.newBlockingStub(first.server().channel())
                    .getDocument(GetDocumentRequest.newBuilder().setDocumentId(first.documents().get(0)).build())
                    .getSerializedSize();
            Measurement floor = floors.grpc(options.inFlight(), requestBytes, responseBytes);

            // Window by window, the servers taking turns: a machine whose speed drifts over minutes
            // then drifts under each of them alike.
            for (int r = 0; r < options.repetitions(); r++) {
                for (Subject subject : subjects) {
                    Load window = new Load(options.inFlight(), options.warmup(), options.window(), 1)
                            .measuringCpuOf(subject.server().pid());
                    subject.reads().addAll(window.run(subject.read()));
                    subject.refusals().addAll(window.run(subject.refused()));
                }
            }
            out.println();
            out.printf("| %d in flight, %d B content | calls/s | of the gRPC floor | p50 (µs) | p99 (µs) | p99.9 (µs)"
                    + " | server CPU/call (µs) |%n", options.inFlight(), options.contentBytes());
            out.println("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
            row(out, "floor: grpc-java AsyncServer/AsyncClient", floor, floor);
            for (Subject subject : subjects) {
                String of = subjects.size() > 1 ? ", " + subject.name() : "";
                row(out, "GetDocument, " + (options.cache() ? "cache hit" : "read model (cache off)") + of
                        + " (repetitions " + Measurement.describe(subject.reads()) + ")",
                        Measurement.median(subject.reads()), floor);
                row(out, "GetDocument refused before the read" + of + " (repetitions "
                        + Measurement.describe(subject.refusals()) + ")", Measurement.median(subject.refusals()), floor);
            }
            if (options.cache()) {
                out.println();
                for (Subject subject : subjects) {
                    out.printf("cache circuit breaker opened %d times in %s (reads then bypassed Redis)%n",
                            subject.server().logLinesContaining("to OPEN"), subject.name());
                }
            }
        } finally {
            for (Subject subject : subjects) {
                subject.close();
            }
        }
    }

    private static Subject start(Path jar, Options options, PrintStream out) throws Exception {
        BenchDatabase database = BenchDatabase.open(options.dbUrl(), options.dbUser(), options.dbPassword());
        try {
            out.println("database: " + database.describe());
            Map<String, String> environment = new HashMap<>(database.serverEnvironment());
            environment.put("DOCVAULT_REDIS_URL", options.cache() ? options.redisUrl() : "");
            ServerProcess server = ServerProcess.start(jar, options.serverJvmOptions(), environment);
            try {
                return seedAndWarm(jar, database, server, options, out);
            } catch (Exception e) {
                server.close();
                throw e;
            }
        } catch (Exception e) {
            database.close();
            throw e;
        }
    }

    private static Subject seedAndWarm(Path jar, BenchDatabase database, ServerProcess server, Options options,
                                       PrintStream out) throws Exception {
        out.printf("server %s (%s) serving after %d ms, JVM options %s%n", jar.getFileName(),
                options.cache() ? "Redis cache" : "cache off", server.startup().toMillis(), options.serverJvmOptions());
        DocumentCommandServiceBlockingStub commands = DocumentCommandServiceGrpc.newBlockingStub(server.channel());
        DocumentQueryServiceFutureStub queries = DocumentQueryServiceGrpc.newFutureStub(server.channel());
        ByteString content = ByteString.copyFromUtf8("x".repeat(options.contentBytes()));
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
        out.printf("warming %s up (reads, %d in flight) until its JIT is done, at most %s%n", jar.getFileName(),
                options.inFlight(), options.serverWarmup());
        ServerWarmup.run(new Load(options.inFlight(), options.warmup(), options.window(), options.repetitions()),
                server.pid(), List.of(new ServerWarmup.Turn("GetDocument", read),
                        new ServerWarmup.Turn("GetDocument refused", refused)), options.serverWarmup(), out);
        return new Subject(jar.toString(), database, server, documents, read, refused,
                new ArrayList<>(), new ArrayList<>());
    }

    private static void row(PrintStream out, String name, Measurement m, Measurement floor) {
        out.printf("| %s | %,.0f | %.2f | %s | %s | %s | %s |%n", name, m.throughput(), m.throughput() / floor.throughput(),
                Measurement.cell(m.p50()), Measurement.cell(m.p99()), Measurement.cell(m.p999()),
                Measurement.cell(m.serverCpuPerCall()));
    }
}
