package io.docvault.command.application;

import java.util.UUID;

/** The one source of server-generated document identifiers. */
public class DocumentIds {

    public String newId() {
        return UUID.randomUUID().toString();
    }
}
