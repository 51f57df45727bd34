package io.docvault.bench;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import io.docvault.proto.v1.CreateDocumentRequest;
import io.docvault.proto.v1.Document;
import io.docvault.proto.v1.DocumentCommandServiceGrpc;
import io.docvault.proto.v1.DocumentCommandServiceGrpc.DocumentCommandServiceBlockingStub;
import io.docvault.proto.v1.DocumentCommandServiceGrpc.DocumentCommandServiceFutureStub;
import io.docvault.proto.v1.DocumentQueryServiceGrpc;
import io.docvault.proto.v1.DocumentQueryServiceGrpc.DocumentQueryServiceBlockingStub;
import io.docvault.proto.v1.DocumentQueryServiceGrpc.DocumentQueryServiceFutureStub;
import io.docvault.proto.v1.DocumentStatus;
import io.docvault.proto.v1.GetDocumentRequest;
import io.docvault.proto.v1.UpdateDocumentRequest;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * Issue 6 in one run: first the floors of this machine (PostgreSQL INSERT+COMMIT at 1/4/16 clients
 * and primary-key SELECT through pgbench, Redis GET through redis-benchmark, grpc-java's
 * AsyncServer/AsyncClient), then the service scenarios P1-P8 against the server jar on the same
 * PostgreSQL, and one table of throughput, latency percentiles, ratio to the floor and the target.
 */
final class ServiceVsFloorsBenchmark {

    /** What to run; sizes of the long seeding scenarios are options because the full ones take hours. */
    record Options(Path serverJar, List<String> serverJvmOptions, String dbUrl, String dbUser, String dbPassword, String redisUrl,
                   Duration serverWarmup, Duration warmup, Duration window, int repetitions, int historyVersions,
                   long storedEvents, int contentBytes, Path serverCds, int coldStarts, boolean rebuild,
                   double lagRate) {

        /** P4 at half of P1's rate, the target's definition. */
        Options(Path serverJar, List<String> serverJvmOptions, String dbUrl, String dbUser, String dbPassword,
                String redisUrl, Duration serverWarmup, Duration warmup, Duration window, int repetitions,
                int historyVersions, long storedEvents, int contentBytes, Path serverCds, int coldStarts,
                boolean rebuild) {
            this(serverJar, serverJvmOptions, dbUrl, dbUser, dbPassword, redisUrl, serverWarmup, warmup, window,
                    repetitions, historyVersions, storedEvents, contentBytes, serverCds, coldStarts, rebuild, 0);
        }
    }

    /** One row of the table; NaN and null cells print as "–". */
    private record Row(String scenario, Measurement measured, String unit, String floor, double ratio,
                       String target, Boolean met) {
    }

    private static final int P1_CLIENTS = 16;
    private static final int P2_IN_FLIGHT = 64;
    private static final int P3_IN_FLIGHT = 16;
    static final int INSERT_PAYLOAD_BYTES = 2048;

    private final Options options;
    private final PrintStream out;
    private final List<Row> rows = new ArrayList<>();
    private final List<String> ceilings = new ArrayList<>();
    private final ByteString content;

    private ServiceVsFloorsBenchmark(Options options, PrintStream out) {
        this.options = options;
        this.out = out;
        this.content = ByteString.copyFromUtf8("x".repeat(options.contentBytes()));
    }

    static void run(Options options, PrintStream out) throws Exception {
        // Checked before a run that may take hours, not when its last step needs them.
        if (options.coldStarts() < 0) {
            throw new IllegalArgumentException("--cold-starts must be 0 or more, got " + options.coldStarts());
        }
        StartupBenchmark.launches(options.serverJar(), options.serverCds(), options.serverJvmOptions());
        new ServiceVsFloorsBenchmark(options, out).run();
    }

    private void run() throws Exception {
        out.printf("server warm-up %s, warm-up %s, window %s, %d repetitions (medians), content %d bytes,"
                        + " history %d versions, stored events %d%n", options.serverWarmup(), options.warmup(), options.window(), options.repetitions(),
                options.contentBytes(), options.historyVersions(), options.storedEvents());
        Floors floors = new Floors(options.serverWarmup(), options.warmup(), options.window(), options.repetitions(), out);
        Load load = new Load(1, options.warmup(), options.window(), options.repetitions());
        try (BenchDatabase database = BenchDatabase.open(options.dbUrl(), options.dbUser(), options.dbPassword())) {
            out.println("database: " + database.describe());

            out.println("floors:");
            Map<Integer, Optional<Measurement>> inserts = new HashMap<>();
            for (int clients : new int[] {1, 4, 16}) {
                inserts.put(clients, floors.insertCommit(database, clients, INSERT_PAYLOAD_BYTES));
                inserts.get(clients).ifPresent(m -> rows.add(new Row("floor: pgbench INSERT+COMMIT, " + clients
                        + " client" + (clients > 1 ? "s" : ""), m, "tx/s", null, Double.NaN, null, null)));
            }
            Optional<Measurement> select = floors.primaryKeySelect(database, P3_IN_FLIGHT);
            select.ifPresent(m -> rows.add(new Row("floor: pgbench PK SELECT, " + P3_IN_FLIGHT + " clients", m,
                    "tx/s", null, Double.NaN, null, null)));
            int responseBytes = sampleDocument().getSerializedSize();
            int requestBytes = GetDocumentRequest.newBuilder().setDocumentId(UUID.randomUUID().toString()).build()
                    .getSerializedSize();
            Optional<Measurement> redis = floors.redisGet(options.redisUrl(), P2_IN_FLIGHT, responseBytes);
            redis.ifPresent(m -> rows.add(new Row("floor: redis-benchmark GET, " + P2_IN_FLIGHT + " clients, "
                    + responseBytes + " B", m, "ops/s", null, Double.NaN, null, null)));
            Measurement grpc = floors.grpc(P2_IN_FLIGHT, requestBytes, responseBytes);
            rows.add(new Row("floor: grpc-java AsyncServer/AsyncClient, " + P2_IN_FLIGHT + " in flight, "
                    + requestBytes + "/" + responseBytes + " B", grpc, "calls/s", null, Double.NaN, null, null));

            service(database, load, inserts.get(16), select, redis, grpc);
        }
        coldStarts();
        print();
    }

    private void service(BenchDatabase database, Load load, Optional<Measurement> insertFloor,
                         Optional<Measurement> selectFloor, Optional<Measurement> redisFloor, Measurement grpcFloor)
            throws Exception {
        Map<String, String> cacheOff = new HashMap<>(database.serverEnvironment());
        cacheOff.put("DOCVAULT_REDIS_URL", "");
        List<String> documents;
        try (ServerProcess server = ServerProcess.start(options.serverJar(), options.serverJvmOptions(), cacheOff)) {
            out.printf("server (cache off) serving after %d ms%n", server.startup().toMillis());
            DocumentCommandServiceBlockingStub commands = DocumentCommandServiceGrpc.newBlockingStub(server.channel());
            DocumentCommandServiceFutureStub asyncCommands = DocumentCommandServiceGrpc.newFutureStub(server.channel());
            DocumentQueryServiceFutureStub asyncQueries = DocumentQueryServiceGrpc.newFutureStub(server.channel());
            documents = new ArrayList<>();
            for (int i = 0; i < P2_IN_FLIGHT; i++) {
                documents.add(commands.createDocument(CreateDocumentRequest.newBuilder().setTitle("bench " + i)
                        .setContent(content).setContentType("text/plain").setAuthor("bench").build()).getDocumentId());
            }

            // P1 and P8: each client updates its own document, durable commit before the ack.
            Load.Call update = (caller, n) -> asyncCommands.updateDocument(UpdateDocumentRequest.newBuilder()
                    .setDocumentId(documents.get(caller)).setTitle("update " + n).setContent(content).build());
            // A fresh server JVM is still compiling: without this, P1 (the first scenario) measures the JIT.
            out.printf("warming the server up (updates and reads) until its JIT is done, at most %s%n",
                    options.serverWarmup());
            Load.Call read = latestReads(asyncQueries, documents);
            ServerWarmup.run(load.withInFlight(P1_CLIENTS), server.pid(), ServerWarmup.updatesAndReads(update, read),
                    options.serverWarmup(), out);
            // The projection catches up with the warm-up's updates first, or P1 pays for that backlog too.
            ProjectionLag.waitForReadModel(server, documents);
            Load measured = load.measuringCpuOf(server.pid());
            RssSampler rss = new RssSampler(server.pid());
            List<Measurement> p1Runs;
            try (rss) {
                p1Runs = measured.withInFlight(P1_CLIENTS).run(update);
            }
            Measurement p1 = Measurement.median(p1Runs);
            out.printf("P1 UpdateDocument %d clients: %s (repetitions %s)%n", P1_CLIENTS, p1,
                    Measurement.describe(p1Runs));
            out.printf("  event payload in the store: %.0f bytes on average (floor rows: %d)%n",
                    (double) database.queryLong("SELECT coalesce(avg(length(payload)), 0)::bigint FROM domain_event_entry"),
                    INSERT_PAYLOAD_BYTES);
            ratioRow("P1 UpdateDocument, " + P1_CLIENTS + " clients", p1, "calls/s", insertFloor,
                    "INSERT+COMMIT 16 clients", 0.60);

            // P3: latest version from the read model (no cache in this server).
            ProjectionLag.waitForReadModel(server, documents);
            List<Measurement> p3Runs = measured.withInFlight(P3_IN_FLIGHT).run(read);
            Measurement p3 = Measurement.median(p3Runs);
            out.printf("P3 GetDocument, cache off, %d in flight: %s (repetitions %s)%n", P3_IN_FLIGHT, p3,
                    Measurement.describe(p3Runs));
            ratioRow("P3 GetDocument, read model, cache off, " + P3_IN_FLIGHT + " in flight", p3, "calls/s",
                    selectFloor, "PK SELECT 16 clients", 0.40);
            selectFloor.ifPresent(floor -> ceiling("P3", "a gRPC call and a PK SELECT", grpcFloor, floor,
                    "PK SELECT", 0.40, p3));

            // P4: updates at half the P1 rate (or the rate asked for, to compare builds at one rate); each
            // ack is followed by a read that waits for that version.
            boolean halfOfP1 = options.lagRate() <= 0;
            double lagRate = halfOfP1 ? p1.throughput() / 2 : options.lagRate();
            ProjectionLag.Result lag = ProjectionLag.measure(server, asyncCommands, asyncQueries,
                    documents.subList(0, P1_CLIENTS), lagRate, options.warmup(), options.window(), options.repetitions());
            Measurement p4 = lag.client();
            out.printf("P4 projection lag at %.0f updates/s: %s%n", lagRate, p4);
            // A failed update or read has no lag: the target is met only when every one became visible.
            String failedNote = lag.failed() == 0 ? "" : String.format(" (%,d failed)", lag.failed());
            rows.add(new Row((halfOfP1 ? "P4 projection lag (ack → visible), at 50% of P1"
                    : String.format("P4 projection lag (ack → visible), at %.0f/s (--lag-rate; the target is at 50%% of P1)",
                            lagRate)) + failedNote, p4, "updates/s", null, Double.NaN, "p99 ≤ 50 ms",
                    lag.failed() == 0 && p4.p99() <= 50_000));
            if (lag.inServer().isEmpty()) {
                out.println("  the server's /metrics did not answer: P4's parts in the server are not measured");
            }
            lag.inServer().forEach((part, inServer) -> {
                out.printf("  in the server, %s: %s%n", part, inServer);
                rows.add(new Row("P4 in the server: " + part, inServer, "/s", null, Double.NaN, null, null));
            });

            // P6: versions spread over a long and a short history, interleaved.
            versionReads(server);

            // P8: memory under the P1 load and the cold start of this server (fresh database, migrations).
            out.printf("P8 server RSS under P1 load: max %d MB, last %d MB%n", rss.maxKb() / 1024, rss.lastKb() / 1024);
            rows.add(new Row("P8 server RSS under P1 load (max VmRSS)", null, String.format("%,d MB", rss.maxKb() / 1024), null,
                    Double.NaN, "≤ 400 MB", rss.maxKb() / 1024 <= 400));

            // P7: the P1 load again once the store holds storedEvents events; P5: rebuild from them.
            long stored = database.queryLong("SELECT count(*) FROM domain_event_entry");
            if (stored < options.storedEvents()) {
                // Real streams made through the service, then copied in SQL under new document ids: seeding
                // millions of events through the API would take hours.
                stored = ReadModelLoad.seed(commands, database, options.storedEvents(), out);
                Measurement catchUp = ReadModelLoad.catchUp(database, stored, out);
                rows.add(new Row(String.format("P5 (live) projection catching up with %,d seeded events", stored),
                        catchUp, "events/s", null, Double.NaN, "≥ 75,000 events/s", catchUp.throughput() >= 75_000));
            }
            List<Measurement> p7Runs = measured.withInFlight(P1_CLIENTS).run(update);
            Measurement p7 = Measurement.median(p7Runs);
            out.printf("P7 UpdateDocument with %d events stored: %s (repetitions %s)%n", stored, p7,
                    Measurement.describe(p7Runs));
            rows.add(new Row(String.format("P7 UpdateDocument, %,d events stored vs P1 (empty store)", stored), p7,
                    "calls/s", String.format("P1 %,.0f/s", p1.throughput()), p7.throughput() / p1.throughput(),
                    "≥ 0.80", p7.throughput() / p1.throughput() >= 0.80));
            if (options.rebuild()) {
                rebuild(server, database);
            } else {
                rows.add(new Row("P5 read-model rebuild: skipped (--rebuild no)", null, null, null, Double.NaN,
                        "≥ 75,000 events/s", null));
            }
        }

        // P2 needs the cache: a second server on the same database, with Redis.
        if (options.redisUrl() == null || options.redisUrl().isBlank()) {
            out.println("no Redis URL: P2 (cache hit) is skipped");
            rows.add(new Row("P2 GetDocument, cache hit: skipped (no Redis URL)", null, null, null, Double.NaN, "≥ 0.50",
                    null));
            return;
        }
        Map<String, String> cacheOn = new HashMap<>(database.serverEnvironment());
        cacheOn.put("DOCVAULT_REDIS_URL", options.redisUrl());
        try (ServerProcess server = ServerProcess.start(options.serverJar(), options.serverJvmOptions(), cacheOn)) {
            out.printf("server (Redis cache) serving after %d ms%n", server.startup().toMillis());
            DocumentQueryServiceFutureStub asyncQueries = DocumentQueryServiceGrpc.newFutureStub(server.channel());
            ProjectionLag.waitForReadModel(server, documents);
            // A second fresh JVM: it needs its own warm-up, or P2 measures its JIT (its windows' rates rose
            // from the first to the last before this warm-up: 4,768, 7,018 and 10,194 calls/s in one run).
            out.printf("warming the server up (cached reads) until its JIT is done, at most %s%n", options.serverWarmup());
            ServerWarmup.run(load.withInFlight(P2_IN_FLIGHT), server.pid(),
                    List.of(new ServerWarmup.Turn("GetDocument", latestReads(asyncQueries, documents))),
                    options.serverWarmup(), out);
            List<Measurement> p2Runs = load.measuringCpuOf(server.pid()).withInFlight(P2_IN_FLIGHT).run(latestReads(asyncQueries, documents));
            Measurement p2 = Measurement.median(p2Runs);
            out.printf("P2 GetDocument, cache hit, %d in flight: %s (repetitions %s)%n", P2_IN_FLIGHT, p2,
                    Measurement.describe(p2Runs));
            // A Redis call slower than DOCVAULT_CACHE_TIMEOUT counts as failed; enough of them open the
            // breaker and reads bypass the cache for a while: then P2 is not all cache hits.
            long breakerOpened = server.logLinesContaining("to OPEN");
            out.printf("  cache circuit breaker opened %d times in this server (P2 and its warm-up)%n", breakerOpened);
            ratioRow("P2 GetDocument, cache hit, " + P2_IN_FLIGHT + " in flight"
                    + (breakerOpened > 0 ? " (cache breaker opened " + breakerOpened + "×)" : ""), p2, "calls/s",
                    Optional.of(grpcFloor), "grpc-java AsyncServer", 0.50);
            redisFloor.ifPresent(floor -> ceiling("P2", "a gRPC call and a Redis GET", floor, grpcFloor,
                    "grpc-java AsyncServer", 0.50, p2));
        }
    }

    /**
     * What the floors leave for a scenario whose every call does the work of two floors, each of which
     * (as measured) keeps the same cores busy: the call can do no better than both floors' work one after
     * the other, {@code 1 / (1/a + 1/b)} calls/s, here as a share of the floor the target is set against
     * ({@code against}). A target above that share is out of reach on these cores whatever the service
     * does beyond the two floors' work.
     */
    private void ceiling(String scenario, String work, Measurement other, Measurement against, String againstName,
                         double target, Measurement measured) {
        double both = 1 / (1 / other.throughput() + 1 / against.throughput());
        ceilings.add(String.format("%s: %s each, %,.0f/s: %.2f of the %s floor (target %.2f; measured %.2f, %.0f%% of"
                        + " this ceiling)", scenario, work, both, both / against.throughput(), againstName, target,
                measured.throughput() / against.throughput(), 100 * measured.throughput() / both));
    }

    /** P8's cold start, for the jar and (when given) the class data sharing launch, last: on a quiet machine. */
    private void coldStarts() throws Exception {
        if (options.coldStarts() == 0) {
            rows.add(new Row("P8 cold start: skipped (--cold-starts 0)", null, null, null, Double.NaN, "≤ 8,000 ms", null));
            return;
        }
        for (StartupBenchmark.Launch launch : StartupBenchmark.launches(options.serverJar(), options.serverCds(),
                options.serverJvmOptions())) {
            Measurement starts = StartupBenchmark.coldStarts(launch, options.dbUrl(), options.dbUser(),
                    options.dbPassword(), options.coldStarts(), out);
            long median = Math.round(starts.p50() / 1000);
            rows.add(new Row("P8 cold start to SERVING (fresh database), " + launch.name(), null,
                    String.format("%,d ms (median of %d, slowest %,d ms)", median, options.coldStarts(),
                            Math.round(starts.p99() / 1000)), null, Double.NaN, "≤ 8,000 ms", median <= 8_000));
        }
    }

    private void ratioRow(String scenario, Measurement measured, String unit, Optional<Measurement> floor,
                          String floorName, double target) {
        if (floor.isEmpty()) {
            rows.add(new Row(scenario, measured, unit, "skipped (tool missing)", Double.NaN, "≥ " + target, null));
            return;
        }
        double ratio = measured.throughput() / floor.get().throughput();
        rows.add(new Row(scenario, measured, unit, String.format("%s %,.0f/s", floorName, floor.get().throughput()),
                ratio, "≥ " + String.format("%.2f", target), ratio >= target));
    }

    /** GetDocument (latest) over {@code documents} in turn: call number n reads document n mod their count. */
    private static Load.Call latestReads(DocumentQueryServiceFutureStub queries, List<String> documents) {
        return (caller, n) -> queries.getDocument(GetDocumentRequest.newBuilder()
                .setDocumentId(documents.get((int) (n % documents.size()))).build());
    }

    /** P6 with aggregate-load's seeding and read pattern. */
    private void versionReads(ServerProcess server) {
        DocumentCommandServiceBlockingStub commands = DocumentCommandServiceGrpc.newBlockingStub(server.channel());
        DocumentQueryServiceBlockingStub queries = DocumentQueryServiceGrpc.newBlockingStub(server.channel());
        int longHistory = options.historyVersions();
        int shortHistory = 10;
        out.printf("P6 seeding documents with %d and %d versions%n", shortHistory, longHistory);
        String small = AggregateLoadBenchmark.seed(commands, shortHistory);
        String large = AggregateLoadBenchmark.seed(commands, longHistory);
        queries.withDeadlineAfter(60, TimeUnit.SECONDS).getDocument(GetDocumentRequest.newBuilder()
                .setDocumentId(large).setMinVersion(longHistory).build());
        long windowEnd;
        Histogram smallReads = new Histogram(TimeUnit.MINUTES.toNanos(1), 3);
        Histogram largeReads = new Histogram(TimeUnit.MINUTES.toNanos(1), 3);
        long warmupEnd = System.nanoTime() + options.warmup().toNanos();
        windowEnd = warmupEnd + options.window().toNanos() * options.repetitions();
        long reads = 0;
        for (int i = 0; System.nanoTime() < windowEnd; i++) {
            boolean measured = System.nanoTime() >= warmupEnd;
            AggregateLoadBenchmark.read(queries, small, 1 + i % shortHistory, measured ? smallReads : null);
            AggregateLoadBenchmark.read(queries, large, 1 + (i * 7919L) % longHistory, measured ? largeReads : null);
            reads += measured ? 2 : 0;
        }
        double seconds = options.window().toNanos() * options.repetitions() / 1e9;
        Measurement shortOne = Measurement.of(reads / 2 / seconds, smallReads);
        Measurement longOne = Measurement.of(reads / 2 / seconds, largeReads);
        double ratio = longOne.p50() / shortOne.p50();
        out.printf("P6 GetDocument(version=k): %d versions %s; %d versions %s%n", shortHistory, shortOne,
                longHistory, longOne);
        rows.add(new Row(String.format("P6 GetDocument(version=k), %,d vs %d versions, 1 in flight", longHistory,
                shortHistory), longOne, "calls/s", String.format("%d versions p50 %,.0f µs", shortHistory,
                shortOne.p50()), ratio, "p50 ratio ≤ 1.2", ratio <= 1.2));
    }

    /** P5: ReplayProjections over every stored event, timed by the caller from request to DONE. */
    private void rebuild(ServerProcess server, BenchDatabase database) throws Exception {
        double rate = ReadModelLoad.rebuild(server, database, out);
        rows.add(new Row(String.format("P5 read-model rebuild from %,d events (target size 1,000,000)",
                        database.queryLong("SELECT count(*) FROM domain_event_entry")),
                new Measurement(rate, Double.NaN, Double.NaN, Double.NaN), "events/s", null, Double.NaN,
                "≥ 75,000 events/s", rate >= 75_000));
    }

    /** A Document like the ones P2 reads, for the floors' payload sizes. */
    private Document sampleDocument() {
        Timestamp now = Timestamp.newBuilder().setSeconds(System.currentTimeMillis() / 1000).setNanos(123_456_789).build();
        return Document.newBuilder().setDocumentId(UUID.randomUUID().toString()).setVersion(12).setTitle("update 123456")
                .setContent(content).setContentType("text/plain").setStatus(DocumentStatus.DOCUMENT_STATUS_DRAFT)
                .setAuthor("bench").setCreatedAt(now).setCreatedBy("anonymous").setUpdatedAt(now).setUpdatedBy("anonymous")
                .setContentSha256("0".repeat(64)).setContentSize(content.size()).build();
    }

    private void print() {
        out.println();
        out.println("| scenario | throughput | p50 (µs) | p99 (µs) | p99.9 (µs) | server CPU/call (µs) | floor | ratio to floor | target | met |");
        out.println("| --- | ---: | ---: | ---: | ---: | ---: | --- | ---: | --- | --- |");
        // Floors first (in the order measured), then the scenarios by number.
        List<Row> ordered = new ArrayList<>(rows);
        ordered.sort(Comparator.comparing(row -> row.scenario().startsWith("floor") ? ""
                : row.scenario().substring(0, 2)));
        for (Row row : ordered) {
            Measurement m = row.measured();
            String throughput = m == null ? (row.unit() == null ? "–" : row.unit())
                    : String.format("%,.0f %s", m.throughput(), row.unit());
            out.printf("| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |%n", row.scenario(), throughput,
                    Measurement.cell(m == null ? Double.NaN : m.p50()),
                    Measurement.cell(m == null ? Double.NaN : m.p99()),
                    Measurement.cell(m == null ? Double.NaN : m.p999()),
                    Measurement.cell(m == null ? Double.NaN : m.serverCpuPerCall()),
                    row.floor() == null ? "–" : row.floor(),
                    Double.isNaN(row.ratio()) ? "–" : String.format("%.2f", row.ratio()),
                    row.target() == null ? "–" : row.target(),
                    row.met() == null ? (row.target() == null ? "–" : "skipped") : row.met() ? "met" : "NOT met");
        }
        if (!ceilings.isEmpty()) {
            out.println();
            out.println("ceilings from the floors (a call doing two floors' work, both CPU-bound on these cores: 1 / (1/a + 1/b)):");
            ceilings.forEach(line -> out.println("  " + line));
        }
    }
}
