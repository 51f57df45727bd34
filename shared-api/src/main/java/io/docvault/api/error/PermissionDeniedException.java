package io.docvault.api.error;

/** The authenticated caller lacks the role the call needs. */
public class PermissionDeniedException extends DocVaultException {

    public PermissionDeniedException(String message) {
        super(ErrorCategory.PERMISSION_DENIED, "PERMISSION_DENIED", message);
    }
}
