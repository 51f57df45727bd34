package io.docvault.generation.application;

import java.util.Map;

/**
 * A generated PDF to be stored as a new document.
 *
 * @param documentId the id to create it under (derived from the request's idempotency key, so a
 *                   retried store finds the first one); empty = a new id
 * @param metadata provenance: template id and version, data digest, generator
 */
public record OutputDocument(String documentId, String title, byte[] pdf, Map<String, String> metadata) {

    public OutputDocument {
        metadata = Map.copyOf(metadata);
    }
}
