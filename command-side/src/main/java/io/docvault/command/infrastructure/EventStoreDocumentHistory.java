package io.docvault.command.infrastructure;

import io.docvault.api.command.DocumentFields;
import io.docvault.command.application.DocumentHistory;
import io.docvault.command.domain.DocumentEvolution;
import java.util.Optional;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;

/**
 * Folds a document's first events into its fields at a version. Reads the stored events from sequence
 * 0 on (never a snapshot), so every version's fields can be rebuilt.
 */
class EventStoreDocumentHistory implements DocumentHistory {

    private final EventStore eventStore;

    EventStoreDocumentHistory(EventStore eventStore) {
        this.eventStore = eventStore;
    }

    @Override
    public Optional<DocumentFields> fieldsAt(String documentId, long version) {
        DomainEventStream stream = eventStore.readEvents(documentId, 0);
        Iterable<Object> payloads = () -> new java.util.Iterator<>() {
            @Override
            public boolean hasNext() {
                return stream.hasNext();
            }

            @Override
            public Object next() {
                DomainEventMessage<?> event = stream.next();
                return event.getPayload();
            }
        };
        return DocumentEvolution.at(payloads, version);
    }
}
