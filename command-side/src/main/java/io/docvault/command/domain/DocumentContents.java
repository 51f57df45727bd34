package io.docvault.command.domain;

/**
 * Where a document's content bytes are kept: once per SHA-256, beside the events that name it, and
 * written in the same transaction as those events (a command that fails stores nothing).
 */
public interface DocumentContents {

    /** Stores {@code content} under its SHA-256 unless that hash is stored already. */
    void store(String sha256, byte[] content);
}
