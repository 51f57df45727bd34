package io.docvault.api.document;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The fields an update sets; {@code null} means "leave as it is". An empty string or collection is a
 * real value: it clears the field.
 */
public record DocumentPatch(
        String title,
        byte[] content,
        String contentType,
        DocumentStatus status,
        List<String> tags,
        String category,
        Map<String, String> metadata) {

    public static final DocumentPatch EMPTY = new DocumentPatch(null, null, null, null, null, null, null);

    public DocumentPatch {
        tags = tags == null ? null : List.copyOf(tags);
        metadata = metadata == null ? null : Map.copyOf(metadata);
    }

    /** The fields this patch sets, whether or not their values differ from the current ones. */
    public Set<DocumentField> fields() {
        Set<DocumentField> fields = EnumSet.noneOf(DocumentField.class);
        if (title != null) fields.add(DocumentField.TITLE);
        if (content != null) fields.add(DocumentField.CONTENT);
        if (contentType != null) fields.add(DocumentField.CONTENT_TYPE);
        if (status != null) fields.add(DocumentField.STATUS);
        if (tags != null) fields.add(DocumentField.TAGS);
        if (category != null) fields.add(DocumentField.CATEGORY);
        if (metadata != null) fields.add(DocumentField.METADATA);
        return fields;
    }
}
