package io.docvault.command.domain;

import static io.docvault.command.domain.DocumentFixtures.aDocument;
import static io.docvault.command.domain.DocumentFixtures.bytes;
import static io.docvault.command.domain.DocumentFixtures.delete;
import static io.docvault.command.domain.DocumentFixtures.deleted;
import static io.docvault.command.domain.DocumentFixtures.restore;
import static io.docvault.command.domain.DocumentFixtures.restored;
import static io.docvault.command.domain.DocumentFixtures.titled;
import static io.docvault.command.domain.DocumentFixtures.update;
import static io.docvault.command.domain.DocumentFixtures.updated;
import static org.assertj.core.api.Assertions.assertThat;

import io.docvault.api.document.ContentDigest;
import io.docvault.api.document.DocumentPatch;
import io.docvault.api.document.DocumentStatus;
import io.docvault.api.error.DocumentDeletedException;
import io.docvault.api.error.DocumentNotDeletedException;
import io.docvault.api.error.VersionConflictException;
import java.util.List;
import java.util.Map;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class DocumentTest {

    private AggregateTestFixture<Document> fixture;
    /** What the handlers stored as content, by SHA-256 (the real store is a table, see JdbcDocumentContents). */
    private final Map<String, byte[]> stored = new java.util.HashMap<>();

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Document.class);
        fixture.registerInjectableResource((DocumentContents) stored::put);
    }

    @Test
    @DisplayName("creating a document records its fields and content digest as version 1, and stores the content")
    void create() {
        fixture.givenNoPriorActivity()
                .when(aDocument().createCommand())
                .expectEvents(aDocument().createdEvent())
                .expectResultMessagePayload(1L);
        assertThat(stored).containsOnlyKeys(aDocument().createdEvent().contentSha256());
        assertThat(stored.values()).containsExactly(aDocument().createCommand().content());
    }

    @Test
    @DisplayName("an update records only the fields that change")
    void updateRecordsOnlyChangedFields() {
        DocumentPatch patch = new DocumentPatch("New title", null, "text/markdown", DocumentStatus.PUBLISHED,
                List.of("finance", "q3"), "reports", Map.of("team", "finance", "owner", "bob"));
        fixture.given(aDocument().createdEvent())
                .when(update(patch))
                .expectEvents(updated(new DocumentPatch("New title", null, null, DocumentStatus.PUBLISHED, null, null,
                        Map.of("team", "finance", "owner", "bob")), "note"))
                .expectResultMessagePayload(2L);
    }

    @Test
    @DisplayName("new content is stored, and named in the event by its digest and size")
    void updateWithNewContent() {
        DocumentPatch patch = new DocumentPatch(null, bytes("# Q3\nRevenue grew a lot."), null, null, null, null, null);
        fixture.given(aDocument().createdEvent())
                .when(update(patch))
                .expectEvents(updated(patch, "note"))
                .expectResultMessagePayload(2L);
        assertThat(stored).containsOnlyKeys(ContentDigest.sha256Hex(patch.content()));
    }

    @Test
    @DisplayName("content equal to the current content is not copied into an event")
    void sameContentIsNotAChange() {
        DocumentPatch patch = new DocumentPatch("Other", bytes("# Q3\nRevenue grew."), null, null, null, null, null);
        fixture.given(aDocument().createdEvent())
                .when(update(patch))
                .expectEvents(updated(titled("Other"), "note"));
        assertThat(stored).isEmpty();
    }

    @Test
    @DisplayName("an update that changes nothing records no event and returns the current version")
    void noOpUpdate() {
        fixture.given(aDocument().createdEvent(), updated(titled("Second"), "n"))
                .when(update(titled("Second")))
                .expectNoEvents()
                .expectResultMessagePayload(2L);
    }

    @Test
    @DisplayName("an update naming the current version succeeds")
    void updateAtExpectedVersion() {
        fixture.given(aDocument().createdEvent(), updated(titled("Second"), "n"))
                .when(update(2, titled("Third")))
                .expectEvents(updated(titled("Third"), "note"))
                .expectResultMessagePayload(3L);
    }

    @Test
    @DisplayName("an update naming a stale version is refused")
    void updateAtStaleVersion() {
        fixture.given(aDocument().createdEvent(), updated(titled("Second"), "n"))
                .when(update(1, titled("Third")))
                .expectException(VersionConflictException.class)
                .expectNoEvents();
    }

    @Test
    @DisplayName("a deleted document cannot be updated")
    void deletedDocumentCannotBeUpdated() {
        fixture.given(aDocument().createdEvent(), deleted())
                .when(update(titled("Third")))
                .expectException(DocumentDeletedException.class)
                .expectNoEvents();
    }

    @Test
    @DisplayName("a live document can be soft-deleted")
    void delete_() {
        fixture.given(aDocument().createdEvent())
                .when(delete(0))
                .expectEvents(deleted())
                .expectResultMessagePayload(2L);
    }

    @Test
    @DisplayName("a deleted document cannot be deleted again")
    void deleteTwice() {
        fixture.given(aDocument().createdEvent(), deleted())
                .when(delete(0))
                .expectException(DocumentDeletedException.class)
                .expectNoEvents();
    }

    @Test
    @DisplayName("a delete naming a stale version is refused")
    void deleteAtStaleVersion() {
        fixture.given(aDocument().createdEvent(), updated(titled("Second"), "n"))
                .when(delete(1))
                .expectException(VersionConflictException.class)
                .expectNoEvents();
    }

    @Test
    @DisplayName("a deleted document can be restored")
    void restore_() {
        fixture.given(aDocument().createdEvent(), deleted())
                .when(restore(2))
                .expectEvents(restored())
                .expectResultMessagePayload(3L);
    }

    @Test
    @DisplayName("a live document cannot be restored")
    void restoreLive() {
        fixture.given(aDocument().createdEvent())
                .when(restore(0))
                .expectException(DocumentNotDeletedException.class)
                .expectNoEvents();
    }

    @Test
    @DisplayName("a restore naming a stale version is refused")
    void restoreAtStaleVersion() {
        fixture.given(aDocument().createdEvent(), deleted())
                .when(restore(1))
                .expectException(VersionConflictException.class)
                .expectNoEvents();
    }

    @Test
    @DisplayName("a restored document can be updated again")
    void updateAfterRestore() {
        fixture.given(aDocument().createdEvent(), deleted(), restored())
                .when(update(3, titled("Back")))
                .expectEvents(updated(titled("Back"), "note"))
                .expectResultMessagePayload(4L);
    }
}
