package io.docvault.generation.engine;

import io.docvault.api.error.DocVaultException;
import io.docvault.api.error.ErrorCategory;

/** Generation is disabled here: the PDF converter (LibreOffice) is not installed or not running. */
public class ConverterUnavailableException extends DocVaultException {

    public static final String REASON = "GENERATION_DISABLED";

    public ConverterUnavailableException(String message) {
        super(ErrorCategory.UNAVAILABLE, REASON, message);
    }
}
