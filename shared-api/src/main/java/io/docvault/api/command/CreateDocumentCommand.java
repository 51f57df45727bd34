package io.docvault.api.command;

import io.docvault.api.document.DocumentStatus;
import java.util.List;
import java.util.Map;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Create a document at version 1. Fields are validated before the command is sent. */
public record CreateDocumentCommand(
        @TargetAggregateIdentifier String documentId,
        String title,
        byte[] content,
        String contentType,
        DocumentStatus status,
        String author,
        List<String> tags,
        String category,
        Map<String, String> metadata,
        String actor) {

    public CreateDocumentCommand {
        tags = List.copyOf(tags);
        metadata = Map.copyOf(metadata);
    }
}
