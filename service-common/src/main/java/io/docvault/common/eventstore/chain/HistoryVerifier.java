package io.docvault.common.eventstore.chain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Recomputes the {@link EventChain} of stored events from their rows, streaming them in document and
 * sequence order, and reports each document's first broken link: an event whose stored link differs
 * from the recomputed one (its row was edited), a missing link, or a gap in the sequence (a row was
 * removed).
 */
public class HistoryVerifier {

    private static final String COLUMNS = "SELECT aggregate_identifier, sequence_number, event_identifier, "
            + "payload_type, payload_revision, time_stamp, payload, meta_data FROM domain_event_entry ";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate readOnly;
    private final ObjectMapper objectMapper;

    public HistoryVerifier(JdbcTemplate jdbc, PlatformTransactionManager transactionManager, ObjectMapper objectMapper) {
        // PostgreSQL streams a result with a fetch size only inside a transaction.
        this.jdbc = new JdbcTemplate(jdbc.getDataSource());
        this.jdbc.setFetchSize(500);
        this.readOnly = new TransactionTemplate(transactionManager);
        this.readOnly.setReadOnly(true);
        this.objectMapper = objectMapper;
    }

    /** Verifies one document's events. */
    public HistoryVerification verifyDocument(String documentId) {
        return verify(COLUMNS + "WHERE aggregate_identifier = ? ORDER BY sequence_number", 1, true, documentId);
    }

    /** Verifies every document's events, reporting at most {@code maxBroken} broken documents. */
    public HistoryVerification verifyAll(int maxBroken) {
        return verify(COLUMNS + "ORDER BY aggregate_identifier, sequence_number", maxBroken, false);
    }

    private HistoryVerification verify(String sql, int maxBroken, boolean withHead, Object... arguments) {
        Walk walk = new Walk(maxBroken);
        readOnly.executeWithoutResult(status -> jdbc.query(sql, walk, arguments));
        String head = withHead && walk.broken.isEmpty() && walk.documents == 1 ? walk.previousLink : "";
        return new HistoryVerification(walk.documents, walk.events, List.copyOf(walk.broken), head);
    }

    private final class Walk implements RowCallbackHandler {
        private final int maxBroken;
        private final List<HistoryVerification.BrokenLink> broken = new ArrayList<>();
        private long documents;
        private long events;
        private String documentId;
        private long expectedSequence;
        private String previousLink;
        private boolean documentBroken;

        Walk(int maxBroken) {
            this.maxBroken = maxBroken;
        }

        @Override
        public void processRow(ResultSet row) throws SQLException {
            String aggregateId = row.getString("aggregate_identifier");
            if (!aggregateId.equals(documentId)) {
                documentId = aggregateId;
                documents++;
                expectedSequence = 0;
                previousLink = EventChain.GENESIS;
                documentBroken = false;
            }
            events++;
            long sequence = row.getLong("sequence_number");
            String stored = storedLink(row.getBytes("meta_data"));
            if (!documentBroken) {
                if (sequence != expectedSequence) {
                    breaks(expectedSequence, "version " + (expectedSequence + 1) + " is missing from the event store");
                } else if (stored == null) {
                    breaks(sequence, "the event carries no readable chain link");
                } else {
                    String recomputed = EventChain.link(previousLink, aggregateId, sequence,
                            row.getString("event_identifier"), row.getString("payload_type"),
                            row.getString("payload_revision"), row.getString("time_stamp"), row.getBytes("payload"));
                    if (!recomputed.equals(stored)) {
                        breaks(sequence, "the stored event does not match its chain link (edited, or linked to "
                                + "another predecessor)");
                    }
                }
            }
            previousLink = stored == null ? EventChain.GENESIS : stored;
            expectedSequence = sequence + 1;
        }

        private void breaks(long sequence, String reason) {
            documentBroken = true;
            if (broken.size() < maxBroken) {
                broken.add(new HistoryVerification.BrokenLink(documentId, sequence + 1, reason));
            }
        }

        private String storedLink(byte[] metaData) {
            if (metaData == null) {
                return null;
            }
            try {
                JsonNode link = objectMapper.readTree(metaData).get(EventChain.METADATA_KEY);
                return link == null || !link.isTextual() ? null : link.asText();
            } catch (IOException unreadable) {
                return null;
            }
        }
    }
}
