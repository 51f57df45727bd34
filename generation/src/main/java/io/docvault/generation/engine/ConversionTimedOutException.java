package io.docvault.generation.engine;

import io.docvault.api.error.DocVaultException;
import io.docvault.api.error.ErrorCategory;

/**
 * A conversion did not finish within the per-task timeout. The office process that ran it is being
 * replaced, so a later attempt finds a fresh one.
 */
public class ConversionTimedOutException extends DocVaultException {

    public static final String REASON = "CONVERSION_TIMED_OUT";

    public ConversionTimedOutException(long timeoutMillis) {
        super(ErrorCategory.UNAVAILABLE, REASON,
                "the conversion to PDF did not finish within " + timeoutMillis + " ms; its office process is being replaced");
    }
}
