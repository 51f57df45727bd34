package io.docvault.api.error;

/** More calls wait for this server than it lets wait: retry later, with backoff, or on another instance. */
public class ServerBusyException extends DocVaultException {

    public ServerBusyException(int waiting) {
        super(ErrorCategory.UNAVAILABLE, "SERVER_BUSY",
                "the server is busy (" + waiting + " calls waiting); retry later with backoff");
    }

    /**
     * None: it is thrown for every call refused under overload, on the transport thread, and its
     * place of origin is always the same.
     */
    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
