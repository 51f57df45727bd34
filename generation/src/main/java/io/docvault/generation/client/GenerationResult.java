package io.docvault.generation.client;

import io.docvault.proto.v1.GenerateDocumentResponse;
import java.util.Optional;

/**
 * The outcome of {@link GenerationClient#generate}.
 *
 * @param response the files and, when {@link #stored()}, the document they were stored as
 * @param fellBack whether the client generated in-process because the service was unreachable or not serving
 * @param stored whether the PDF is stored as a DocVault document; when false it waits in the client's
 *               pending queue ({@link GenerationClient#flushPending()})
 * @param fallbackReason why the client fell back; empty when it did not
 */
public record GenerationResult(GenerateDocumentResponse response, boolean fellBack, boolean stored,
                               Optional<String> fallbackReason) {
}
