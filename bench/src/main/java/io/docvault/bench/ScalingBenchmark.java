package io.docvault.bench;

import com.google.protobuf.ByteString;
import io.docvault.proto.v1.CreateDocumentRequest;
import io.docvault.proto.v1.DocumentCommandServiceGrpc;
import io.docvault.proto.v1.DocumentCommandServiceGrpc.DocumentCommandServiceBlockingStub;
import io.docvault.proto.v1.DocumentCommandServiceGrpc.DocumentCommandServiceFutureStub;
import io.docvault.proto.v1.DocumentQueryServiceGrpc;
import io.docvault.proto.v1.DocumentQueryServiceGrpc.DocumentQueryServiceFutureStub;
import io.docvault.proto.v1.GetDocumentRequest;
import io.docvault.proto.v1.UpdateDocumentRequest;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The scaling note's numbers: UpdateDocument (each caller changing the content of its own document,
 * durable commit) and GetDocument of the latest version (read model, cache off) at each number of
 * concurrent callers and each content size, against one server process on a fresh database.
 */
final class ScalingBenchmark {

    record Options(Path serverJar, List<String> serverJvmOptions, String dbUrl, String dbUser, String dbPassword,
                   Duration serverWarmup, Duration warmup, Duration window, int repetitions, List<Integer> clients,
                   List<Integer> contentBytes) {
    }

    private record Cell(int clients, int contentBytes, Measurement updates, Measurement reads, long maxRssMb) {
    }

    private final Options options;
    private final PrintStream out;

    private ScalingBenchmark(Options options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    static void run(Options options, PrintStream out) throws Exception {
        new ScalingBenchmark(options, out).run();
    }

    private void run() throws Exception {
        out.printf("clients %s, content %s bytes, server warm-up %s, warm-up %s, window %s, %d repetitions (medians),"
                        + " server JVM options %s%n", options.clients(), options.contentBytes(), options.serverWarmup(),
                options.warmup(), options.window(), options.repetitions(), options.serverJvmOptions());
        Load load = new Load(1, options.warmup(), options.window(), options.repetitions());
        int mostClients = options.clients().stream().mapToInt(Integer::intValue).max().orElse(1);
        List<Cell> cells = new ArrayList<>();
        try (BenchDatabase database = BenchDatabase.open(options.dbUrl(), options.dbUser(), options.dbPassword())) {
            out.println("database: " + database.describe());
            Map<String, String> environment = new HashMap<>(database.serverEnvironment());
            environment.put("DOCVAULT_REDIS_URL", "");
            try (ServerProcess server = ServerProcess.start(options.serverJar(), options.serverJvmOptions(), environment)) {
                out.printf("server serving after %d ms%n", server.startup().toMillis());
                DocumentCommandServiceBlockingStub commands = DocumentCommandServiceGrpc.newBlockingStub(server.channel());
                DocumentCommandServiceFutureStub asyncCommands = DocumentCommandServiceGrpc.newFutureStub(server.channel());
                DocumentQueryServiceFutureStub asyncQueries = DocumentQueryServiceGrpc.newFutureStub(server.channel());
                boolean warmedUp = false;
                sizes:
                for (int size : options.contentBytes()) {
                    byte[] base = "x".repeat(size).getBytes(StandardCharsets.US_ASCII);
                    List<String> documents = new ArrayList<>();
                    for (int i = 0; i < mostClients; i++) {
                        documents.add(commands.createDocument(CreateDocumentRequest.newBuilder().setTitle("scaling " + i)
                                .setContent(ByteString.copyFrom(base)).setContentType("text/plain").setAuthor("bench")
                                .build()).getDocumentId());
                    }
                    // Reads must not start before the read model holds the new documents (NOT_FOUND until then):
                    // min_version 1 makes the server answer once it does.
                    for (String document : documents) {
                        DocumentQueryServiceGrpc.newBlockingStub(server.channel()).withDeadlineAfter(30, TimeUnit.SECONDS)
                                .getDocument(GetDocumentRequest.newBuilder().setDocumentId(document).setMinVersion(1).build());
                    }
                    // Every update brings new content of the same size: its first bytes carry the call's number.
                    Load.Call update = (caller, n) -> asyncCommands.updateDocument(UpdateDocumentRequest.newBuilder()
                            .setDocumentId(documents.get(caller)).setContent(numbered(base, n)).build());
                    Load.Call read = (caller, n) -> asyncQueries.getDocument(GetDocumentRequest.newBuilder()
                            .setDocumentId(documents.get(caller)).build());
                    if (!warmedUp) {
                        out.printf("warming the server up until its JIT is done, at most %s%n", options.serverWarmup());
                        ServerWarmup.run(load.withInFlight(Math.min(16, mostClients)), server.pid(),
                                ServerWarmup.updatesAndReads(update, read), options.serverWarmup(), out);
                        warmedUp = true;
                    }
                    for (int clients : options.clients()) {
                        Measurement updates;
                        Measurement reads;
                        RssSampler rss = new RssSampler(server.pid());
                        try (rss) {
                            updates = Measurement.median(load.withInFlight(clients).run(update));
                            reads = Measurement.median(load.withInFlight(clients).run(read));
                        }
                        if (!server.alive()) {
                            out.printf("the server exited during %d clients, %,d bytes (see its log, e.g. an"
                                    + " OutOfMemoryError); the remaining cells are not measured%n", clients, size);
                            break sizes;
                        }
                        out.printf("%d clients, %,d bytes: UpdateDocument %s; GetDocument %s; server RSS max %d MB%n",
                                clients, size, updates, reads, rss.maxKb() / 1024);
                        cells.add(new Cell(clients, size, updates, reads, rss.maxKb() / 1024));
                    }
                }
            }
        }
        out.println();
        out.println("| clients | content | UpdateDocument/s | p50 (µs) | p99 (µs) | MB/s written | GetDocument/s | p50 (µs) | p99 (µs) | server RSS max (MB) |");
        out.println("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        for (Cell cell : cells) {
            out.printf("| %d | %s | %,.0f | %,.0f | %,.0f | %,.1f | %,.0f | %,.0f | %,.0f | %,d |%n", cell.clients(),
                    size(cell.contentBytes()), cell.updates().throughput(), cell.updates().p50(), cell.updates().p99(),
                    cell.updates().throughput() * cell.contentBytes() / 1e6, cell.reads().throughput(),
                    cell.reads().p50(), cell.reads().p99(), cell.maxRssMb());
        }
    }

    private static ByteString numbered(byte[] base, long n) {
        byte[] number = Long.toString(n).getBytes(StandardCharsets.US_ASCII);
        if (number.length >= base.length) {
            return ByteString.copyFrom(number, 0, base.length);
        }
        return ByteString.copyFrom(number).concat(ByteString.copyFrom(base, number.length, base.length - number.length));
    }

    private static String size(int bytes) {
        if (bytes >= 1 << 20 && bytes % (1 << 20) == 0) {
            return (bytes >> 20) + " MiB";
        }
        if (bytes >= 1 << 10 && bytes % (1 << 10) == 0) {
            return (bytes >> 10) + " KiB";
        }
        return bytes + " B";
    }
}
