package io.docvault.generation.engine;

import java.util.List;

/** What one generation produced: the filled DOCX, its PDF, one PNG preview a page (if asked). */
public record GeneratedFiles(byte[] docx, byte[] pdf, List<byte[]> previews, int pageCount) {

    public GeneratedFiles {
        previews = List.copyOf(previews);
    }
}
