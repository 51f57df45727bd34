package io.docvault.query.document.infrastructure.postgres;

import io.docvault.query.document.model.DocumentHistoryStore;
import io.docvault.query.document.model.DocumentView;
import io.docvault.query.document.model.VersionEntry;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Writes versions with inserts that ignore rows already there and an upsert of the current row that
 * only moves forward, so replaying events is harmless.
 */
class PostgresDocumentHistoryStore implements DocumentHistoryStore {

    private static final String INSERT_CONTENT =
            "INSERT INTO document_content%s (content_sha256, content) VALUES (?, ?) ON CONFLICT DO NOTHING";
    private static final String INSERT_VERSION = "INSERT INTO document_version%s (document_id, version, change_kind, "
            + "changed_at, changed_by, change_note, changed_fields, reverted_to, " + DocumentRows.STATE_COLUMNS + ") "
            + "VALUES (?::uuid, ?, ?, ?, ?, ?, ?, ?, " + DocumentRows.STATE_PLACEHOLDERS + ") ON CONFLICT DO NOTHING";
    private static final String UPSERT_CURRENT = "INSERT INTO document_current%1$s (document_id, version, updated_at, "
            + "updated_by, " + DocumentRows.STATE_COLUMNS + ") "
            + "VALUES (?::uuid, ?, ?, ?, " + DocumentRows.STATE_PLACEHOLDERS + ") "
            + "ON CONFLICT (document_id) DO UPDATE SET version = EXCLUDED.version, updated_at = EXCLUDED.updated_at, "
            + "updated_by = EXCLUDED.updated_by, title = EXCLUDED.title, content_sha256 = EXCLUDED.content_sha256, "
            + "content_size = EXCLUDED.content_size, content_type = EXCLUDED.content_type, status = EXCLUDED.status, "
            + "author = EXCLUDED.author, tags = EXCLUDED.tags, category = EXCLUDED.category, "
            + "metadata = EXCLUDED.metadata, created_at = EXCLUDED.created_at, created_by = EXCLUDED.created_by, "
            + "deleted = EXCLUDED.deleted, deleted_at = EXCLUDED.deleted_at, deleted_by = EXCLUDED.deleted_by, "
            + "delete_reason = EXCLUDED.delete_reason "
            + "WHERE document_current%1$s.version < EXCLUDED.version";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate contentTransaction;
    private final String tableSuffix;
    private final String insertContent;
    private final String insertVersion;
    private final String upsertCurrent;

    /** A store writing into the read-model tables whose names end in {@code tableSuffix} ("" for the live ones). */
    PostgresDocumentHistoryStore(JdbcTemplate jdbc, PlatformTransactionManager transactionManager, String tableSuffix) {
        this.jdbc = jdbc;
        this.contentTransaction = new TransactionTemplate(transactionManager);
        this.contentTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.tableSuffix = tableSuffix;
        this.insertContent = INSERT_CONTENT.formatted(tableSuffix);
        this.insertVersion = INSERT_VERSION.formatted(tableSuffix);
        this.upsertCurrent = UPSERT_CURRENT.formatted(tableSuffix);
    }

    @Override
    public Optional<DocumentView> state(String documentId, long version) {
        return jdbc.query("SELECT * FROM document_version" + tableSuffix + " WHERE document_id = ?::uuid AND version = ?",
                (rs, row) -> DocumentRows.view(rs, "changed_at", "changed_by"), documentId, version)
                .stream().findFirst();
    }

    @Override
    public void record(DocumentView state, VersionEntry change, byte[] newContent) {
        if (newContent != null) {
            // Documents of different segments share content rows. Inserted in the batch's transaction, two
            // segments writing the same two contents in opposite order deadlock. A row keyed by its hash never
            // changes, so it is committed on its own, before the version that refers to it: a batch that rolls
            // back leaves only a row its retry reuses.
            contentTransaction.executeWithoutResult(
                    status -> jdbc.update(insertContent, state.contentSha256(), newContent));
        }
        jdbc.update(insertVersion, concat(new Object[] {
                state.documentId(), state.version(), change.change().name(), DocumentRows.time(change.changedAt()),
                change.changedBy(), change.changeNote(), change.changedFields().toArray(String[]::new),
                change.revertedToVersion() == 0 ? null : change.revertedToVersion()},
                DocumentRows.stateValues(state)));
        jdbc.update(upsertCurrent, concat(new Object[] {
                state.documentId(), state.version(), DocumentRows.time(state.updatedAt()), state.updatedBy()},
                DocumentRows.stateValues(state)));
    }

    private static Object[] concat(Object[] head, Object[] tail) {
        Object[] all = java.util.Arrays.copyOf(head, head.length + tail.length);
        System.arraycopy(tail, 0, all, head.length, tail.length);
        return all;
    }
}
