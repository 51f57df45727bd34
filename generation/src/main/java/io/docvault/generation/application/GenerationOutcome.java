package io.docvault.generation.application;

import io.docvault.generation.engine.GeneratedFiles;
import java.util.Optional;

/**
 * What a generation produced and where it went.
 *
 * @param stored the document the PDF was stored as; empty when it was not stored
 * @param output what was (or is to be) stored, with its provenance
 */
public record GenerationOutcome(
        Template template,
        GeneratedFiles files,
        OutputDocument output,
        Optional<StoredOutput> stored) {
}
