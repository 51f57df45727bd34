package io.docvault.query.document.application;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import com.github.difflib.patch.Patch;
import io.docvault.api.error.BinaryContentException;
import io.docvault.query.document.model.DocumentView;
import io.docvault.query.document.model.StoredDocument;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/** What differs between two versions of a document: fields, and text content as a unified diff. */
public final class VersionDiff {

    static final int CONTEXT_LINES = 3;
    private static final ObjectMapper JSON = new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    /** One field whose value differs, as text. */
    public record FieldChange(String field, String from, String to) {
    }

    public record Result(List<FieldChange> fieldChanges, String contentDiff) {
    }

    private VersionDiff() {
    }

    static Result between(StoredDocument from, StoredDocument to) {
        DocumentView a = from.view();
        DocumentView b = to.view();
        List<FieldChange> changes = new ArrayList<>();
        compare(changes, "title", a, b, DocumentView::title);
        compare(changes, "content", a, b, DocumentView::contentSha256);
        compare(changes, "content_type", a, b, DocumentView::contentType);
        compare(changes, "status", a, b, v -> v.status().name());
        compare(changes, "author", a, b, DocumentView::author);
        compare(changes, "tags", a, b, v -> json(v.tags()));
        compare(changes, "category", a, b, DocumentView::category);
        compare(changes, "metadata", a, b, v -> json(v.metadata()));
        compare(changes, "deleted", a, b, v -> Boolean.toString(v.deleted()));
        String contentDiff = a.contentSha256().equals(b.contentSha256())
                ? ""
                : unifiedDiff(a, text(a, from.content()), b, text(b, to.content()));
        return new Result(List.copyOf(changes), contentDiff);
    }

    private static void compare(List<FieldChange> changes, String field, DocumentView a, DocumentView b,
                                Function<DocumentView, String> value) {
        String from = value.apply(a);
        String to = value.apply(b);
        if (!Objects.equals(from, to)) {
            changes.add(new FieldChange(field, from, to));
        }
    }

    private static String unifiedDiff(DocumentView a, String from, DocumentView b, String to) {
        List<String> fromLines = Arrays.asList(from.split("\n", -1));
        List<String> toLines = Arrays.asList(to.split("\n", -1));
        Patch<String> patch = DiffUtils.diff(fromLines, toLines);
        List<String> diff = UnifiedDiffUtils.generateUnifiedDiff(
                "version " + a.version(), "version " + b.version(), fromLines, patch, CONTEXT_LINES);
        return String.join("\n", diff) + "\n";
    }

    /** The content as text, if it is valid UTF-8 without NUL characters; else the diff is refused. */
    private static String text(DocumentView view, byte[] content) {
        try {
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(content))
                    .toString();
            if (text.indexOf('\0') < 0) {
                return text;
            }
        } catch (CharacterCodingException e) {
            // not UTF-8: binary
        }
        throw new BinaryContentException(view.documentId(), view.version(), view.contentType());
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("lists and maps of strings always serialize", e);
        }
    }
}
