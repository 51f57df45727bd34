package io.docvault.command.infrastructure;

import io.docvault.command.domain.DocumentContents;
import io.docvault.common.eventstore.ContentRows;
import java.util.SortedMap;
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
        SortedMap<String, byte[]> pending = root.getOrComputeResource(PENDING, key -> {
            SortedMap<String, byte[]> contents = new TreeMap<>();
            root.onPrepareCommit(u -> insert(contents));
            return contents;
        });
        pending.putIfAbsent(sha256, content);
    }

    private void insert(SortedMap<String, byte[]> contents) {
        ContentRows.chunks(contents).forEach(rows -> jdbc.batchUpdate(INSERT, rows));
    }
}
