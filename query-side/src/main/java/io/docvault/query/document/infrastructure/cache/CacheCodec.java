package io.docvault.query.document.infrastructure.cache;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.docvault.query.document.model.DocumentPage;
import io.docvault.query.document.model.StoredDocument;
import java.io.IOException;
import java.io.UncheckedIOException;

/** How cached read-model records are written to Redis (JSON; content as base64). */
final class CacheCodec {

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule());

    private CacheCodec() {
    }

    static byte[] write(Object value) {
        try {
            return JSON.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static StoredDocument document(byte[] json) {
        return read(json, StoredDocument.class);
    }

    static DocumentPage page(byte[] json) {
        return read(json, DocumentPage.class);
    }

    private static <T> T read(byte[] json, Class<T> type) {
        try {
            return JSON.readValue(json, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
