package io.docvault.command.application;

import java.util.Optional;

/**
 * What idempotent requests produced. A request is recorded in the same transaction as the event it
 * produced, so the log never claims an outcome the event store does not hold.
 */
public interface RequestLog {

    Optional<LoggedRequest> find(String requestId);

    /**
     * Claims a request id inside the current transaction, before the command runs. A concurrent
     * claim of the same id waits for this transaction and then fails, so duplicates never both run.
     *
     * @throws RequestAlreadyLoggedException when another request with the same id got there first
     */
    void reserve(String requestId, String fingerprint, String documentId);

    /** Records the version the reserved request produced, in the same transaction. */
    void complete(String requestId, long version);

    record LoggedRequest(String requestId, String fingerprint, String documentId, long version) {
    }

    /** Another request with the same id was recorded concurrently; its transaction won. */
    class RequestAlreadyLoggedException extends RuntimeException {
        public RequestAlreadyLoggedException(String requestId, Throwable cause) {
            super("request " + requestId + " already recorded", cause);
        }
    }
}
