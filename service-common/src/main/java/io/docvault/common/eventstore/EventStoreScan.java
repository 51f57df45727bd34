package io.docvault.common.eventstore;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import javax.sql.DataSource;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventUtils;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.TrackedDomainEventData;
import org.axonframework.eventhandling.TrackedEventData;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.upcasting.event.EventUpcaster;

/**
 * Reads every event stored, in one pass over one snapshot of the store: one aggregate's stream after
 * another, each in sequence order, upcast and deserialized as Axon's storage engine does. For a
 * rebuild's bulk pass, which needs no tracking per event, and then hands over to a tracking processor
 * at the position {@link #scan} returns.
 */
public class EventStoreScan {

    /**
     * Rows per fetch, all held in memory at once (as the storage engine's event-batch-size): events
     * stored before they named their content carry it, so a fetch of old 1 MiB documents is 130 MB.
     */
    private static final int FETCH_SIZE = 100;
    /**
     * As Axon's JdbcEventStorageEngine (its default): an index missing further behind the newest one is
     * not expected to appear any more, so it is no gap a processor waits for.
     */
    private static final int MAX_GAP_OFFSET = 10_000;
    private static final String SCAN = "SELECT global_index, type, aggregate_identifier, sequence_number, "
            + "event_identifier, time_stamp, payload_type, payload_revision, payload, meta_data "
            + "FROM domain_event_entry WHERE global_index <= ? ORDER BY aggregate_identifier, sequence_number";

    private final DataSource dataSource;
    private final Serializer serializer;
    private final EventUpcaster upcasterChain;

    public EventStoreScan(DataSource dataSource, Serializer serializer, EventUpcaster upcasterChain) {
        this.dataSource = dataSource;
        this.serializer = serializer;
        this.upcasterChain = upcasterChain;
    }

    /**
     * Hands every event stored when the scan starts to {@code handler}, on the calling thread, and
     * returns the position from which a tracking processor sees exactly the events the scan did not:
     * the newest event's index, with the missing indexes just before it as gaps (transactions still
     * running when the scan began may yet commit them). Null when the store was empty.
     */
    public TrackingToken scan(Consumer<? super DomainEventMessage<?>> handler) {
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            int isolation = connection.getTransactionIsolation();
            connection.setAutoCommit(false);
            // One snapshot for the head, the gaps and the scan.
            connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            try {
                TrackingToken resumeAt = scan(connection, handler);
                connection.commit();
                return resumeAt;
            } catch (RuntimeException | SQLException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setTransactionIsolation(isolation);
                connection.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the event store", e);
        }
    }

    private TrackingToken scan(Connection connection, Consumer<? super DomainEventMessage<?>> handler)
            throws SQLException {
        long head;
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT max(global_index) FROM domain_event_entry")) {
            rs.next();
            head = rs.getLong(1);
            if (rs.wasNull()) {
                return null;
            }
        }
        TreeSet<Long> gaps = new TreeSet<>();
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT global_index FROM domain_event_entry WHERE global_index > ? ORDER BY global_index")) {
            long from = Math.max(0, head - MAX_GAP_OFFSET);
            statement.setLong(1, from);
            try (ResultSet rs = statement.executeQuery()) {
                long expected = from + 1;
                while (rs.next() && expected <= head) {
                    long index = rs.getLong(1);
                    for (; expected < Math.min(index, head + 1); expected++) {
                        gaps.add(expected);
                    }
                    expected = index + 1;
                }
            }
        }
        try (PreparedStatement statement = connection.prepareStatement(SCAN, ResultSet.TYPE_FORWARD_ONLY,
                ResultSet.CONCUR_READ_ONLY)) {
            statement.setFetchSize(FETCH_SIZE);
            statement.setLong(1, head);
            try (ResultSet rs = statement.executeQuery()) {
                EventUtils.upcastAndDeserializeTrackedEvents(rows(rs), serializer, upcasterChain)
                        .forEach(message -> {
                            if (Thread.currentThread().isInterrupted()) {
                                throw new IllegalStateException("the event store scan was interrupted");
                            }
                            handler.accept((DomainEventMessage<?>) message);
                        });
            }
        }
        return GapAwareTrackingToken.newInstance(head, gaps);
    }

    /** The rows as Axon's storage engine reads them (timestamp as text, payload and metadata as bytes). */
    private static Stream<TrackedEventData<?>> rows(ResultSet rs) {
        return StreamSupport.stream(new Spliterators.AbstractSpliterator<TrackedEventData<?>>(Long.MAX_VALUE,
                Spliterator.ORDERED | Spliterator.NONNULL) {
            @Override
            public boolean tryAdvance(Consumer<? super TrackedEventData<?>> action) {
                try {
                    if (!rs.next()) {
                        return false;
                    }
                    action.accept(new TrackedDomainEventData<>(new GlobalSequenceTrackingToken(rs.getLong(1)),
                            new GenericDomainEventEntry<>(rs.getString(2), rs.getString(3), rs.getLong(4),
                                    rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8),
                                    rs.getBytes(9), rs.getBytes(10))));
                    return true;
                } catch (SQLException e) {
                    throw new IllegalStateException("could not read the event store", e);
                }
            }
        }, false);
    }
}
