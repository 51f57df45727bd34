package io.docvault.server;

import io.docvault.proto.v1.CommandResult;
import io.docvault.proto.v1.UpdateDocumentRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * Client threads updating a fixed set of documents as fast as they can, each update with a unique
 * change note (and request id), half of them with the {@code expected_version} the thread last saw.
 * It records every acknowledged command (document, version, note), every failure by status code, and
 * the commands whose outcome the client never learned (in flight when the server went away).
 */
final class WriteLoad implements AutoCloseable {

    /** A command that got its CommandResult. */
    record Ack(String documentId, long version, String note, String requestId) {
    }

    /** A command sent whose answer never came (connection lost), to be checked or retried later. */
    record Unanswered(UpdateDocumentRequest request, Status.Code code) {
    }

    private final List<String> documentIds;
    private final Queue<Ack> acks = new ConcurrentLinkedQueue<>();
    private final Queue<Unanswered> unanswered = new ConcurrentLinkedQueue<>();
    private final Map<Status.Code, AtomicInteger> failures = new ConcurrentHashMap<>();
    private final Map<String, Long> lastSeen = new ConcurrentHashMap<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final List<Thread> threads = new ArrayList<>();
    private final CountDownLatch finished;

    /**
     * Starts {@code clients} threads; client {@code c} sends its i-th command through
     * {@code endpoint.apply(c + i)}, so clients alternate between endpoints when there are several.
     * With {@code stopOnUnavailable} a client stops at its first UNAVAILABLE (the server is gone).
     */
    WriteLoad(List<String> documentIds, int clients, IntFunction<ServerJvm> endpoint, Duration deadline,
              boolean stopOnUnavailable) {
        this.documentIds = List.copyOf(documentIds);
        this.finished = new CountDownLatch(clients);
        documentIds.forEach(id -> lastSeen.put(id, 1L));
        for (int c = 0; c < clients; c++) {
            int client = c;
            Thread thread = new Thread(() -> {
                try {
                    run(client, endpoint, deadline, stopOnUnavailable);
                } finally {
                    finished.countDown();
                }
            }, "write-load-" + c);
            thread.setDaemon(true);
            threads.add(thread);
        }
        threads.forEach(Thread::start);
    }

    private void run(int client, IntFunction<ServerJvm> endpoint, Duration deadline, boolean stopOnUnavailable) {
        Random random = new Random(client);
        for (int i = 0; running.get(); i++) {
            String id = documentIds.get(random.nextInt(documentIds.size()));
            boolean checked = random.nextBoolean();
            long expected = checked ? lastSeen.get(id) : 0;
            String note = "client " + client + " #" + i;
            UpdateDocumentRequest request = UpdateDocumentRequest.newBuilder()
                    .setDocumentId(id).setExpectedVersion(expected).setTitle(note).setChangeNote(note)
                    .setRequestId("c" + client + "-" + i + "-" + id).build();
            try {
                CommandResult result = endpoint.apply(client + i).commands("client-" + client, deadline)
                        .updateDocument(request);
                acks.add(new Ack(id, result.getVersion(), note, request.getRequestId()));
                lastSeen.merge(id, result.getVersion(), Math::max);
            } catch (StatusRuntimeException e) {
                Status.Code code = e.getStatus().getCode();
                failures.computeIfAbsent(code, k -> new AtomicInteger()).incrementAndGet();
                if (code == Status.Code.UNAVAILABLE || code == Status.Code.DEADLINE_EXCEEDED
                        || code == Status.Code.CANCELLED) {
                    unanswered.add(new Unanswered(request, code));
                    if (stopOnUnavailable && code == Status.Code.UNAVAILABLE) {
                        return;
                    }
                }
            }
        }
    }

    int acknowledged() {
        return acks.size();
    }

    List<Ack> acks() {
        return List.copyOf(acks);
    }

    List<Unanswered> unanswered() {
        return List.copyOf(unanswered);
    }

    /** Failures by status code. */
    Map<Status.Code, Integer> failures() {
        Map<Status.Code, Integer> counts = new java.util.EnumMap<>(Status.Code.class);
        failures.forEach((code, n) -> counts.put(code, n.get()));
        return counts;
    }

    /** Waits for every client to finish (after {@link #stop()}, or when they stopped by themselves). */
    boolean awaitFinished(Duration atMost) throws InterruptedException {
        return finished.await(atMost.toMillis(), TimeUnit.MILLISECONDS);
    }

    void stop() {
        running.set(false);
    }

    @Override
    public void close() throws InterruptedException {
        stop();
        awaitFinished(Duration.ofSeconds(60));
    }
}
