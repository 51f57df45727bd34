package io.docvault.server;

import static io.docvault.server.Requests.aDocument;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import io.docvault.proto.v1.ListDocumentsRequest;
import io.docvault.proto.v1.ListDocumentsResponse;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** A list page with content never carries more than the content budget (4 MB by default). */
class ContentBudgetIT {

    @Test
    @DisplayName("include_content pages stop at the content budget and continue on the next page")
    void contentBudget() {
        try (RunningServer server = RunningServer.onNewDatabase()) {
            ByteString twoMiB = ByteString.copyFrom(new byte[2 * 1024 * 1024]);
            for (int i = 0; i < 3; i++) {
                server.commands().createDocument(aDocument("Big " + i).setContent(twoMiB).build());
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> server.queries().listDocuments(
                    ListDocumentsRequest.getDefaultInstance()).getTotalSize() == 3);

            ListDocumentsResponse first = server.queries().listDocuments(ListDocumentsRequest.newBuilder()
                    .setPageSize(10).setIncludeContent(true).build());
            assertThat(first.getDocumentsCount()).isEqualTo(2);
            assertThat(first.getDocumentsList()).allSatisfy(d -> assertThat(d.getContent()).isEqualTo(twoMiB));
            ListDocumentsResponse second = server.queries().listDocuments(ListDocumentsRequest.newBuilder()
                    .setPageSize(10).setIncludeContent(true).setPageToken(first.getNextPageToken()).build());
            assertThat(second.getDocumentsCount()).isEqualTo(1);
            assertThat(second.getNextPageToken()).isEmpty();
            assertThat(first.getDocumentsList().stream().map(d -> d.getDocumentId()))
                    .doesNotContain(second.getDocuments(0).getDocumentId());
        }
    }
}
