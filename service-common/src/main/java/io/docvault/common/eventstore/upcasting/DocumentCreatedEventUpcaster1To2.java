package io.docvault.common.eventstore.upcasting;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.docvault.api.event.DocumentCreatedEvent;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.axonframework.serialization.upcasting.event.SingleEventUpcaster;
import org.springframework.core.annotation.Order;

/**
 * Reads stored revision 1 of {@link DocumentCreatedEvent} as revision 2: without the content's bytes
 * ({@code content}), which stay in the stored event, where the read side finds them
 * ({@code io.docvault.common.eventstore.EventContents}).
 */
@Order(1)
public final class DocumentCreatedEventUpcaster1To2 extends SingleEventUpcaster {

    static final SimpleSerializedType REVISION_1 = new SimpleSerializedType(DocumentCreatedEvent.class.getName(), "1");
    static final SimpleSerializedType REVISION_2 = new SimpleSerializedType(DocumentCreatedEvent.class.getName(), "2");

    @Override
    protected boolean canUpcast(IntermediateEventRepresentation representation) {
        return REVISION_1.equals(representation.getType());
    }

    @Override
    protected IntermediateEventRepresentation doUpcast(IntermediateEventRepresentation representation) {
        return representation.upcastPayload(REVISION_2, JsonNode.class, DocumentCreatedEventUpcaster1To2::upcast);
    }

    static JsonNode upcast(JsonNode revision1) {
        ObjectNode event = ((ObjectNode) revision1).deepCopy();
        event.remove("content");
        return event;
    }
}
