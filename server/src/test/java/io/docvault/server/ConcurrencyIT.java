package io.docvault.server;

import static io.docvault.server.Requests.aDocument;
import static org.assertj.core.api.Assertions.assertThat;

import io.docvault.proto.v1.ListVersionsRequest;
import io.docvault.proto.v1.UpdateDocumentRequest;
import io.docvault.proto.v1.VersionInfo;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Many clients changing one document at once: no lost update, dense versions, one winner per version. */
class ConcurrencyIT extends OneServerPerClass {

    private static final int CLIENTS = 12;
    private static final int ROUNDS = 15;

    @Test
    @DisplayName("with expected_version exactly one client wins each version; the others get FAILED_PRECONDITION")
    void optimisticConcurrency() throws Exception {
        String id = server.commands().createDocument(aDocument("Contended").build()).getDocumentId();
        Map<Long, String> winners = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        try {
            for (long round = 1; round <= ROUNDS; round++) {
                long expected = round;
                List<Callable<Boolean>> attempts = new ArrayList<>();
                for (int c = 0; c < CLIENTS; c++) {
                    String client = "client-" + c;
                    attempts.add(() -> {
                        try {
                            long produced = server.commands(client).updateDocument(UpdateDocumentRequest.newBuilder()
                                    .setDocumentId(id).setExpectedVersion(expected)
                                    .setTitle(client + " wins " + (expected + 1)).build()).getVersion();
                            assertThat(produced).isEqualTo(expected + 1);
                            assertThat(winners.putIfAbsent(produced, client)).as("second winner of %d", produced).isNull();
                            return true;
                        } catch (StatusRuntimeException e) {
                            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
                            return false;
                        }
                    });
                }
                long won = 0;
                for (Future<Boolean> attempt : pool.invokeAll(attempts)) {
                    won += attempt.get() ? 1 : 0;
                }
                assertThat(won).as("winners of version %d", round + 1).isEqualTo(1);
            }
        } finally {
            pool.shutdownNow();
        }
        List<VersionInfo> versions = history(id, 1 + ROUNDS);
        assertThat(versions).extracting(VersionInfo::getVersion)
                .containsExactlyElementsOf(LongStream.rangeClosed(1, 1 + ROUNDS).boxed().toList());
        for (VersionInfo version : versions.subList(1, versions.size())) {
            assertThat(version.getChangedBy()).isEqualTo(winners.get(version.getVersion()));
        }
    }

    @Test
    @DisplayName("without expected_version every concurrent update lands as its own version, none lost")
    void lastWriterWinsWithoutLoss() throws Exception {
        String id = server.commands().createDocument(aDocument("Busy").build()).getDocumentId();
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        List<Callable<Long>> updates = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            for (int i = 0; i < ROUNDS; i++) {
                String title = "c" + c + "-" + i;
                updates.add(() -> server.commands().updateDocument(UpdateDocumentRequest.newBuilder()
                        .setDocumentId(id).setTitle(title).build()).getVersion());
            }
        }
        List<Long> produced = new ArrayList<>();
        try {
            for (Future<Long> update : pool.invokeAll(updates)) {
                produced.add(update.get());
            }
        } finally {
            pool.shutdownNow();
        }
        int total = CLIENTS * ROUNDS;
        assertThat(produced).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(LongStream.rangeClosed(2, 1 + total).boxed().toList());
        assertThat(history(id, 1 + total)).hasSize(1 + total);
    }

    private static List<VersionInfo> history(String id, long latest) {
        server.queries().getDocument(Requests.getAtLeast(id, latest));
        return server.queries().listVersions(ListVersionsRequest.newBuilder().setDocumentId(id).setPageSize(1000).build())
                .getVersionsList();
    }
}
