package io.docvault.api.error;

/** Only a soft-deleted document can be restored. */
public class DocumentNotDeletedException extends DocVaultException {

    public DocumentNotDeletedException(String documentId) {
        super(ErrorCategory.FAILED_PRECONDITION, "DOCUMENT_NOT_DELETED",
                "document " + documentId + " is not deleted, so it cannot be restored");
    }
}
