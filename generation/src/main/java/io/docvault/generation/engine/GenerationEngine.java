package io.docvault.generation.engine;

import java.util.Map;

/**
 * Template in, files out: fills the DOCX, converts it to PDF, stamps and previews the PDF. The same
 * engine runs in the service and in a client that falls back to generating in-process.
 */
public final class GenerationEngine {

    private final TemplateFiller filler;
    private final PdfConverter converter;
    private final PdfPages pages;

    public GenerationEngine(PdfConverter converter) {
        this(new TemplateFiller(), converter, new PdfPages());
    }

    public GenerationEngine(TemplateFiller filler, PdfConverter converter, PdfPages pages) {
        this.filler = filler;
        this.converter = converter;
        this.pages = pages;
    }

    public GeneratedFiles generate(byte[] template, Map<String, Object> data, RenderOptions options) {
        if (!converter.available()) {
            throw new ConverterUnavailableException("document generation is disabled: no PDF converter is running");
        }
        byte[] docx = filler.fill(template, data);
        PdfPages.Rendered rendered = pages.render(converter.toPdf(docx), options);
        return new GeneratedFiles(docx, rendered.pdf(), rendered.previews(), rendered.pageCount());
    }

    public boolean available() {
        return converter.available();
    }
}
