package io.docvault.cli;

import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** What delete and restore take: the document, a reason for the audit trail, and the usual guards. */
final class LifecycleOptions {

    @Parameters(index = "0", paramLabel = "DOCUMENT_ID")
    String documentId;

    @Option(names = "--reason", description = "Why; kept in the audit trail.")
    String reason = "";

    @Option(names = "--expected-version", paramLabel = "N", description = "Refuse (exit 5) unless the document is at this version.")
    long expectedVersion;

    @Option(names = "--request-id", paramLabel = "KEY", description = "Idempotency key (default: a fresh UUID).")
    String requestId = "";
}
