package io.docvault.api.error;

/** The read model has not reached the version a caller asked to wait for within the allowed time. */
public class ReadModelBehindException extends DocVaultException {

    public ReadModelBehindException(String documentId, long minVersion, long reachedVersion) {
        super(ErrorCategory.UNAVAILABLE, "READ_MODEL_BEHIND",
                "the read model holds version " + reachedVersion + " of document " + documentId
                        + ", not yet " + minVersion + "; retry later");
    }
}
