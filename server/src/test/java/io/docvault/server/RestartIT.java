package io.docvault.server;

import static io.docvault.server.Requests.aDocument;
import static io.docvault.server.Requests.getAtLeast;
import static org.assertj.core.api.Assertions.assertThat;

import io.docvault.proto.v1.Document;
import io.docvault.proto.v1.ListDocumentsRequest;
import io.docvault.proto.v1.UpdateDocumentRequest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A restarted server keeps every document, its history and its processor position. */
class RestartIT {

    @Test
    @DisplayName("after a restart every document and version is still there and versions continue")
    void restartKeepsData() {
        try (RunningServer server = RunningServer.onNewDatabase()) {
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                String id = server.commands().createDocument(aDocument("Kept " + i).build()).getDocumentId();
                server.commands().updateDocument(UpdateDocumentRequest.newBuilder().setDocumentId(id).setTitle("Kept " + i + " v2").build());
                ids.add(id);
            }
            ids.forEach(id -> server.queries().getDocument(getAtLeast(id, 2)));
            long versionRows = server.jdbc().queryForObject("SELECT count(*) FROM document_version", Long.class);

            server.restart();

            for (int i = 0; i < ids.size(); i++) {
                Document document = server.queries().getDocument(Requests.get(ids.get(i)));
                assertThat(document.getVersion()).isEqualTo(2);
                assertThat(document.getTitle()).isEqualTo("Kept " + i + " v2");
            }
            assertThat(server.queries().listDocuments(ListDocumentsRequest.getDefaultInstance()).getTotalSize()).isEqualTo(10);
            long next = server.commands().updateDocument(UpdateDocumentRequest.newBuilder()
                    .setDocumentId(ids.get(0)).setTitle("after restart").build()).getVersion();
            assertThat(next).isEqualTo(3);
            assertThat(server.queries().getDocument(getAtLeast(ids.get(0), 3)).getTitle()).isEqualTo("after restart");
            assertThat(server.jdbc().queryForObject("SELECT count(*) FROM document_version", Long.class))
                    .isEqualTo(versionRows + 1);
        }
    }

    @Test
    @DisplayName("with no database configured, the embedded PostgreSQL keeps documents across restarts")
    void embeddedDatabaseSurvivesRestart(@TempDir Path dataDir) {
        Map<String, Object> embedded = new HashMap<>();
        embedded.put("docvault.db.url", "");
        embedded.put("docvault.db.embedded-data-dir", dataDir.resolve("pgdata"));
        try (RunningServer server = RunningServer.on(null, embedded)) {
            String id = server.commands().createDocument(aDocument("Embedded").build()).getDocumentId();
            server.queries().getDocument(getAtLeast(id, 1));

            server.restart();

            assertThat(server.queries().getDocument(Requests.get(id)).getTitle()).isEqualTo("Embedded");
            assertThat(dataDir.resolve("pgdata").resolve("PG_VERSION")).exists();
        }
    }
}
