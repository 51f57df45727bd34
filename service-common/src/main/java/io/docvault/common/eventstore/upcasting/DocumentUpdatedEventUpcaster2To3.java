package io.docvault.common.eventstore.upcasting;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.docvault.api.event.DocumentUpdatedEvent;
import org.springframework.core.annotation.Order;

/**
 * Reads stored revision 2 of {@link DocumentUpdatedEvent} (and revision 1, once
 * {@link DocumentUpdatedEventUpcaster1To2} made it revision 2) as revision 3: {@code content} without
 * its {@code bytes}, which stay in the stored event, where the read side finds them
 * ({@code io.docvault.common.eventstore.EventContents}).
 */
@Order(2)
public final class DocumentUpdatedEventUpcaster2To3 extends JsonRevisionUpcaster {

    public DocumentUpdatedEventUpcaster2To3() {
        super(DocumentUpdatedEvent.class, "2", "3");
    }

    @Override
    JsonNode upcast(ObjectNode event) {
        if (event.get("content") instanceof ObjectNode content) {
            content.remove("bytes");
        }
        return event;
    }
}
