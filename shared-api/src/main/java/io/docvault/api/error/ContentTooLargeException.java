package io.docvault.api.error;

/** Content is larger than the configured limit. */
public class ContentTooLargeException extends DocVaultException {

    private final String field;

    public ContentTooLargeException(String field, long size, long limit) {
        super(ErrorCategory.RESOURCE_EXHAUSTED, "CONTENT_TOO_LARGE",
                field + " is " + size + " bytes, over the limit of " + limit + " bytes");
        this.field = field;
    }

    public String field() {
        return field;
    }
}
