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
 * deadlock, and before the events that name them ({@link #joinRoot}). The root is where Axon appends
 * the events too, so both reach the database in the same transaction, or neither does. A nested unit of work that rolls back while its root commits would
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
        pending(CurrentUnitOfWork.get().root()).putIfAbsent(sha256, content);
    }

    /**
     * Makes {@code root} write the contents its commands store before their events: called before a group
     * commit's first command, since Axon prepares a commit in the order of registration and the events'
     * append registers with the first event. A command alone stores its content before it applies its
     * event. So every transaction locks a content before the event that names it, and two transactions
     * writing the same document and content (two instances) cannot deadlock on the pair.
     */
    void joinRoot(UnitOfWork<?> root) {
        pending(root);
    }

    private SortedMap<String, byte[]> pending(UnitOfWork<?> root) {
        return root.getOrComputeResource(PENDING, key -> {
            SortedMap<String, byte[]> contents = new TreeMap<>();
            root.onPrepareCommit(u -> insert(contents));
            return contents;
        });
    }

    private void insert(SortedMap<String, byte[]> contents) {
        ContentRows.chunks(contents).forEach(rows -> jdbc.batchUpdate(INSERT, rows));
    }
}
