package io.docvault.common.eventstore.chain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Adds each published domain event's {@link EventChain} link to its metadata, computed over the
 * payload exactly as the storage engine will store it (the same bytes, the same timestamp characters).
 *
 * <p>The previous link comes from the same unit of work when it applied several events, else from a
 * bounded cache of links committed by this process, else from the stored previous event. A link is
 * cached only after its transaction committed, so a rolled-back event never serves as a predecessor;
 * an append that loses a race with another process fails on the sequence number and is retried with
 * the winner's link.
 */
public class ChainedEventLinks implements MessageDispatchInterceptor<EventMessage<?>> {

    private static final String PENDING = ChainedEventLinks.class.getName() + ".pending";
    private static final int CACHED_DOCUMENTS = 100_000;

    private final Serializer eventSerializer;
    private final JdbcTemplate jdbc;
    private final ObjectMapper objectMapper;
    private final Map<String, Link> committed = java.util.Collections.synchronizedMap(
            new LinkedHashMap<>(1024, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Link> eldest) {
                    return size() > CACHED_DOCUMENTS;
                }
            });

    public ChainedEventLinks(Serializer eventSerializer, JdbcTemplate jdbc, ObjectMapper objectMapper) {
        this.eventSerializer = eventSerializer;
        this.jdbc = jdbc;
        this.objectMapper = objectMapper;
    }

    private record Link(long sequence, String hash) {
    }

    @Override
    public BiFunction<Integer, EventMessage<?>, EventMessage<?>> handle(List<? extends EventMessage<?>> messages) {
        return (index, message) -> message instanceof DomainEventMessage<?> event ? chained(event) : message;
    }

    private EventMessage<?> chained(DomainEventMessage<?> event) {
        String aggregateId = event.getAggregateIdentifier();
        long sequence = event.getSequenceNumber();
        SerializedObject<byte[]> payload = eventSerializer.serialize(event.getPayload(), byte[].class);
        String link = EventChain.link(previous(aggregateId, sequence), aggregateId, sequence, event.getIdentifier(),
                payload.getType().getName(), payload.getType().getRevision(),
                StoredTimestamps.format(event.getTimestamp()), payload.getData());
        remember(aggregateId, new Link(sequence, link));
        DomainEventMessage<?> chained = event.andMetaData(Map.of(EventChain.METADATA_KEY, link));
        return chained instanceof GenericDomainEventMessage<?> generic
                ? new SerializedOnce<>(generic, eventSerializer, payload) : chained;
    }

    /**
     * A chained event holding the payload bytes its link was computed over: the storage engine asks the
     * message for its payload serialized by the same serializer as bytes and gets these, instead of a
     * second serialization (Axon keeps a message's serialized forms, but not across {@code andMetaData}).
     * Any other serializer or representation serializes as usual.
     */
    private static final class SerializedOnce<T> extends GenericDomainEventMessage<T> {

        private final transient Serializer serializer;
        private final transient SerializedObject<byte[]> payload;

        private SerializedOnce(GenericDomainEventMessage<T> event, Serializer serializer, SerializedObject<byte[]> payload) {
            super(event.getType(), event.getAggregateIdentifier(), event.getSequenceNumber(), event, event.getTimestamp());
            this.serializer = serializer;
            this.payload = payload;
        }

        @Override
        @SuppressWarnings("unchecked")
        public <R> SerializedObject<R> serializePayload(Serializer requested, Class<R> representation) {
            return requested == serializer && representation == byte[].class
                    ? (SerializedObject<R>) payload : super.serializePayload(requested, representation);
        }
    }

    private String previous(String aggregateId, long sequence) {
        if (sequence == 0) {
            return EventChain.GENESIS;
        }
        return pending().map(links -> links.get(aggregateId))
                .or(() -> Optional.ofNullable(committed.get(aggregateId)))
                .filter(link -> link.sequence() == sequence - 1)
                .map(Link::hash)
                .orElseGet(() -> stored(aggregateId, sequence - 1));
    }

    /** The link stored with an event; an event stored without one chains on from the empty link. */
    private String stored(String aggregateId, long sequence) {
        List<byte[]> metaData = jdbc.query("SELECT meta_data FROM domain_event_entry "
                        + "WHERE aggregate_identifier = ? AND sequence_number = ?",
                (rs, row) -> rs.getBytes(1), aggregateId, sequence);
        if (metaData.isEmpty() || metaData.get(0) == null) {
            return EventChain.GENESIS;
        }
        try {
            JsonNode link = objectMapper.readTree(metaData.get(0)).get(EventChain.METADATA_KEY);
            return link == null ? EventChain.GENESIS : link.asText();
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable metadata of event " + sequence + " of " + aggregateId, e);
        }
    }

    private void remember(String aggregateId, Link link) {
        if (!CurrentUnitOfWork.isStarted()) {
            return;
        }
        UnitOfWork<?> unitOfWork = CurrentUnitOfWork.get().root();
        Map<String, Link> links = unitOfWork.getOrComputeResource(PENDING, key -> {
            Map<String, Link> created = new HashMap<>();
            unitOfWork.afterCommit(done -> committed.putAll(created));
            return created;
        });
        links.put(aggregateId, link);
    }

    private static Optional<Map<String, Link>> pending() {
        return CurrentUnitOfWork.isStarted()
                ? Optional.ofNullable(CurrentUnitOfWork.get().root().getResource(PENDING))
                : Optional.empty();
    }
}
