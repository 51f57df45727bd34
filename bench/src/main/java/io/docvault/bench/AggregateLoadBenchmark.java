package io.docvault.bench;

import io.docvault.proto.v1.CreateDocumentRequest;
import io.docvault.proto.v1.DocumentCommandServiceGrpc;
import io.docvault.proto.v1.DocumentCommandServiceGrpc.DocumentCommandServiceBlockingStub;
import io.docvault.proto.v1.DocumentQueryServiceGrpc;
import io.docvault.proto.v1.DocumentQueryServiceGrpc.DocumentQueryServiceBlockingStub;
import io.docvault.proto.v1.GetDocumentRequest;
import io.docvault.proto.v1.UpdateDocumentRequest;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * Cost of loading a document through its aggregate, as the latency of UpdateDocument (load, check,
 * append, commit) on a document with a long history against one with a short history, in one run of
 * one server. With snapshots every N events, the long history should cost about the same.
 */
final class AggregateLoadBenchmark {

    record Result(long versions, Histogram latencies, Histogram versionReads) {
    }

    /**
     * Measures with the default snapshot setting and, when {@code largeWithoutSnapshots} > 0, again on a
     * second server with snapshots off, to show what they save.
     */
    static void run(Path serverJar, int smallVersions, int largeVersions, int warmup, int iterations,
                    int largeWithoutSnapshots, PrintStream out) throws Exception {
        Result[] snapshots = measure(serverJar, Map.of(), smallVersions, largeVersions, warmup, iterations, out);
        // Without snapshots every update replays the whole stream, so seeding is quadratic: a shorter
        // long history is enough to show the growth.
        Result[] none = largeWithoutSnapshots > 0
                ? measure(serverJar, Map.of("DOCVAULT_COMMAND_SNAPSHOT_EVERY", Integer.toString(Integer.MAX_VALUE)),
                        smallVersions, largeWithoutSnapshots, warmup, iterations, out)
                : null;
        double ratio = p50(snapshots[1]) / p50(snapshots[0]);
        out.println();
        out.println("| snapshots | document history | UpdateDocument p50 (µs) | p99 (µs) | mean (µs) | ratio of p50 to the short history |");
        out.println("| --- | --- | ---: | ---: | ---: | ---: |");
        row(out, "every 100 events", snapshots[0], 1.0);
        row(out, "every 100 events", snapshots[1], ratio);
        if (none != null) {
            row(out, "off", none[0], 1.0);
            row(out, "off", none[1], p50(none[1]) / p50(none[0]));
        }
        out.printf("%n%d measured updates per document after %d warm-up updates (each adds a version, so the"
                + " documents end %d versions longer); target (with snapshots): ratio <= 2.0 -> %s%n",
                iterations, warmup, iterations + warmup, ratio <= 2.0 ? "met" : "NOT met");

        double readRatio = snapshots[1].versionReads().getValueAtPercentile(50)
                / (double) snapshots[0].versionReads().getValueAtPercentile(50);
        out.println();
        out.println("| document history | GetDocument(version = k) p50 (µs) | p99 (µs) | mean (µs) | ratio of p50 to the short history |");
        out.println("| --- | ---: | ---: | ---: | ---: |");
        readRow(out, snapshots[0], 1.0);
        readRow(out, snapshots[1], readRatio);
        out.printf("%n%d reads of versions spread over each history after %d warm-up reads; target: ratio <= 1.2 -> %s%n",
                iterations, warmup, readRatio <= 1.2 ? "met" : "NOT met");
    }

    static void read(DocumentQueryServiceBlockingStub queries, String id, long version, Histogram latencies) {
        long started = System.nanoTime();
        queries.getDocument(GetDocumentRequest.newBuilder().setDocumentId(id).setVersion(version).build());
        if (latencies != null) {
            latencies.recordValue(System.nanoTime() - started);
        }
    }

    private static void readRow(PrintStream out, Result result, double ratio) {
        Histogram latencies = result.versionReads();
        out.printf("| %,d versions | %,d | %,d | %,.0f | %.2f |%n", result.versions(),
                latencies.getValueAtPercentile(50) / 1000, latencies.getValueAtPercentile(99) / 1000,
                latencies.getMean() / 1000, ratio);
    }

    private static Result[] measure(Path serverJar, Map<String, String> environment, int smallVersions,
                                    int largeVersions, int warmup, int iterations, PrintStream out) throws Exception {
        try (ServerProcess server = ServerProcess.start(serverJar, environment)) {
            DocumentCommandServiceBlockingStub commands = DocumentCommandServiceGrpc.newBlockingStub(server.channel());
            out.printf("server %s started in %d ms; seeding documents with %d and %d versions%n", environment,
                    server.startup().toMillis(), smallVersions, largeVersions);
            String small = seed(commands, smallVersions);
            String large = seed(commands, largeVersions);
            DocumentQueryServiceBlockingStub queries = DocumentQueryServiceGrpc.newBlockingStub(server.channel());
            // The read model must hold every seeded version before reads are timed.
            queries.getDocument(GetDocumentRequest.newBuilder().setDocumentId(large).setMinVersion(largeVersions).build());
            Histogram smallReads = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
            Histogram largeReads = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
            for (int i = 0; i < warmup + iterations; i++) {
                read(queries, small, 1 + i % smallVersions, i >= warmup ? smallReads : null);
                read(queries, large, 1 + (i * 7919L) % largeVersions, i >= warmup ? largeReads : null);
            }
            Histogram smallLatency = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
            Histogram largeLatency = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
            // Interleaved, so both documents see the same machine conditions.
            for (int i = 0; i < warmup + iterations; i++) {
                measure(commands, small, i, i >= warmup ? smallLatency : null);
                measure(commands, large, i, i >= warmup ? largeLatency : null);
            }
            return new Result[] {new Result(smallVersions, smallLatency, smallReads),
                    new Result(largeVersions, largeLatency, largeReads)};
        }
    }

    private static double p50(Result result) {
        return result.latencies().getValueAtPercentile(50);
    }

    static String seed(DocumentCommandServiceBlockingStub commands, int versions) {
        String id = commands.createDocument(CreateDocumentRequest.newBuilder().setTitle("v1")
                .setContentType("text/plain").build()).getDocumentId();
        for (int v = 2; v <= versions; v++) {
            commands.updateDocument(UpdateDocumentRequest.newBuilder().setDocumentId(id).setTitle("v" + v).build());
        }
        return id;
    }

    private static void measure(DocumentCommandServiceBlockingStub commands, String id, int i, Histogram latencies) {
        long started = System.nanoTime();
        commands.updateDocument(UpdateDocumentRequest.newBuilder().setDocumentId(id).setTitle("m" + i).build());
        if (latencies != null) {
            latencies.recordValue(System.nanoTime() - started);
        }
    }

    private static void row(PrintStream out, String snapshots, Result result, double ratio) {
        Histogram latencies = result.latencies();
        out.printf("| %s | %,d versions | %,d | %,d | %,.0f | %.2f |%n", snapshots, result.versions(),
                latencies.getValueAtPercentile(50) / 1000, latencies.getValueAtPercentile(99) / 1000,
                latencies.getMean() / 1000, ratio);
    }

    private AggregateLoadBenchmark() {
    }
}
