package io.docvault.api.error;

/** The service is shutting down or lost its event feed; reconnect (to another instance). */
public class ServiceStoppingException extends DocVaultException {

    public ServiceStoppingException(String what) {
        super(ErrorCategory.UNAVAILABLE, "SERVICE_STOPPING", what + " ended because the service is stopping; reconnect");
    }
}
