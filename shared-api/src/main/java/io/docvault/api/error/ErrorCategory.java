package io.docvault.api.error;

/**
 * How a caller should treat a failure. Each category maps to exactly one gRPC status code, in the
 * one error mapper of the service.
 */
public enum ErrorCategory {
    /** The request itself is malformed; retrying it unchanged cannot succeed. */
    INVALID_ARGUMENT,
    /** The document (or version) does not exist. */
    NOT_FOUND,
    /** What the request would create exists already. */
    ALREADY_EXISTS,
    /** The request is well-formed but the document's state does not allow it. */
    FAILED_PRECONDITION,
    /** The request exceeds a size limit. */
    RESOURCE_EXHAUSTED,
    /** A dependency, or the server itself, cannot serve the request now; retrying later is safe. */
    UNAVAILABLE,
    /** The caller did not prove who it is (no, invalid or expired credentials). */
    UNAUTHENTICATED,
    /** The caller is known but lacks the role the call needs. */
    PERMISSION_DENIED
}
