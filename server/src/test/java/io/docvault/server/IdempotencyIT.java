package io.docvault.server;

import static io.docvault.server.Requests.aDocument;
import static org.assertj.core.api.Assertions.assertThat;

import io.docvault.proto.v1.CommandResult;
import io.docvault.proto.v1.CreateDocumentRequest;
import io.docvault.proto.v1.DeleteDocumentRequest;
import io.docvault.proto.v1.RestoreDocumentRequest;
import io.docvault.proto.v1.UpdateDocumentRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** request_id makes retries safe: the same key and body give the first result and no new event. */
class IdempotencyIT extends OneServerPerClass {

    @Test
    @DisplayName("a retried create without an id returns the first generated id and stores one document")
    void retriedCreate() {
        CreateDocumentRequest request = aDocument("Once").setRequestId("create-once").build();
        CommandResult first = server.commands().createDocument(request);
        CommandResult second = server.commands().createDocument(request);
        assertThat(second).isEqualTo(first);
        assertThat(eventsOf(first.getDocumentId())).isEqualTo(1);
    }

    @Test
    @DisplayName("retried update, delete and restore each return their first version and append nothing")
    void retriedChanges() {
        String id = server.commands().createDocument(aDocument("Retry").build()).getDocumentId();
        UpdateDocumentRequest update = UpdateDocumentRequest.newBuilder()
                .setDocumentId(id).setTitle("Retry 2").setRequestId("upd-1").build();
        assertThat(server.commands().updateDocument(update).getVersion()).isEqualTo(2);
        assertThat(server.commands().updateDocument(update).getVersion()).isEqualTo(2);

        DeleteDocumentRequest delete = DeleteDocumentRequest.newBuilder().setDocumentId(id).setRequestId("del-1").build();
        assertThat(server.commands().deleteDocument(delete).getVersion()).isEqualTo(3);
        // Without the key this would be FAILED_PRECONDITION (already deleted); with it, the first result.
        assertThat(server.commands().deleteDocument(delete).getVersion()).isEqualTo(3);

        RestoreDocumentRequest restore = RestoreDocumentRequest.newBuilder().setDocumentId(id).setRequestId("res-1").build();
        assertThat(server.commands().restoreDocument(restore).getVersion()).isEqualTo(4);
        assertThat(server.commands().restoreDocument(restore).getVersion()).isEqualTo(4);
        assertThat(eventsOf(id)).isEqualTo(4);
    }

    @Test
    @DisplayName("the same key with another body is ALREADY_EXISTS and changes nothing")
    void keyReusedForAnotherBody() {
        String id = server.commands().createDocument(aDocument("Reuse").setRequestId("reuse-1").build()).getDocumentId();
        StatusRuntimeException failure = GrpcFailures.failure(() ->
                server.commands().createDocument(aDocument("Something else").setRequestId("reuse-1").build()));
        assertThat(failure.getStatus().getCode()).isEqualTo(Status.Code.ALREADY_EXISTS);
        assertThat(GrpcFailures.reasonOf(failure)).isEqualTo("REQUEST_ID_REUSED");
        StatusRuntimeException otherMethod = GrpcFailures.failure(() -> server.commands().deleteDocument(
                DeleteDocumentRequest.newBuilder().setDocumentId(id).setRequestId("reuse-1").build()));
        assertThat(otherMethod.getStatus().getCode()).isEqualTo(Status.Code.ALREADY_EXISTS);
        assertThat(eventsOf(id)).isEqualTo(1);
    }

    @Test
    @DisplayName("concurrent retries of one request all get the same result and append one event")
    void concurrentRetries() throws Exception {
        String id = server.commands().createDocument(aDocument("Race").build()).getDocumentId();
        UpdateDocumentRequest update = UpdateDocumentRequest.newBuilder()
                .setDocumentId(id).setTitle("Race won").setRequestId("race-1").build();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Long>> calls = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                calls.add(() -> server.commands().updateDocument(update).getVersion());
            }
            Set<Long> versions = pool.invokeAll(calls).stream().map(IdempotencyIT::get).collect(Collectors.toSet());
            assertThat(versions).containsExactly(2L);
        } finally {
            pool.shutdownNow();
        }
        assertThat(eventsOf(id)).isEqualTo(2);
    }

    @Test
    @DisplayName("concurrent duplicates of a delete and of a versioned update all get the first outcome")
    void concurrentDuplicatesOfStateChangingCommands() throws Exception {
        String id = server.commands().createDocument(aDocument("Dup").build()).getDocumentId();
        UpdateDocumentRequest update = UpdateDocumentRequest.newBuilder()
                .setDocumentId(id).setExpectedVersion(1).setTitle("Dup 2").setRequestId("dup-update").build();
        DeleteDocumentRequest delete = DeleteDocumentRequest.newBuilder()
                .setDocumentId(id).setExpectedVersion(2).setRequestId("dup-delete").build();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Long>> updates = new ArrayList<>();
            List<Callable<Long>> deletes = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                updates.add(() -> server.commands().updateDocument(update).getVersion());
                deletes.add(() -> server.commands().deleteDocument(delete).getVersion());
            }
            assertThat(pool.invokeAll(updates).stream().map(IdempotencyIT::get).collect(Collectors.toSet()))
                    .containsExactly(2L);
            assertThat(pool.invokeAll(deletes).stream().map(IdempotencyIT::get).collect(Collectors.toSet()))
                    .containsExactly(3L);
        } finally {
            pool.shutdownNow();
        }
        assertThat(eventsOf(id)).isEqualTo(3);
    }

    private static long get(Future<Long> future) {
        try {
            return future.get();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static long eventsOf(String documentId) {
        return server.jdbc().queryForObject(
                "SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = ?", Long.class, documentId);
    }
}
