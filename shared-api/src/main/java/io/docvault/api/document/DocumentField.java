package io.docvault.api.document;

import java.util.Arrays;
import java.util.Optional;

/** The fields of a document a caller can change, by their wire names. */
public enum DocumentField {
    TITLE("title"),
    CONTENT("content"),
    CONTENT_TYPE("content_type"),
    STATUS("status"),
    TAGS("tags"),
    CATEGORY("category"),
    METADATA("metadata");

    private final String wireName;

    DocumentField(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<DocumentField> fromWireName(String name) {
        return Arrays.stream(values()).filter(f -> f.wireName.equals(name)).findFirst();
    }
}
