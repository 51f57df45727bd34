package io.docvault.query.document.model;

import io.docvault.api.document.DocumentStatus;

/**
 * Which documents a list shows. {@code null} criteria match everything; soft-deleted documents are
 * left out unless {@link Deleted#INCLUDE} or {@link Deleted#ONLY} is asked for.
 */
public record DocumentFilter(DocumentStatus status, String author, String tag, String category, Deleted deleted) {

    public enum Deleted { EXCLUDE, INCLUDE, ONLY }
}
