package io.docvault.common.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class RequestChecksTest {

    /** The rule as the regular expression the check replaced stated it. */
    private static final Pattern UUID_TEXT =
            Pattern.compile("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");

    @Test
    void acceptsWhatTheRegularExpressionAcceptedAndNothingElse() {
        List<String> values = new java.util.ArrayList<>(List.of(
                "123e4567-e89b-42d3-a456-426614174000", "123E4567-E89B-42D3-A456-426614174000",
                "00000000-0000-0000-0000-000000000000", "ffffffff-ffff-ffff-ffff-ffffffffffff",
                "", "123e4567e89b42d3a456426614174000", "123e4567-e89b-42d3-a456-42661417400",
                "123e4567-e89b-42d3-a456-4266141740000", "123e4567-e89b-42d3-a456_426614174000",
                "123e4567-e89b-42d3-a456-42661417400g", "g23e4567-e89b-42d3-a456-426614174000",
                "123e4567-e89b-42d3-a456-426614174000\n", " 123e4567-e89b-42d3-a456-42661417400",
                "123e4567-e89b-42d3-a456-４26614174000", "123e4567--89b-42d3-a456-426614174000",
                "123e4567-e89b-42d3-a4566426614174000-"));
        for (int i = 0; i < 200; i++) {
            values.add(UUID.randomUUID().toString());
        }
        // Every character a UUID may not hold, at every position of a valid one.
        String valid = "123e4567-e89b-42d3-a456-426614174000";
        for (int position = 0; position < valid.length(); position++) {
            for (char c : new char[] {'-', 'g', 'G', '/', ':', '@', '`', '{', ' ', '٣', '0', 'F'}) {
                values.add(valid.substring(0, position) + c + valid.substring(position + 1));
            }
        }
        for (String value : values) {
            assertThat(RequestChecks.isUuid(value)).as(value).isEqualTo(UUID_TEXT.matcher(value).matches());
        }
    }

    @Test
    void aUuidComesBackInLowerCaseAndABadOneIsAViolation() {
        RequestChecks checks = new RequestChecks();
        assertThat(checks.uuid("document_id", "123E4567-E89B-42D3-A456-426614174000"))
                .isEqualTo("123e4567-e89b-42d3-a456-426614174000");
        assertThat(checks.uuid("document_id", "not-a-uuid")).isNull();
        assertThat(checks.uuid("document_id", "")).isNull();
    }
}
