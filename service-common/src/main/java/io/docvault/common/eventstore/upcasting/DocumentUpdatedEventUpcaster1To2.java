package io.docvault.common.eventstore.upcasting;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.docvault.api.event.DocumentUpdatedEvent;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.axonframework.serialization.upcasting.event.SingleEventUpcaster;
import org.springframework.core.annotation.Order;

/**
 * Reads stored revision 1 of {@link DocumentUpdatedEvent} as revision 2: the separate fields
 * {@code content}, {@code contentSha256} and {@code contentSize} become one {@code content} object
 * {@code {bytes, sha256, size}}, or {@code null} when the content did not change.
 */
@Order(1)
public final class DocumentUpdatedEventUpcaster1To2 extends SingleEventUpcaster {

    static final SimpleSerializedType REVISION_1 = new SimpleSerializedType(DocumentUpdatedEvent.class.getName(), "1");
    static final SimpleSerializedType REVISION_2 = new SimpleSerializedType(DocumentUpdatedEvent.class.getName(), "2");

    @Override
    protected boolean canUpcast(IntermediateEventRepresentation representation) {
        return REVISION_1.equals(representation.getType());
    }

    @Override
    protected IntermediateEventRepresentation doUpcast(IntermediateEventRepresentation representation) {
        return representation.upcastPayload(REVISION_2, JsonNode.class, DocumentUpdatedEventUpcaster1To2::upcast);
    }

    static JsonNode upcast(JsonNode revision1) {
        ObjectNode event = ((ObjectNode) revision1).deepCopy();
        JsonNode bytes = event.remove("content");
        JsonNode sha256 = event.remove("contentSha256");
        JsonNode size = event.remove("contentSize");
        if (bytes == null || bytes.isNull()) {
            event.putNull("content");
        } else {
            ObjectNode content = event.putObject("content");
            content.set("bytes", bytes);
            content.set("sha256", sha256);
            content.set("size", size);
        }
        return event;
    }
}
