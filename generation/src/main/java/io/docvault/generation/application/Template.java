package io.docvault.generation.application;

/** A template as read from DocVault: one version of a document whose content should be a DOCX file. */
public record Template(String documentId, long version, String title, String contentType, byte[] content) {
}
