package io.docvault.query.document.model;

import io.docvault.query.document.model.DocumentHistoryStore.RecordedVersion;
import java.util.ArrayList;
import java.util.List;

/** A bulk load through {@link DocumentHistoryStore#recordAll}, a thousand versions or 8 MiB of content at a time. */
final class BatchedBulkLoad implements DocumentHistoryStore.BulkLoad {

    private static final int MAX_VERSIONS = 1_000;
    private static final long MAX_CONTENT_BYTES = 8L << 20;

    private final DocumentHistoryStore store;
    private List<RecordedVersion> batch = new ArrayList<>();
    private long contentBytes;

    BatchedBulkLoad(DocumentHistoryStore store) {
        this.store = store;
    }

    @Override
    public void add(RecordedVersion version) {
        batch.add(version);
        contentBytes += version.newContent() == null ? 0 : version.newContent().length;
        if (batch.size() >= MAX_VERSIONS || contentBytes >= MAX_CONTENT_BYTES) {
            flush();
        }
    }

    @Override
    public void finish() {
        flush();
    }

    @Override
    public void close() {
        batch = new ArrayList<>();
    }

    private void flush() {
        if (!batch.isEmpty()) {
            store.recordAll(batch);
            batch = new ArrayList<>();
            contentBytes = 0;
        }
    }
}
