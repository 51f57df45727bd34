package io.docvault.generation.application;

/** Where templates are read from (DocVault's documents). */
public interface TemplateSource {

    /**
     * Reads a template.
     *
     * @param version the version to read; 0 = the latest
     * @throws io.docvault.api.error.DocumentNotFoundException (or the equivalent NOT_FOUND status) when there is none
     */
    Template read(String templateId, long version);
}
