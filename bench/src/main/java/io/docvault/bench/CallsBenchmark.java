package io.docvault.bench;

import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.util.concurrent.MoreExecutors;
import com.google.protobuf.ByteString;
import io.docvault.proto.v1.CreateDocumentRequest;
import io.docvault.proto.v1.DocumentCommandServiceGrpc;
import io.docvault.proto.v1.DocumentCommandServiceGrpc.DocumentCommandServiceBlockingStub;
import io.docvault.proto.v1.DocumentCommandServiceGrpc.DocumentCommandServiceFutureStub;
import io.docvault.proto.v1.DocumentQueryServiceGrpc;
import io.docvault.proto.v1.DocumentQueryServiceGrpc.DocumentQueryServiceFutureStub;
import io.docvault.proto.v1.GetDocumentRequest;
import io.docvault.proto.v1.UpdateDocumentRequest;
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
 * One call on its own, to compare builds or settings in a few minutes: P2's cache hits, P3's reads of
 * the read model, or P1's updates. A server on a fresh database (with the Redis cache for P2's shape,
 * without it otherwise), one document per call in flight, a warm-up until the server's JIT is done, then
 * in one run the call's floor (grpc-java's AsyncServer for reads, {@code pgbench} INSERT+COMMIT at as many
 * clients for updates), the call, and the same call refused before it does anything (a malformed
 * document id): what the transport, the call threads and the interceptors cost without the work. Each
 * row has the server's CPU per call. With a second server jar ({@code --against}) both servers run, each
 * on a database of its own, and are measured in turns, window by window, so that the machine's drift
 * over minutes falls on both alike.
 */
final class CallsBenchmark {

    /** What is called. */
    enum Scenario {
        CACHE_HIT("GetDocument, cache hit"),
        READ_MODEL("GetDocument, read model (cache off)"),
        UPDATE("UpdateDocument, each caller its own document");

        private final String row;

        Scenario(String row) {
            this.row = row;
        }

        boolean cache() {
            return this == CACHE_HIT;
        }
    }

    /**
     * {@code newContent}: each update brings content of its own (else the same content again, which leaves the
     * content as it is: P1's shape); {@code against}: a second server jar measured in turns with the first,
     * window by window; or null.
     */
    record Options(Path serverJar, List<String> serverJvmOptions, String dbUrl, String dbUser, String dbPassword,
                   String redisUrl, Scenario scenario, int inFlight, int contentBytes, boolean newContent,
                   Duration serverWarmup,
                   Duration warmup, Duration window, int repetitions, Path against) {
    }

    /** One server under test: its process, database and the two calls measured on it. */
    private record Subject(String name, BenchDatabase database, ServerProcess server, List<String> documents,
                           Load.Call call, Load.Call refused, List<Measurement> calls, List<Measurement> refusals)
            implements AutoCloseable {
        @Override
        public void close() throws Exception {
            try (database) {
                server.close();
            }
        }
    }

    private CallsBenchmark() {
    }

    static void run(Options options, PrintStream out) throws Exception {
        if (options.inFlight() < 1) {
            throw new IllegalArgumentException("--in-flight must be 1 or more, got " + options.inFlight());
        }
        if (options.scenario().cache() && (options.redisUrl() == null || options.redisUrl().isBlank())) {
            throw new IllegalArgumentException("--cache yes needs DOCVAULT_REDIS_URL");
        }
        List<Path> jars = options.against() == null ? List.of(options.serverJar())
                : List.of(options.serverJar(), options.against());
        List<Subject> subjects = new ArrayList<>();
        try {
            for (Path jar : jars) {
                subjects.add(start(jar, options, out));
            }
            Measurement floor = floor(subjects.get(0), options, out);

            // Window by window, the servers taking turns: a machine whose speed drifts over minutes
            // then drifts under each of them alike.
            for (int r = 0; r < options.repetitions(); r++) {
                for (Subject subject : subjects) {
                    Load window = new Load(options.inFlight(), options.warmup(), options.window(), 1)
                            .measuringCpuOf(subject.server().pid());
                    subject.calls().addAll(window.run(subject.call()));
                    if (options.scenario() == Scenario.UPDATE) {
                        // The projection's backlog is this server's work: it must not run in the next one's window.
                        ProjectionLag.waitForReadModel(subject.server(), subject.documents());
                    }
                    subject.refusals().addAll(window.run(subject.refused()));
                }
            }
            out.println();
            out.printf("| %d in flight, %d B content%s | calls/s | of the floor | p50 (µs) | p99 (µs) | p99.9 (µs)"
                    + " | server CPU/call (µs) |%n", options.inFlight(), options.contentBytes(),
                    options.scenario() == Scenario.UPDATE ? (options.newContent() ? ", new each update" : ", kept") : "");
            out.println("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
            row(out, floorName(options), floor, floor);
            String call = options.scenario() == Scenario.UPDATE ? "UpdateDocument" : "GetDocument";
            for (Subject subject : subjects) {
                String of = subjects.size() > 1 ? ", " + subject.name() : "";
                row(out, options.scenario().row + of + " (repetitions " + Measurement.describe(subject.calls()) + ")",
                        Measurement.median(subject.calls()), floor);
                row(out, call + " refused before its work" + of + " (repetitions "
                        + Measurement.describe(subject.refusals()) + ")", Measurement.median(subject.refusals()), floor);
            }
            if (options.scenario().cache()) {
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

    /** Rows in the floor table for the PK SELECT floor: about what 8 s of the INSERT floor leave. */
    private static final long FLOOR_ROWS = 100_000;

    /**
     * Cache hits are held against grpc-java's own server (P2's floor), reads of the read model against
     * PostgreSQL's primary-key SELECT (P3's), updates against its INSERT+COMMIT (P1's).
     */
    private static Measurement floor(Subject first, Options options, PrintStream out) throws Exception {
        Floors floors = new Floors(options.serverWarmup(), options.warmup(), options.window(), options.repetitions(), out);
        if (options.scenario() == Scenario.UPDATE) {
            // P1's floor as service-vs-floors measures it: rows of 2 KiB, whatever --content-bytes is.
            return floors.insertCommit(first.database(), options.inFlight(), ServiceVsFloorsBenchmark.INSERT_PAYLOAD_BYTES)
                    .orElseThrow(() -> new IllegalStateException("updates are measured against pgbench, not on the PATH"));
        }
        if (options.scenario() == Scenario.READ_MODEL) {
            // P3's floor as service-vs-floors measures it: a primary-key SELECT of one 2 KiB row at as many
            // clients, over rows the INSERT floor would have left.
            first.database().fillFloorTable(FLOOR_ROWS, ServiceVsFloorsBenchmark.INSERT_PAYLOAD_BYTES);
            return floors.primaryKeySelect(first.database(), options.inFlight())
                    .orElseThrow(() -> new IllegalStateException("reads of the read model are measured against pgbench, not on the PATH"));
        }
        int requestBytes = GetDocumentRequest.newBuilder().setDocumentId(UUID.randomUUID().toString()).build()
                .getSerializedSize();
        int responseBytes = DocumentQueryServiceGrpc.newBlockingStub(first.server().channel())
                .getDocument(GetDocumentRequest.newBuilder().setDocumentId(first.documents().get(0)).build())
                .getSerializedSize();
        return floors.grpc(options.inFlight(), requestBytes, responseBytes);
    }

    private static String floorName(Options options) {
        return switch (options.scenario()) {
            case UPDATE -> "floor: pgbench INSERT+COMMIT, " + options.inFlight() + " clients";
            case READ_MODEL -> "floor: pgbench PK SELECT, " + options.inFlight() + " clients";
            case CACHE_HIT -> "floor: grpc-java AsyncServer/AsyncClient";
        };
    }

    private static Subject start(Path jar, Options options, PrintStream out) throws Exception {
        BenchDatabase database = BenchDatabase.open(options.dbUrl(), options.dbUser(), options.dbPassword());
        try {
            out.println("database: " + database.describe());
            Map<String, String> environment = new HashMap<>(database.serverEnvironment());
            environment.put("DOCVAULT_REDIS_URL", options.scenario().cache() ? options.redisUrl() : "");
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
                options.scenario().cache() ? "Redis cache" : "cache off", server.startup().toMillis(),
                options.serverJvmOptions());
        DocumentCommandServiceBlockingStub commands = DocumentCommandServiceGrpc.newBlockingStub(server.channel());
        ByteString content = ByteString.copyFromUtf8("x".repeat(options.contentBytes()));
        List<String> documents = new ArrayList<>();
        for (int i = 0; i < options.inFlight(); i++) {
            documents.add(commands.createDocument(CreateDocumentRequest.newBuilder().setTitle("calls " + i)
                    .setContent(content).setContentType("text/plain").setAuthor("bench").build()).getDocumentId());
        }
        ProjectionLag.waitForReadModel(server, documents);
        Load.Call call;
        Load.Call refused;
        if (options.scenario() == Scenario.UPDATE) {
            // P1's call: each caller updates its own document, durable commit before the ack.
            DocumentCommandServiceFutureStub asyncCommands = DocumentCommandServiceGrpc.newFutureStub(server.channel());
            call = (caller, n) -> asyncCommands.updateDocument(UpdateDocumentRequest.newBuilder()
                    .setDocumentId(documents.get(caller)).setTitle("update " + n)
                    .setContent(options.newContent() ? newContent(caller, n, options.contentBytes()) : content).build());
            refused = (caller, n) -> refusedAsInvalid(asyncCommands.updateDocument(UpdateDocumentRequest.newBuilder()
                    .setDocumentId("not-a-uuid").setTitle("refused").build()));
        } else {
            DocumentQueryServiceFutureStub queries = DocumentQueryServiceGrpc.newFutureStub(server.channel());
            call = (caller, n) -> queries.getDocument(GetDocumentRequest.newBuilder()
                    .setDocumentId(documents.get((int) (n % documents.size()))).build());
            refused = (caller, n) -> refusedAsInvalid(queries.getDocument(GetDocumentRequest.newBuilder()
                    .setDocumentId("not-a-uuid").build()));
        }
        out.printf("warming %s up (%s, %d in flight) until its JIT is done, at most %s%n", jar.getFileName(),
                options.scenario().row, options.inFlight(), options.serverWarmup());
        ServerWarmup.run(new Load(options.inFlight(), options.warmup(), options.window(), options.repetitions()),
                server.pid(), List.of(new ServerWarmup.Turn(options.scenario().row, call),
                        new ServerWarmup.Turn("refused call", refused)), options.serverWarmup(), out);
        if (options.scenario() == Scenario.UPDATE) {
            ProjectionLag.waitForReadModel(server, documents);
        }
        return new Subject(jar.toString(), database, server, documents, call, refused,
                new ArrayList<>(), new ArrayList<>());
    }

    /** Content no other update brought: the caller and call number, padded to {@code bytes}. */
    private static ByteString newContent(int caller, long n, int bytes) {
        String head = caller + "/" + n + " ";
        return ByteString.copyFromUtf8(head + "x".repeat(Math.max(0, bytes - head.length())));
    }

    /** Refused by the request checks, before any work: the call counts as done when it is refused. */
    private static ListenableFuture<?> refusedAsInvalid(ListenableFuture<?> call) {
        return Futures.catching(call, StatusRuntimeException.class, e -> {
            if (e.getStatus().getCode() != Status.Code.INVALID_ARGUMENT) {
                throw e;
            }
            return null;
        }, MoreExecutors.directExecutor());
    }

    private static void row(PrintStream out, String name, Measurement m, Measurement floor) {
        out.printf("| %s | %,.0f | %.2f | %s | %s | %s | %s |%n", name, m.throughput(), m.throughput() / floor.throughput(),
                Measurement.cell(m.p50()), Measurement.cell(m.p99()), Measurement.cell(m.p999()),
                Measurement.cell(m.serverCpuPerCall()));
    }
}
