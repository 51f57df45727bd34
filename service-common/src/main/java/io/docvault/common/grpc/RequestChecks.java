package io.docvault.common.grpc;

import io.docvault.api.error.FieldViolation;
import io.docvault.api.error.InvalidRequestException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Collects every problem of one request before failing, so a caller learns all of them at once.
 * Each check names the field by its wire name.
 */
public final class RequestChecks {

    private final List<FieldViolation> violations = new ArrayList<>();

    public RequestChecks violation(String field, String description) {
        violations.add(new FieldViolation(field, description));
        return this;
    }

    /** A required UUID; returns its canonical lower-case form, or {@code null} after recording a violation. */
    public String uuid(String field, String value) {
        if (value.isEmpty()) {
            violation(field, "required");
            return null;
        }
        if (!isUuid(value)) {
            violation(field, "must be a UUID such as 123e4567-e89b-42d3-a456-426614174000");
            return null;
        }
        return value.toLowerCase(Locale.ROOT);
    }

    /**
     * 8-4-4-4-12 hexadecimal digits (either case) separated by hyphens. Checked by hand: every call
     * names a document, and the regular expression this replaces took about 1% of the call threads' samples
     * in a profile of 16 callers.
     */
    static boolean isUuid(String value) {
        if (value.length() != 36) {
            return false;
        }
        for (int i = 0; i < 36; i++) {
            char c = value.charAt(i);
            boolean valid = i == 8 || i == 13 || i == 18 || i == 23
                    ? c == '-'
                    : (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
            if (!valid) {
                return false;
            }
        }
        return true;
    }

    /**
     * Text that PostgreSQL and MongoDB can store and index: at most {@code max} characters and no NUL
     * character (which PostgreSQL's text type rejects).
     */
    public void text(String field, String value, int max) {
        if (value.length() > max) {
            violation(field, "at most " + max + " characters, got " + value.length());
        }
        if (value.indexOf('\0') >= 0) {
            violation(field, "must not contain NUL characters");
        }
    }

    public void notNegative(String field, long value) {
        if (value < 0) {
            violation(field, "must not be negative, got " + value);
        }
    }

    /** A page size: 0 means the default, else 1..max. Returns the size to use. */
    public int pageSize(String field, int value, int defaultSize, int max) {
        if (value < 0 || value > max) {
            violation(field, "must be between 0 and " + max + ", got " + value);
            return defaultSize;
        }
        return value == 0 ? defaultSize : value;
    }

    public void throwIfAny() {
        if (!violations.isEmpty()) {
            throw new InvalidRequestException(violations);
        }
    }
}
