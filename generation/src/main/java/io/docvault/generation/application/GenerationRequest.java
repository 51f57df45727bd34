package io.docvault.generation.application;

import io.docvault.generation.engine.RenderOptions;
import java.util.Map;

/**
 * One generation.
 *
 * @param templateVersion 0 = the latest
 * @param data the placeholder values (strings, numbers, booleans, lists, nested maps)
 * @param dataSha256 hex SHA-256 of the data's deterministic serialization, recorded as provenance
 * @param title of the output document; empty = the template's title
 * @param requestId idempotency key of the output's store; empty = none
 */
public record GenerationRequest(
        String templateId,
        long templateVersion,
        Map<String, Object> data,
        String dataSha256,
        RenderOptions render,
        String title,
        String requestId) {
}
