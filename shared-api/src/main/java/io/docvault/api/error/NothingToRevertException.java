package io.docvault.api.error;

/** The document's fields already equal those of the version it should be reverted to. */
public class NothingToRevertException extends DocVaultException {

    public NothingToRevertException(String documentId, long toVersion) {
        super(ErrorCategory.FAILED_PRECONDITION, "NOTHING_TO_REVERT",
                "document " + documentId + " already has the fields of version " + toVersion);
    }
}
