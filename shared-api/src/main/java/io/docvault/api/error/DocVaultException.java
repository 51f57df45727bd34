package io.docvault.api.error;

/**
 * A failure the caller can act on. The message is meant for the caller and must not carry internal
 * details; {@link #reason()} is a stable, machine-readable name of the failure.
 */
public abstract class DocVaultException extends RuntimeException {

    private final ErrorCategory category;
    private final String reason;

    protected DocVaultException(ErrorCategory category, String reason, String message) {
        super(message, null, false, false);
        this.category = category;
        this.reason = reason;
    }

    public ErrorCategory category() {
        return category;
    }

    /** Stable upper-snake-case name of the failure, e.g. {@code DOCUMENT_DELETED}. */
    public String reason() {
        return reason;
    }
}
