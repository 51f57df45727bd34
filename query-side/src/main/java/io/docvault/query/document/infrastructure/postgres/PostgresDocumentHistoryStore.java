package io.docvault.query.document.infrastructure.postgres;

import io.docvault.common.eventstore.ContentRows;
import io.docvault.query.document.model.DocumentHistoryStore;
import io.docvault.query.document.model.DocumentView;
import io.docvault.query.document.model.VersionEntry;
import java.sql.PreparedStatement;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.postgresql.PGStatement;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Writes versions with inserts that ignore rows already there and an upsert of the current row that
 * only moves forward, so replaying events is harmless; a batch of events costs three statements.
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
    public Map<String, DocumentView> currentStates(Collection<String> documentIds) {
        Map<String, DocumentView> states = new HashMap<>();
        if (documentIds.isEmpty()) {
            return states;
        }
        // Planned for the array at hand, not once as a generic plan: a generic plan made while the table
        // was small (a fresh or rebuilding read model, before any ANALYZE) scans the whole table, which
        // made every batch slower than the one before. An unnamed (never server-prepared) statement is
        // planned with its parameters each time, without a SET LOCAL's round trip before it.
        String[] ids = documentIds.stream().distinct().toArray(String[]::new);
        jdbc.query(connection -> {
            PreparedStatement statement = connection.prepareStatement(
                    "SELECT * FROM document_current" + tableSuffix + " WHERE document_id = ANY (?::uuid[])");
            statement.unwrap(PGStatement.class).setPrepareThreshold(0);
            statement.setObject(1, ids);
            return statement;
        }, (RowCallbackHandler) rs -> {
            DocumentView view = DocumentRows.view(rs, "updated_at", "updated_by");
            states.put(view.documentId(), view);
        });
        return states;
    }

    /**
     * Three JDBC batches, which the driver sends as multi-row INSERTs: the new contents, the versions and
     * one upsert of the current row per document (its newest state). The contents are committed on their
     * own first (see {@link #recordBatch} for when they need not be).
     */
    @Override
    public void recordAll(List<RecordedVersion> versions) {
        record(versions, false);
    }

    /**
     * As {@link #recordAll}, with the contents written in the batch's own transaction: one statement
     * instead of a transaction of their own. Deadlock-free as long as every transaction that holds
     * content rows took them in one pass in hash order and waits for nothing else of another's: a batch
     * recorded in one call is such a transaction (its later rows are its own documents' and its
     * segment's), and the contents' own transactions take theirs in hash order too.
     */
    @Override
    public void recordBatch(List<RecordedVersion> versions) {
        record(versions, TransactionSynchronizationManager.isActualTransactionActive());
    }

    private void record(List<RecordedVersion> versions, boolean contentsInTransaction) {
        if (versions.isEmpty()) {
            return;
        }
        if (TransactionSynchronizationManager.isActualTransactionActive()) {
            // The processor's transaction (these rows and its position) commits without waiting for the
            // WAL flush. A crash of PostgreSQL may lose the last such commits, rows and position together,
            // never one without the other: the processor then projects those events again from the
            // position that survived, and recording them is idempotent. The events themselves are always
            // committed durably.
            jdbc.execute("SET LOCAL synchronous_commit = off");
        }
        // Documents of different segments share content rows. Written in a batch's transaction in several
        // passes (a batch with much content records as it goes), two segments writing the same two
        // contents in opposite order would deadlock, so then the rows are committed on their own (sorted by
        // hash, in bounded chunks), before the versions that refer to them: a batch that rolls back leaves
        // only rows its retry reuses. A row keyed by its hash never changes.
        TreeMap<String, byte[]> contents = new TreeMap<>();
        for (RecordedVersion version : versions) {
            if (version.newContent() != null) {
                contents.putIfAbsent(version.state().contentSha256(), version.newContent());
            }
        }
        for (List<Object[]> rows : ContentRows.chunks(contents)) {
            insertContents(rows, contentsInTransaction);
        }

        jdbc.batchUpdate(insertVersion, versions.stream().map(version -> concat(new Object[] {
                version.state().documentId(), version.state().version(), version.change().change().name(),
                DocumentRows.time(version.change().changedAt()), version.change().changedBy(),
                version.change().changeNote(), version.change().changedFields().toArray(String[]::new),
                version.change().revertedToVersion() == 0 ? null : version.change().revertedToVersion()},
                DocumentRows.stateValues(version.state()))).toList());

        // One row per document in one statement (a multi-row upsert may not touch a row twice), in id order.
        TreeMap<String, DocumentView> newest = new TreeMap<>();
        for (RecordedVersion version : versions) {
            newest.merge(version.state().documentId(), version.state(), DocumentView::newer);
        }
        jdbc.batchUpdate(upsertCurrent, newest.values().stream().map(state -> concat(new Object[] {
                state.documentId(), state.version(), DocumentRows.time(state.updatedAt()), state.updatedBy()},
                DocumentRows.stateValues(state))).toList());
    }

    /** COPY into the tables, which must hold none of the versions added (see {@link PostgresBulkLoad}). */
    @Override
    public BulkLoad bulkLoad() {
        return new PostgresBulkLoad(jdbc.getDataSource(), tableSuffix, this::insertContents);
    }

    private void insertContents(List<Object[]> rows) {
        insertContents(rows, false);
    }

    private void insertContents(List<Object[]> rows, boolean inTransaction) {
        if (rows.isEmpty()) {
            return;
        }
        if (inTransaction) {
            jdbc.batchUpdate(insertContent, rows);
        } else {
            contentTransaction.executeWithoutResult(status -> jdbc.batchUpdate(insertContent, rows));
        }
    }

    private static Object[] concat(Object[] head, Object[] tail) {
        Object[] all = java.util.Arrays.copyOf(head, head.length + tail.length);
        System.arraycopy(tail, 0, all, head.length, tail.length);
        return all;
    }
}
