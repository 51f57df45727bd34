package io.docvault.generation.client;

import io.docvault.generation.application.OutputDocument;

/**
 * A PDF generated in-process that could not be stored yet, because DocVault was not reachable. Its
 * document id is derived from the request id, so flushing it twice stores it once.
 */
public record PendingUpload(String requestId, OutputDocument output) {
}
