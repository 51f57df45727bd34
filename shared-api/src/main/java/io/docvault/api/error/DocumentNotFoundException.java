package io.docvault.api.error;

/** No document (or no such version of it) exists. */
public class DocumentNotFoundException extends DocVaultException {

    public DocumentNotFoundException(String documentId) {
        super(ErrorCategory.NOT_FOUND, "DOCUMENT_NOT_FOUND", "document " + documentId + " not found");
    }

    public DocumentNotFoundException(String documentId, long version) {
        super(ErrorCategory.NOT_FOUND, "VERSION_NOT_FOUND",
                "document " + documentId + " has no version " + version);
    }
}
