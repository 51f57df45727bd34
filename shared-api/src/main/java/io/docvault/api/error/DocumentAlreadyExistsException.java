package io.docvault.api.error;

/** A create named an identifier that is already taken. */
public class DocumentAlreadyExistsException extends DocVaultException {

    public DocumentAlreadyExistsException(String documentId) {
        super(ErrorCategory.ALREADY_EXISTS, "DOCUMENT_ALREADY_EXISTS", "document " + documentId + " already exists");
    }
}
