package io.docvault.api.error;

/** A watcher fell further behind than its buffer holds, so changes would have been lost. */
public class WatcherTooSlowException extends DocVaultException {

    public WatcherTooSlowException(int capacity) {
        super(ErrorCategory.RESOURCE_EXHAUSTED, "WATCHER_TOO_SLOW",
                "the watcher fell more than " + capacity + " changes behind; resubscribe and catch up from the read model");
    }
}
