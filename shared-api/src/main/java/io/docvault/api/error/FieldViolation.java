package io.docvault.api.error;

/** One problem with one request field, named by its wire name (e.g. {@code update_mask.paths[1]}). */
public record FieldViolation(String field, String description) {
}
