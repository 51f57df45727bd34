package io.docvault.api.error;

import java.util.List;
import java.util.stream.Collectors;

/** The request is malformed; every problem found is listed with the field it concerns. */
public class InvalidRequestException extends DocVaultException {

    private final List<FieldViolation> violations;

    public InvalidRequestException(List<FieldViolation> violations) {
        super(ErrorCategory.INVALID_ARGUMENT, "INVALID_REQUEST", describe(violations));
        if (violations.isEmpty()) {
            throw new IllegalArgumentException("an invalid request names at least one violation");
        }
        this.violations = List.copyOf(violations);
    }

    public InvalidRequestException(String field, String description) {
        this(List.of(new FieldViolation(field, description)));
    }

    public List<FieldViolation> violations() {
        return violations;
    }

    private static String describe(List<FieldViolation> violations) {
        return violations.stream()
                .map(v -> v.field() + ": " + v.description())
                .collect(Collectors.joining("; "));
    }
}
