package io.docvault.api.error;

/** More calls wait for this server than it lets wait: retry later, with backoff, or on another instance. */
public class ServerBusyException extends DocVaultException {

    public ServerBusyException(int waiting) {
        super(ErrorCategory.UNAVAILABLE, "SERVER_BUSY",
                "the server is busy (" + waiting + " calls waiting); retry later with backoff");
    }
}
