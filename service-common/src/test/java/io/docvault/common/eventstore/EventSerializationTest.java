package io.docvault.common.eventstore;

import static org.assertj.core.api.Assertions.assertThat;

import io.docvault.api.document.DocumentStatus;
import io.docvault.api.event.DocumentCreatedEvent;
import io.docvault.api.event.DocumentDeletedEvent;
import io.docvault.api.event.DocumentRestoredEvent;
import io.docvault.api.event.DocumentRevertedEvent;
import io.docvault.api.event.DocumentUpdatedEvent;
import io.docvault.common.eventstore.upcasting.DocumentCreatedEventUpcaster1To2;
import io.docvault.common.eventstore.upcasting.DocumentUpdatedEventUpcaster1To2;
import io.docvault.common.eventstore.upcasting.DocumentUpdatedEventUpcaster2To3;
import java.time.Instant;
import java.util.stream.Stream;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.serialization.upcasting.event.EventUpcasterChain;
import org.axonframework.serialization.upcasting.event.InitialEventRepresentation;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Pins the stored JSON of every released event revision: each fixture is what the event store holds
 * for that revision, and must keep reading (through the upcaster chain the service uses) as the same
 * event. A failure here means a released event was edited; add a new revision and an upcaster instead.
 */
class EventSerializationTest {

    private static final String ID = "3f2b8c1e-5d4a-4e6f-9a0b-1c2d3e4f5a6b";
    private final JacksonSerializer serializer = JacksonSerializer.defaultSerializer();
    /** In the order the service's chain has them (their classes' @Order). */
    private final EventUpcasterChain upcasters = new EventUpcasterChain(new DocumentUpdatedEventUpcaster1To2(),
            new DocumentUpdatedEventUpcaster2To3(), new DocumentCreatedEventUpcaster1To2());

    @Test
    @DisplayName("stored revision 1 of DocumentCreatedEvent reads as revision 2, its content bytes left in the store")
    void createdRevision1() throws IOException {
        assertReads("DocumentCreatedEvent-1.json", DocumentCreatedEvent.class, "1", created());
    }

    @Test
    @DisplayName("stored revision 2 of DocumentCreatedEvent still reads")
    void createdRevision2() throws IOException {
        assertReads("DocumentCreatedEvent-2.json", DocumentCreatedEvent.class, "2", created());
    }

    private static DocumentCreatedEvent created() {
        return new DocumentCreatedEvent(ID, "Quarterly report",
                "c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00", 18, "text/markdown",
                DocumentStatus.DRAFT, "Alice", List.of("finance", "q3"), "reports", Map.of("team", "finance"), "alice");
    }

    @Test
    @DisplayName("stored revision 1 of DocumentUpdatedEvent without new content reads as revision 3")
    void updatedRevision1() throws IOException {
        assertReads("DocumentUpdatedEvent-1.json", DocumentUpdatedEvent.class, "1", new DocumentUpdatedEvent(ID,
                "New title", null, null, DocumentStatus.PUBLISHED, null, null, Map.of("team", "blue"),
                "publish", "bob"));
    }

    @Test
    @DisplayName("stored revision 1 of DocumentUpdatedEvent with new content reads as revision 3, content grouped, its bytes left in the store")
    void updatedRevision1WithContent() throws IOException {
        assertReads("DocumentUpdatedEvent-1-content.json", DocumentUpdatedEvent.class, "1", new DocumentUpdatedEvent(ID,
                null, new DocumentUpdatedEvent.NewContent(
                        "d00dfeedd00dfeedd00dfeedd00dfeedd00dfeedd00dfeedd00dfeedd00dfeed", 25),
                null, null, List.of("finance"), null, null, "", "bob"));
    }

    @Test
    @DisplayName("stored revision 2 of DocumentUpdatedEvent reads as revision 3, its content bytes left in the store")
    void updatedRevision2() throws IOException {
        assertReads("DocumentUpdatedEvent-2.json", DocumentUpdatedEvent.class, "2", updatedWithBytes());
    }

    @Test
    @DisplayName("stored revision 3 of DocumentUpdatedEvent still reads")
    void updatedRevision3() throws IOException {
        assertReads("DocumentUpdatedEvent-3.json", DocumentUpdatedEvent.class, "3", updatedWithBytes());
    }

    private static DocumentUpdatedEvent updatedWithBytes() {
        return new DocumentUpdatedEvent(ID, null, new DocumentUpdatedEvent.NewContent(
                "039058c6f2c0cb492c533b0a4d14ef77cc0f78abccced5287d84a1a2011cfb81", 3),
                "application/octet-stream", null, null, "", null, "raw", "eve");
    }

    @Test
    @DisplayName("stored revision 1 of DocumentRevertedEvent still reads")
    void reverted() throws IOException {
        assertReads("DocumentRevertedEvent-1.json", DocumentRevertedEvent.class, "1", new DocumentRevertedEvent(ID, 1,
                "Quarterly report", "c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00", 18,
                "text/markdown", DocumentStatus.DRAFT, List.of("finance", "q3"), "reports", Map.of("team", "finance"),
                "undo", "rita"));
    }

    @Test
    @DisplayName("stored revision 1 of DocumentDeletedEvent and DocumentRestoredEvent still read")
    void lifecycle() throws IOException {
        assertReads("DocumentDeletedEvent-1.json", DocumentDeletedEvent.class, "1",
                new DocumentDeletedEvent(ID, "superseded", "carol"));
        assertReads("DocumentRestoredEvent-1.json", DocumentRestoredEvent.class, "1",
                new DocumentRestoredEvent(ID, "still needed", "dave"));
    }

    @Test
    @DisplayName("every event is written with its current revision and reads back equal")
    void roundTrip() {
        Map<Object, String> events = Map.of(
                new DocumentCreatedEvent(ID, "t", "ab", 2, "x/y", DocumentStatus.ARCHIVED, "a",
                        List.of(), "", Map.of(), "me"), "2",
                new DocumentUpdatedEvent(ID, null, new DocumentUpdatedEvent.NewContent("cd", 1), null,
                        null, List.of("t"), null, null, "", "me"), "3",
                new DocumentDeletedEvent(ID, "", "me"), "1",
                new DocumentRestoredEvent(ID, "", "me"), "1",
                new DocumentRevertedEvent(ID, 1, "t", "ab", 2, "x/y", DocumentStatus.DRAFT, List.of(), "", Map.of(),
                        "", "me"), "1");
        events.forEach((event, revision) -> {
            SerializedObject<byte[]> stored = serializer.serialize(event, byte[].class);
            assertThat(stored.getType().getRevision()).as(event.getClass().getSimpleName()).isEqualTo(revision);
            assertThat(read(stored.getData(), event.getClass(), revision)).usingRecursiveComparison().isEqualTo(event);
        });
    }

    private <T> void assertReads(String fixture, Class<T> type, String revision, T expected) throws IOException {
        byte[] json;
        try (InputStream in = getClass().getResourceAsStream("/events/" + fixture)) {
            json = in.readAllBytes();
        }
        assertThat(read(json, type, revision)).isInstanceOf(type).usingRecursiveComparison().isEqualTo(expected);
    }

    /** Reads stored JSON the way the event store does: through the upcaster chain, then the serializer. */
    private Object read(byte[] json, Class<?> type, String revision) {
        GenericDomainEventEntry<byte[]> entry = new GenericDomainEventEntry<>("Document", ID, 1, "event-id",
                Instant.EPOCH, type.getName(), revision, json, "{}".getBytes(StandardCharsets.UTF_8));
        Stream<IntermediateEventRepresentation> upcast = upcasters.upcast(
                Stream.of(new InitialEventRepresentation(entry, serializer)));
        IntermediateEventRepresentation representation = upcast.findFirst().orElseThrow();
        return serializer.deserialize(new SimpleSerializedObject<>(representation.getData(byte[].class).getData(),
                byte[].class, representation.getType()));
    }
}
