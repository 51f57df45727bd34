package io.docvault.api.error;

/** Only one rebuild of the read model runs at a time. */
public class RebuildRunningException extends DocVaultException {

    public RebuildRunningException() {
        super(ErrorCategory.FAILED_PRECONDITION, "REBUILD_RUNNING",
                "a rebuild of the read model is already running; watch it with GetProjectionStatus");
    }
}
