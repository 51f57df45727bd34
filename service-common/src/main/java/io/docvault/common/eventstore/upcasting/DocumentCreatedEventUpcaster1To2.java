package io.docvault.common.eventstore.upcasting;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.docvault.api.event.DocumentCreatedEvent;
import org.springframework.core.annotation.Order;

/**
 * Reads stored revision 1 of {@link DocumentCreatedEvent} as revision 2: without the content's bytes
 * ({@code content}), which stay in the stored event, where the read side finds them
 * ({@code io.docvault.common.eventstore.EventContents}).
 */
@Order(1)
public final class DocumentCreatedEventUpcaster1To2 extends JsonRevisionUpcaster {

    public DocumentCreatedEventUpcaster1To2() {
        super(DocumentCreatedEvent.class, "1", "2");
    }

    @Override
    JsonNode upcast(ObjectNode event) {
        event.remove("content");
        return event;
    }
}
