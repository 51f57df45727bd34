package io.docvault.api.error;

/** Content that is not text cannot be shown as a line diff. */
public class BinaryContentException extends DocVaultException {

    public BinaryContentException(String documentId, long version, String contentType) {
        super(ErrorCategory.FAILED_PRECONDITION, "BINARY_CONTENT",
                "content of version " + version + " of document " + documentId + " (" + contentType
                        + ") is not UTF-8 text, so it cannot be diffed line by line; compare content_sha256 instead");
    }
}
