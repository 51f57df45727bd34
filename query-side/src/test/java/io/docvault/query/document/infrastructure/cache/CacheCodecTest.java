package io.docvault.query.document.infrastructure.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.docvault.api.document.DocumentStatus;
import io.docvault.query.document.model.DocumentPage;
import io.docvault.query.document.model.DocumentView;
import io.docvault.query.document.model.StoredDocument;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CacheCodecTest {

    private static final Instant CREATED = Instant.parse("2026-12-02T10:15:30.123456789Z");

    @Test
    void aDocumentWithEveryFieldSetComesBackEqual() {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("owner", "Zoë Ångström");
        metadata.put("", "an empty key");
        metadata.put("emoji", "\uD83D\uDCC4 \u4E2D\u6587");
        DocumentView view = new DocumentView("7d0b7c1e-3f0a-4c55-9a39-4a1f7c2b9e10", 42, "Ünïcode title",
                "ab".repeat(32), 5, "text/plain", DocumentStatus.PUBLISHED, "author", List.of("b", "a", "b"),
                "category", metadata, CREATED, "creator", CREATED.plusSeconds(60), "updater", true,
                CREATED.plusSeconds(120), "deleter", "a reason");
        byte[] content = "hello".getBytes(StandardCharsets.UTF_8);

        StoredDocument read = CacheCodec.document(CacheCodec.write(new StoredDocument(view, content)));

        assertThat(read.view()).isEqualTo(view);
        assertThat(read.view().tags()).containsExactly("b", "a", "b");
        assertThat(read.content()).isEqualTo(content);
    }

    @Test
    void absentValuesStayAbsent() {
        DocumentView view = live(1);

        StoredDocument read = CacheCodec.document(CacheCodec.write(new StoredDocument(view, null)));

        assertThat(read.view()).isEqualTo(view);
        assertThat(read.view().deletedAt()).isNull();
        assertThat(read.view().deletedBy()).isNull();
        assertThat(read.content()).isNull();
    }

    @Test
    void contentOfEveryByteValueAndOfAnyLengthComesBackExactly() {
        Random random = new Random(7);
        for (int length : new int[] {0, 1, 255, 256, 4096, 1 << 20}) {
            byte[] content = new byte[length];
            random.nextBytes(content);

            StoredDocument read = CacheCodec.document(CacheCodec.write(new StoredDocument(live(3), content)));

            assertThat(read.content()).as("%d bytes", length).isEqualTo(content);
        }
    }

    @Test
    void aPageComesBackInOrder() {
        DocumentPage page = new DocumentPage(List.of(live(1), live(2), live(3)), true, 1234);

        assertThat(CacheCodec.page(CacheCodec.write(page))).isEqualTo(page);
        DocumentPage empty = new DocumentPage(List.of(), false, 0);
        assertThat(CacheCodec.page(CacheCodec.write(empty))).isEqualTo(empty);
    }

    @Test
    void anEntryCutShortAnywhereIsMalformedNotMisread() {
        byte[] entry = CacheCodec.write(new StoredDocument(live(9), "content".getBytes(StandardCharsets.UTF_8)));
        for (int length = 0; length < entry.length; length++) {
            byte[] cut = Arrays.copyOf(entry, length);
            assertThatThrownBy(() -> CacheCodec.document(cut)).as("cut to %d bytes", length)
                    .isInstanceOf(CacheCodec.MalformedEntryException.class);
        }
        byte[] longer = Arrays.copyOf(entry, entry.length + 1);
        assertThatThrownBy(() -> CacheCodec.document(longer)).isInstanceOf(CacheCodec.MalformedEntryException.class);
    }

    @Test
    void anEntryOfAnotherFormatIsMalformed() {
        byte[] json = "{\"view\":{\"documentId\":\"x\"},\"content\":null}".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> CacheCodec.document(json)).isInstanceOf(CacheCodec.MalformedEntryException.class);
        assertThatThrownBy(() -> CacheCodec.page(json)).isInstanceOf(CacheCodec.MalformedEntryException.class);
        assertThat(CacheCodec.FORMAT_TAG).isEqualTo("b1");
    }

    private static DocumentView live(long version) {
        return new DocumentView("doc-" + version, version, "title " + version, "cd".repeat(32), 7, "text/plain",
                DocumentStatus.DRAFT, "author", List.of("tag"), "", Map.of("k", "v"), CREATED, "creator",
                CREATED.plusMillis(version), "updater", false, null, null, null);
    }
}
