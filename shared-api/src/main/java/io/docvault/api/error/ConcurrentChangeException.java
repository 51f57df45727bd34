package io.docvault.api.error;

/** The document kept changing under concurrent writers while the command was retried; retry later. */
public class ConcurrentChangeException extends DocVaultException {

    public ConcurrentChangeException(String documentId, int attempts) {
        super(ErrorCategory.UNAVAILABLE, "CONCURRENT_CHANGE",
                "document " + documentId + " changed concurrently " + attempts + " times in a row; retry");
    }
}
