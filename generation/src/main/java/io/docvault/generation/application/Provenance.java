package io.docvault.generation.application;

import java.util.Map;

/** The metadata keys a generated document records its origin under. */
public final class Provenance {

    public static final String TEMPLATE_ID = "generation.template_id";
    public static final String TEMPLATE_VERSION = "generation.template_version";
    public static final String DATA_SHA256 = "generation.data_sha256";
    public static final String GENERATOR = "generation.generator";
    /** Set when a client generated the document in-process because the service was not reachable. */
    public static final String FALLBACK = "generation.fallback";

    /** Names the engine: template filling by poi-tl, conversion by LibreOffice, previews by PDFBox. */
    public static final String GENERATOR_NAME = "docvault-generation (poi-tl, LibreOffice, PDFBox)";

    private Provenance() {
    }

    static Map<String, String> of(Template template, String dataSha256) {
        return Map.of(
                TEMPLATE_ID, template.documentId(),
                TEMPLATE_VERSION, Long.toString(template.version()),
                DATA_SHA256, dataSha256,
                GENERATOR, GENERATOR_NAME);
    }
}
