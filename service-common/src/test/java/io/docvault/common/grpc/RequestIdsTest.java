package io.docvault.common.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RequestIdsTest {

    @Test
    void aNewIdIsARandomVersion4UuidAndIdsDoNotRepeat() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            String id = RequestIds.newId();
            UUID parsed = UUID.fromString(id);
            assertThat(parsed.version()).isEqualTo(4);
            assertThat(parsed.variant()).isEqualTo(2);
            assertThat(parsed.toString()).isEqualTo(id);
            ids.add(id);
        }
        assertThat(ids).hasSize(10_000);
    }

    @Test
    void aPlausibleIdIsKeptAndAnythingElseReplaced() {
        assertThat(RequestIds.accepted("req-1")).isEqualTo("req-1");
        for (String implausible : new String[] {null, "", "x".repeat(RequestIds.MAX_LENGTH + 1), "with space", "é"}) {
            assertThat(UUID.fromString(RequestIds.accepted(implausible)).version()).isEqualTo(4);
        }
    }
}
