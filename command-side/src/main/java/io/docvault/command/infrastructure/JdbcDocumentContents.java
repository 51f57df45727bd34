package io.docvault.command.infrastructure;

import io.docvault.command.domain.DocumentContents;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The event store's {@code event_content} table, written on the connection of the command's
 * transaction (the one its events are appended in).
 *
 * <p>Within a unit of work the contents are held until its root prepares to commit and are then
 * written in one batched INSERT, in the order of their hashes: a group commit of many commands (one
 * root, GroupCommitter) writes its contents in one round trip rather than one per command, and two
 * transactions writing some of the same contents lock them in the same order, so they cannot
 * deadlock. The root is where Axon appends the events too, so both reach the database in the same
 * transaction, or neither does. A nested unit of work that rolls back while its root commits would
 * leave its content behind with no event naming it: harmless, as a content row is keyed by its hash
 * and never changes.
 */
class JdbcDocumentContents implements DocumentContents {

    private static final String INSERT =
            "INSERT INTO event_content (content_sha256, content) VALUES (?, ?) ON CONFLICT DO NOTHING";
    /** A batch of large contents is sent in statements of about this many bytes, far below PostgreSQL's limit. */
    private static final long CHUNK_BYTES = 8L << 20;
    private static final String PENDING = JdbcDocumentContents.class.getName() + ".pending";

    private final JdbcTemplate jdbc;

    JdbcDocumentContents(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void store(String sha256, byte[] content) {
        if (!CurrentUnitOfWork.isStarted()) {
            jdbc.update(INSERT, sha256, content);
            return;
        }
        UnitOfWork<?> root = CurrentUnitOfWork.get().root();
        Map<String, byte[]> pending = root.getOrComputeResource(PENDING, key -> {
            Map<String, byte[]> contents = new TreeMap<>();
            root.onPrepareCommit(u -> insert(contents));
            return contents;
        });
        pending.putIfAbsent(sha256, content);
    }

    /** In statements of about {@link #CHUNK_BYTES} at most (one content may be larger), in hash order. */
    private void insert(Map<String, byte[]> contents) {
        List<Object[]> chunk = new ArrayList<>();
        long chunkBytes = 0;
        for (Map.Entry<String, byte[]> content : contents.entrySet()) {
            chunk.add(new Object[] {content.getKey(), content.getValue()});
            chunkBytes += content.getValue().length;
            if (chunkBytes >= CHUNK_BYTES) {
                jdbc.batchUpdate(INSERT, chunk);
                chunk = new ArrayList<>();
                chunkBytes = 0;
            }
        }
        if (!chunk.isEmpty()) {
            jdbc.batchUpdate(INSERT, chunk);
        }
    }
}
