package io.docvault.common.eventstore;

import static org.assertj.core.api.Assertions.assertThat;

import io.docvault.api.document.DocumentStatus;
import io.docvault.api.event.DocumentCreatedEvent;
import io.docvault.api.event.DocumentDeletedEvent;
import io.docvault.api.event.DocumentRestoredEvent;
import io.docvault.api.event.DocumentRevertedEvent;
import io.docvault.api.event.DocumentUpdatedEvent;
import io.docvault.common.eventstore.upcasting.DocumentUpdatedEventUpcaster1To2;
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
    private final EventUpcasterChain upcasters = new EventUpcasterChain(new DocumentUpdatedEventUpcaster1To2());

    @Test
    @DisplayName("stored revision 1 of DocumentCreatedEvent still reads")
    void created() throws IOException {
        assertReads("DocumentCreatedEvent-1.json", DocumentCreatedEvent.class, "1", new DocumentCreatedEvent(ID,
                "Quarterly report", "# Q3\nRevenue grew.".getBytes(StandardCharsets.UTF_8),
                "c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00", 18, "text/markdown",
                DocumentStatus.DRAFT, "Alice", List.of("finance", "q3"), "reports", Map.of("team", "finance"), "alice"));
    }

    @Test
    @DisplayName("stored revision 1 of DocumentUpdatedEvent without new content reads as revision 2")
    void updatedRevision1() throws IOException {
        assertReads("DocumentUpdatedEvent-1.json", DocumentUpdatedEvent.class, "1", new DocumentUpdatedEvent(ID,
                "New title", null, null, DocumentStatus.PUBLISHED, null, null, Map.of("team", "blue"),
                "publish", "bob"));
    }

    @Test
    @DisplayName("stored revision 1 of DocumentUpdatedEvent with new content reads as revision 2, content grouped")
    void updatedRevision1WithContent() throws IOException {
        assertReads("DocumentUpdatedEvent-1-content.json", DocumentUpdatedEvent.class, "1", new DocumentUpdatedEvent(ID,
                null, new DocumentUpdatedEvent.NewContent("# Q3\nRevenue grew a lot.".getBytes(StandardCharsets.UTF_8),
                        "d00dfeedd00dfeedd00dfeedd00dfeedd00dfeedd00dfeedd00dfeedd00dfeed", 25),
                null, null, List.of("finance"), null, null, "", "bob"));
    }

    @Test
    @DisplayName("stored revision 2 of DocumentUpdatedEvent still reads")
    void updatedRevision2() throws IOException {
        assertReads("DocumentUpdatedEvent-2.json", DocumentUpdatedEvent.class, "2", new DocumentUpdatedEvent(ID,
                null, new DocumentUpdatedEvent.NewContent(new byte[] {1, 2, 3},
                        "039058c6f2c0cb492c533b0a4d14ef77cc0f78abccced5287d84a1a2011cfb81", 3),
                "application/octet-stream", null, null, "", null, "raw", "eve"));
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
                new DocumentCreatedEvent(ID, "t", new byte[] {1, 2}, "ab", 2, "x/y", DocumentStatus.ARCHIVED, "a",
                        List.of(), "", Map.of(), "me"), "1",
                new DocumentUpdatedEvent(ID, null, new DocumentUpdatedEvent.NewContent(new byte[] {3}, "cd", 1), null,
                        null, List.of("t"), null, null, "", "me"), "2",
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
