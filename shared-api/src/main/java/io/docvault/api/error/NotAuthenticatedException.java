package io.docvault.api.error;

/**
 * The call carries no credentials, or ones that do not hold up (bad signature, expired, wrong issuer
 * or audience). The message says which check failed, never what the credentials contained.
 */
public class NotAuthenticatedException extends DocVaultException {

    public NotAuthenticatedException(String message) {
        super(ErrorCategory.UNAUTHENTICATED, "UNAUTHENTICATED", message);
    }
}
