package io.docvault.bench;

import com.google.common.util.concurrent.ListenableFuture;
import io.docvault.proto.v1.CommandResult;
import io.docvault.proto.v1.Document;
import io.docvault.proto.v1.DocumentCommandServiceGrpc;
import io.docvault.proto.v1.DocumentCommandServiceGrpc.DocumentCommandServiceBlockingStub;
import io.docvault.proto.v1.DocumentCommandServiceGrpc.DocumentCommandServiceFutureStub;
import io.docvault.proto.v1.DocumentQueryServiceGrpc;
import io.docvault.proto.v1.DocumentQueryServiceGrpc.DocumentQueryServiceBlockingStub;
import io.docvault.proto.v1.DocumentQueryServiceGrpc.DocumentQueryServiceFutureStub;
import io.docvault.proto.v1.GetDocumentRequest;
import io.docvault.proto.v1.UpdateDocumentRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * P4: updates in an open loop at a fixed rate over a few documents; after each acknowledgement a
 * GetDocument with min_version = the acknowledged version, which the server answers once its read model
 * holds that version. Lag = acknowledgement to that answer, so it includes one read's round trip. Beside
 * it, where the server spent the time, from histograms of its own meters scraped before and after each
 * window, and the server's CPU per update (its reads and projection included).
 */
final class ProjectionLag {

    /** The lag as the caller saw it (with the server's CPU per update), and the server's parts of it. */
    /** {@code failed}: updates or their reads that failed in the measured windows, which have no lag. */
    record Result(Measurement client, Map<String, Measurement> inServer, long failed) {
    }

    /** The server-side parts: a histogram of the server's /metrics and the labels of the series that count. */
    private static final Map<String, Map.Entry<String, Map<String, String>>> PARTS = parts();

    private ProjectionLag() {
    }

    private static Map<String, Map.Entry<String, Map<String, String>>> parts() {
        Map<String, Map.Entry<String, Map<String, String>>> parts = new LinkedHashMap<>();
        parts.put("UpdateDocument call", Map.entry("grpc_server_processing_duration_seconds",
                Map.of("service", "docvault.v1.DocumentCommandService", "method", "UpdateDocument", "statusCode", "OK")));
        parts.put("event's timestamp (its command ran) → its version committed in the read model"
                + " (docvault_projection_delay)", Map.entry("docvault_projection_delay_seconds", Map.of()));
        parts.put("GetDocument(min_version) call, its wait included", Map.entry("grpc_server_processing_duration_seconds",
                Map.of("service", "docvault.v1.DocumentQueryService", "method", "GetDocument", "statusCode", "OK")));
        return parts;
    }

    /** A warm-up window, then {@code repetitions} measured windows; medians of each column. */
    static Result measure(ServerProcess server, DocumentCommandServiceFutureStub commands,
                          DocumentQueryServiceFutureStub queries, List<String> documents, double rate,
                          Duration warmup, Duration window, int repetitions) throws InterruptedException {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        try {
            long periodNanos = Math.max(1, (long) (1e9 / Math.max(1, rate)));
            window(timer, commands, queries, documents, periodNanos, warmup, null, new AtomicLong());
            AtomicLong failures = new AtomicLong();
            ProcessCpu cpu = new ProcessCpu(server.pid());
            List<Measurement> results = new ArrayList<>();
            Map<String, List<Measurement>> inServer = new LinkedHashMap<>();
            double seconds = window.toNanos() / 1e9;
            for (int r = 0; r < repetitions; r++) {
                Histogram lags = new ConcurrentHistogram(TimeUnit.MINUTES.toNanos(1), 3);
                Optional<String> before = server.metrics();
                double cpuBefore = cpu.micros();
                long updates = window(timer, commands, queries, documents, periodNanos, window, lags, failures);
                double cpuPerUpdate = (cpu.micros() - cpuBefore) / Math.max(1, updates);
                Optional<String> after = server.metrics();
                results.add(Measurement.of(updates / seconds, lags, cpuPerUpdate));
                if (before.isPresent() && after.isPresent()) {
                    PARTS.forEach((part, meter) -> {
                        PrometheusHistogram counted = PrometheusHistogram.parse(after.get(), meter.getKey(), meter.getValue())
                                .since(PrometheusHistogram.parse(before.get(), meter.getKey(), meter.getValue()));
                        inServer.computeIfAbsent(part, p -> new ArrayList<>()).add(new Measurement(counted.count() / seconds,
                                counted.quantileMicros(0.5), counted.quantileMicros(0.99), counted.quantileMicros(0.999)));
                    });
                }
            }
            Map<String, Measurement> medians = new LinkedHashMap<>();
            inServer.forEach((part, windows) -> medians.put(part, Measurement.median(windows)));
            return new Result(Measurement.median(results), medians, failures.get());
        } finally {
            timer.shutdownNow();
        }
    }

    /**
     * One window of {@code window}, then up to a minute for the last answers; the number of updates that
     * became visible (each one's lag recorded in {@code lags} unless null), the failed ones added to
     * {@code failures}.
     */
    private static long window(ScheduledExecutorService timer, DocumentCommandServiceFutureStub commands,
                               DocumentQueryServiceFutureStub queries, List<String> documents, long periodNanos,
                               Duration window, Histogram lags, AtomicLong failures) throws InterruptedException {
        AtomicLong sequence = new AtomicLong();
        AtomicLong pending = new AtomicLong();
        AtomicLong seen = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        AtomicReference<String> firstFailure = new AtomicReference<>();
        ScheduledFuture<?> ticking = timer.scheduleAtFixedRate(() -> {
            long n = sequence.getAndIncrement();
            String id = documents.get((int) (n % documents.size()));
            pending.incrementAndGet();
            ListenableFuture<CommandResult> ack = commands.updateDocument(
                    UpdateDocumentRequest.newBuilder().setDocumentId(id).setTitle("lag " + n).build());
            ack.addListener(() -> {
                long acked = System.nanoTime();
                try {
                    long version = ack.get().getVersion();
                    ListenableFuture<Document> visible = queries.withDeadlineAfter(30, TimeUnit.SECONDS)
                            .getDocument(GetDocumentRequest.newBuilder().setDocumentId(id).setMinVersion(version).build());
                    visible.addListener(() -> {
                        long answered = System.nanoTime();
                        try {
                            visible.get();
                            if (lags != null) {
                                lags.recordValue(answered - acked);
                            }
                            seen.incrementAndGet();
                        } catch (Exception readFailed) {
                            // Not visible: a failed read (refused, or the wait timed out) has no lag to record.
                            failed.incrementAndGet();
                            firstFailure.compareAndSet(null, "a read: " + cause(readFailed));
                        }
                        pending.decrementAndGet();
                    }, Runnable::run);
                } catch (Exception updateFailed) {
                    failed.incrementAndGet();
                    firstFailure.compareAndSet(null, "an update: " + cause(updateFailed));
                    pending.decrementAndGet();
                }
            }, Runnable::run);
        }, 0, periodNanos, TimeUnit.NANOSECONDS);
        TimeUnit.NANOSECONDS.sleep(window.toNanos());
        ticking.cancel(false);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (pending.get() > 0 && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(10);
        }
        if (failed.get() > 0) {
            System.err.printf("  %d updates or their reads failed in this window, the first %s%n", failed.get(),
                    firstFailure.get());
        }
        failures.addAndGet(failed.get());
        return seen.get();
    }

    private static String cause(Exception failure) {
        Throwable cause = failure instanceof ExecutionException && failure.getCause() != null
                ? failure.getCause() : failure;
        return cause.toString();
    }

    /**
     * Returns once the read model holds a fresh update of each of {@code documents}: a warm-up's backlog in
     * the projection would otherwise hold the measured calls' reads (and the call threads) behind it.
     */
    static void waitForReadModel(ServerProcess server, List<String> documents) {
        DocumentQueryServiceBlockingStub queries = DocumentQueryServiceGrpc.newBlockingStub(server.channel());
        DocumentCommandServiceBlockingStub commands = DocumentCommandServiceGrpc.newBlockingStub(server.channel());
        for (String id : documents) {
            long version = commands.updateDocument(UpdateDocumentRequest.newBuilder().setDocumentId(id)
                    .setTitle("settled").build()).getVersion();
            queries.withDeadlineAfter(60, TimeUnit.SECONDS).getDocument(GetDocumentRequest.newBuilder()
                    .setDocumentId(id).setMinVersion(version).build());
        }
    }
}
