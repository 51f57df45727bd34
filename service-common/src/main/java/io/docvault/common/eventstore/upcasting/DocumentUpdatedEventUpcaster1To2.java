package io.docvault.common.eventstore.upcasting;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.docvault.api.event.DocumentUpdatedEvent;
import org.springframework.core.annotation.Order;

/**
 * Reads stored revision 1 of {@link DocumentUpdatedEvent} as revision 2: the separate fields
 * {@code content}, {@code contentSha256} and {@code contentSize} become one {@code content} object
 * {@code {bytes, sha256, size}}, or {@code null} when the content did not change. Runs before
 * {@link DocumentUpdatedEventUpcaster2To3} (Axon orders the chain by {@code @Order}).
 */
@Order(1)
public final class DocumentUpdatedEventUpcaster1To2 extends JsonRevisionUpcaster {

    public DocumentUpdatedEventUpcaster1To2() {
        super(DocumentUpdatedEvent.class, "1", "2");
    }

    @Override
    JsonNode upcast(ObjectNode event) {
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
