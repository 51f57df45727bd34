package io.docvault.common.eventstore.upcasting;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.docvault.api.event.DocumentUpdatedEvent;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.axonframework.serialization.upcasting.event.SingleEventUpcaster;
import org.springframework.core.annotation.Order;

/**
 * Reads stored revision 2 of {@link DocumentUpdatedEvent} (and revision 1, once
 * {@link DocumentUpdatedEventUpcaster1To2} made it revision 2) as revision 3: {@code content} without
 * its {@code bytes}, which stay in the stored event, where the read side finds them
 * ({@code io.docvault.common.eventstore.EventContents}).
 */
@Order(2)
public final class DocumentUpdatedEventUpcaster2To3 extends SingleEventUpcaster {

    static final SimpleSerializedType REVISION_3 = new SimpleSerializedType(DocumentUpdatedEvent.class.getName(), "3");

    @Override
    protected boolean canUpcast(IntermediateEventRepresentation representation) {
        return DocumentUpdatedEventUpcaster1To2.REVISION_2.equals(representation.getType());
    }

    @Override
    protected IntermediateEventRepresentation doUpcast(IntermediateEventRepresentation representation) {
        return representation.upcastPayload(REVISION_3, JsonNode.class, DocumentUpdatedEventUpcaster2To3::upcast);
    }

    static JsonNode upcast(JsonNode revision2) {
        ObjectNode event = ((ObjectNode) revision2).deepCopy();
        if (event.get("content") instanceof ObjectNode content) {
            content.remove("bytes");
        }
        return event;
    }
}
