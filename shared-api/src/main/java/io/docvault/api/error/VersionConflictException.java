package io.docvault.api.error;

/** The caller's expected version is not the document's current version. */
public class VersionConflictException extends DocVaultException {

    private final long expectedVersion;
    private final long actualVersion;

    public VersionConflictException(String documentId, long expectedVersion, long actualVersion) {
        super(ErrorCategory.FAILED_PRECONDITION, "VERSION_CONFLICT",
                "document " + documentId + " is at version " + actualVersion + ", not the expected " + expectedVersion);
        this.expectedVersion = expectedVersion;
        this.actualVersion = actualVersion;
    }

    public long expectedVersion() {
        return expectedVersion;
    }

    public long actualVersion() {
        return actualVersion;
    }
}
