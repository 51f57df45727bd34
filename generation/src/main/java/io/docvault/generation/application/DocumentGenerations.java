package io.docvault.generation.application;

import io.docvault.api.error.InvalidRequestException;
import io.docvault.generation.engine.GeneratedFiles;
import io.docvault.generation.engine.GenerationEngine;
import io.docvault.generation.engine.TemplateFiller;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;

/**
 * The generation use case: read the template (a DocVault document), check it is DOCX, fill and
 * convert it, store the PDF as a new document with its provenance, and copy the files to the uploads
 * folder. Rendering and storing are also offered apart, for a client that renders in-process and
 * stores later.
 */
public final class DocumentGenerations {

    private final TemplateSource templates;
    private final GenerationEngine engine;
    private final OutputStore outputs;
    private final Uploads uploads;

    public DocumentGenerations(TemplateSource templates, GenerationEngine engine, OutputStore outputs, Uploads uploads) {
        this.templates = templates;
        this.engine = engine;
        this.outputs = outputs;
        this.uploads = uploads;
    }

    /** Renders and stores. */
    public GenerationOutcome generate(GenerationRequest request) {
        return store(render(request));
    }

    /** Reads the template and renders the files; stores nothing. */
    public GenerationOutcome render(GenerationRequest request) {
        if (request.templateId() == null || request.templateId().isBlank()) {
            throw new InvalidRequestException("template_id", "required");
        }
        if (request.templateVersion() < 0) {
            throw new InvalidRequestException("template_version", "must not be negative (0 = latest)");
        }
        Template template = templates.read(request.templateId(), request.templateVersion());
        if (!TemplateFiller.DOCX_CONTENT_TYPE.equals(template.contentType())) {
            throw new InvalidRequestException("template_id", "document " + template.documentId() + " version "
                    + template.version() + " has content type \"" + template.contentType()
                    + "\", not DOCX (" + TemplateFiller.DOCX_CONTENT_TYPE + ")");
        }
        GeneratedFiles files = engine.generate(template.content(), request.data(), request.render());
        String title = request.title() == null || request.title().isBlank() ? template.title() : request.title();
        OutputDocument output = new OutputDocument(outputId(request.requestId()), title, files.pdf(),
                Provenance.of(template, request.dataSha256()));
        return new GenerationOutcome(template, files, output, Optional.empty());
    }

    /** Stores a rendered outcome's PDF as a document and writes its files to the uploads folder. */
    public GenerationOutcome store(GenerationOutcome rendered) {
        StoredOutput stored = outputs.store(rendered.output());
        uploads.write(rendered.output().title(), rendered.files());
        return new GenerationOutcome(rendered.template(), rendered.files(), rendered.output(), Optional.of(stored));
    }

    /**
     * The output's document id: derived from the idempotency key, so a retried request (or a client
     * flushing the same pending output twice) lands on the same document; empty = a new id.
     */
    static String outputId(String requestId) {
        if (requestId == null || requestId.isBlank()) {
            return "";
        }
        return UUID.nameUUIDFromBytes(("docvault-generation:" + requestId).getBytes(StandardCharsets.UTF_8)).toString();
    }
}
