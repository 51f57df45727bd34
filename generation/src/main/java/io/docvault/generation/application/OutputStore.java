package io.docvault.generation.application;

/** Where generated PDFs are stored (as new DocVault documents). */
public interface OutputStore {

    /**
     * Stores the PDF as a new document. Storing an output whose id exists already (a retry) returns
     * that document instead of failing.
     */
    StoredOutput store(OutputDocument output);
}
