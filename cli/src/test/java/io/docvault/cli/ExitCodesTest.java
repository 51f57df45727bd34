package io.docvault.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import java.util.EnumSet;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ExitCodesTest {

    @Test
    @DisplayName("each status code maps to the exit code the help and the README document")
    void documentedMapping() {
        Map<Status.Code, Integer> documented = Map.of(
                Status.Code.OK, 0,
                Status.Code.NOT_FOUND, 3,
                Status.Code.INVALID_ARGUMENT, 4,
                Status.Code.ALREADY_EXISTS, 5,
                Status.Code.FAILED_PRECONDITION, 5,
                Status.Code.UNAVAILABLE, 6,
                Status.Code.DEADLINE_EXCEEDED, 6,
                Status.Code.UNAUTHENTICATED, 7,
                Status.Code.PERMISSION_DENIED, 7);
        for (Status.Code code : Status.Code.values()) {
            assertThat(ExitCodes.of(code)).as(code.name()).isEqualTo(documented.getOrDefault(code, 1));
        }
        assertThat(EnumSet.allOf(Status.Code.class)).containsAll(documented.keySet());
    }
}
