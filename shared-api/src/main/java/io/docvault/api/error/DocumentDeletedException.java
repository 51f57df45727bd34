package io.docvault.api.error;

/** The document is soft-deleted, so it cannot be changed or deleted again (restore it first). */
public class DocumentDeletedException extends DocVaultException {

    public DocumentDeletedException(String documentId) {
        super(ErrorCategory.FAILED_PRECONDITION, "DOCUMENT_DELETED",
                "document " + documentId + " is deleted; restore it first");
    }
}
