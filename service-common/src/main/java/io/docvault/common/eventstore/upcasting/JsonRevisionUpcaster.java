package io.docvault.common.eventstore.upcasting;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.axonframework.serialization.upcasting.event.SingleEventUpcaster;

/** Reads one stored revision of an event's JSON payload as the next, through {@link #upcast}. */
abstract class JsonRevisionUpcaster extends SingleEventUpcaster {

    private final SimpleSerializedType from;
    private final SimpleSerializedType to;

    JsonRevisionUpcaster(Class<?> eventType, String fromRevision, String toRevision) {
        this.from = new SimpleSerializedType(eventType.getName(), fromRevision);
        this.to = new SimpleSerializedType(eventType.getName(), toRevision);
    }

    /** Turns a copy of the stored payload into the next revision's. */
    abstract JsonNode upcast(ObjectNode stored);

    @Override
    protected boolean canUpcast(IntermediateEventRepresentation representation) {
        return from.equals(representation.getType());
    }

    @Override
    protected IntermediateEventRepresentation doUpcast(IntermediateEventRepresentation representation) {
        return representation.upcastPayload(to, JsonNode.class, stored -> upcast(((ObjectNode) stored).deepCopy()));
    }
}
