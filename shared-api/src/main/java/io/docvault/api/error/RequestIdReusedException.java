package io.docvault.api.error;

/** An idempotency key came back with a different request than the one it was first used for. */
public class RequestIdReusedException extends DocVaultException {

    public RequestIdReusedException(String requestId) {
        super(ErrorCategory.ALREADY_EXISTS, "REQUEST_ID_REUSED",
                "request_id " + requestId + " was already used for a different request");
    }
}
