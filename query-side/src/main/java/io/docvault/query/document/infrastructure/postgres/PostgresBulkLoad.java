package io.docvault.query.document.infrastructure.postgres;

import io.docvault.query.document.model.DocumentHistoryStore.BulkLoad;
import io.docvault.query.document.model.DocumentHistoryStore.RecordedVersion;
import io.docvault.query.document.model.DocumentView;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.copy.PGCopyOutputStream;

/**
 * Streams a rebuild's versions into the next generation's tables with {@code COPY}, one stream for
 * the version rows and one for the current rows (written when a document's last version has passed),
 * with none of the conflict checks {@code INSERT … ON CONFLICT} makes: the tables are new and nothing
 * else writes them yet. Contents go in batches that skip hashes already there, as in the live path.
 */
final class PostgresBulkLoad implements BulkLoad {

    private static final int COPY_BUFFER_BYTES = 1 << 16;
    private static final long CONTENT_BATCH_BYTES = 8L << 20;
    private static final int CONTENT_BATCH_ROWS = 1_000;
    /** Hashes written lately, not written again (a miss only costs an insert that does nothing). */
    private static final int RECENT_CONTENTS = 100_000;

    private final Connection versionConnection;
    private final Connection currentConnection;
    private final PGCopyOutputStream versions;
    private final PGCopyOutputStream current;
    private final Consumer<List<Object[]>> insertContents;
    private final CopyRow row = new CopyRow();
    private final Map<String, Boolean> recentContents = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > RECENT_CONTENTS;
        }
    };
    private List<Object[]> contents = new ArrayList<>();
    private long contentBytes;
    private DocumentView last;
    private boolean finished;

    PostgresBulkLoad(DataSource dataSource, String tableSuffix, Consumer<List<Object[]>> insertContents) {
        this.insertContents = insertContents;
        Connection versionConnection = null;
        Connection currentConnection = null;
        PGCopyOutputStream versions = null;
        try {
            versionConnection = dataSource.getConnection();
            currentConnection = dataSource.getConnection();
            versions = new PGCopyOutputStream(versionConnection.unwrap(PGConnection.class),
                    "COPY document_version" + tableSuffix + " (document_id, version, change_kind, changed_at, changed_by, "
                            + "change_note, changed_fields, reverted_to, " + DocumentRows.STATE_COLUMNS + ") FROM STDIN",
                    COPY_BUFFER_BYTES);
            this.current = new PGCopyOutputStream(currentConnection.unwrap(PGConnection.class),
                    "COPY document_current" + tableSuffix + " (document_id, version, updated_at, updated_by, "
                            + DocumentRows.STATE_COLUMNS + ") FROM STDIN",
                    COPY_BUFFER_BYTES);
        } catch (SQLException e) {
            release(versionConnection, versions);
            release(currentConnection, null);
            throw new IllegalStateException("could not start the bulk load of the read model", e);
        }
        this.versions = versions;
        this.versionConnection = versionConnection;
        this.currentConnection = currentConnection;
    }

    @Override
    public void addAll(List<RecordedVersion> versions) {
        versions.forEach(this::add);
    }

    private void add(RecordedVersion version) {
        DocumentView state = version.state();
        if (last != null && !last.documentId().equals(state.documentId())) {
            writeCurrent(last);
        }
        last = state;
        var change = version.change();
        row.text(state.documentId()).number(state.version()).text(change.change().name()).time(change.changedAt())
                .text(change.changedBy()).text(change.changeNote()).array(change.changedFields());
        if (change.revertedToVersion() == 0) {
            row.nul();
        } else {
            row.number(change.revertedToVersion());
        }
        write(versions, DocumentRows.copyState(row, state).end());
        if (version.newContent() != null && recentContents.put(state.contentSha256(), Boolean.TRUE) == null) {
            contents.add(new Object[] {state.contentSha256(), version.newContent()});
            contentBytes += version.newContent().length;
            if (contentBytes >= CONTENT_BATCH_BYTES || contents.size() >= CONTENT_BATCH_ROWS) {
                flushContents();
            }
        }
    }

    @Override
    public void finish() {
        if (last != null) {
            writeCurrent(last);
        }
        flushContents();
        try {
            versions.endCopy();
            current.endCopy();
            commit(versionConnection);
            commit(currentConnection);
            finished = true;
        } catch (SQLException e) {
            throw new IllegalStateException("the bulk load of the read model failed", e);
        }
    }

    @Override
    public void close() {
        release(versionConnection, finished ? null : versions);
        release(currentConnection, finished ? null : current);
    }

    private void writeCurrent(DocumentView state) {
        row.text(state.documentId()).number(state.version()).time(state.updatedAt()).text(state.updatedBy());
        write(current, DocumentRows.copyState(row, state).end());
    }

    private void flushContents() {
        if (!contents.isEmpty()) {
            insertContents.accept(contents);
            contents = new ArrayList<>();
            contentBytes = 0;
        }
    }

    private static void commit(Connection connection) throws SQLException {
        if (!connection.getAutoCommit()) {
            connection.commit();
        }
    }

    private static void write(PGCopyOutputStream copy, byte[] line) {
        try {
            copy.write(line);
        } catch (IOException e) {
            throw new UncheckedIOException("the bulk load of the read model failed", e);
        }
    }

    /**
     * Gives the connection back, after cancelling its COPY if one is still open. A connection whose COPY
     * could not be cancelled is closed for good (its physical connection), so the pool never hands out
     * one that is still in the middle of a COPY.
     */
    private static void release(Connection connection, PGCopyOutputStream copy) {
        if (connection == null) {
            return;
        }
        if (copy != null && copy.isActive()) {
            try {
                copy.cancelCopy();
            } catch (SQLException e) {
                try {
                    ((Connection) connection.unwrap(PGConnection.class)).close();
                } catch (SQLException ignored) {
                    // Closed or broken already: the pool drops it when it finds it so.
                }
            }
        }
        closeQuietly(connection);
    }

    private static void closeQuietly(Connection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                // Nothing more to release.
            }
        }
    }
}
