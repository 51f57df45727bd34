package io.docvault.common.auth;

import java.util.Locale;
import java.util.Optional;

/**
 * What a caller may do. Each role includes the ones before it: {@code admin} may do everything a
 * {@code writer} may, and a {@code writer} everything a {@code reader} may.
 */
public enum Role {
    /** Queries: read documents, their versions, diffs, one document's audit trail, watch changes. */
    READER,
    /** Commands: create, update, delete, restore, revert documents; generate documents. */
    WRITER,
    /** Operations: rebuild the read model, projection status, the audit trail across all documents. */
    ADMIN;

    /** The name used in tokens and documentation, e.g. {@code writer}. */
    public String claimValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The role a token value names; other values are no DocVault role. */
    public static Optional<Role> fromClaimValue(String value) {
        for (Role role : values()) {
            if (role.claimValue().equals(value)) {
                return Optional.of(role);
            }
        }
        return Optional.empty();
    }

    /** Whether holding this role allows what {@code required} allows. */
    public boolean includes(Role required) {
        return compareTo(required) >= 0;
    }
}
