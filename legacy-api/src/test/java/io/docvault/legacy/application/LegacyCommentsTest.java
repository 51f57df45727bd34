package io.docvault.legacy.application;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class LegacyCommentsTest {

    @Test
    @DisplayName("comments survive the trip through their metadata entry, quotes and all")
    void roundTrip() {
        List<String> comments = List.of("first \"draft\"", "Проверено ✓", "a, b]");
        String stored = LegacyComments.encode(comments);
        assertThat(LegacyComments.decode(Map.of(LegacyComments.METADATA_KEY, stored, "team", "blue")))
                .isEqualTo(comments);
    }

    @Test
    @DisplayName("a document without the entry has no comments")
    void noEntry() {
        assertThat(LegacyComments.decode(Map.of("team", "blue"))).isEmpty();
    }

    @Test
    @DisplayName("an entry that is not a JSON array of strings reads as one comment with its text")
    void foreignEntry() {
        assertThat(LegacyComments.decode(Map.of(LegacyComments.METADATA_KEY, "looks fine")))
                .containsExactly("looks fine");
        assertThat(LegacyComments.decode(Map.of(LegacyComments.METADATA_KEY, "{\"a\": 1}")))
                .containsExactly("{\"a\": 1}");
        assertThat(LegacyComments.decode(Map.of(LegacyComments.METADATA_KEY, "[\"x\", null]")))
                .containsExactly("[\"x\", null]");
    }
}
