package io.docvault.command.application;

import org.axonframework.messaging.MetaData;

/**
 * Sends a command to its aggregate and returns once its events are committed, with the handler's
 * result (the document's version); a failure is thrown as the handler threw it.
 */
@FunctionalInterface
public interface CommandSender {

    Long sendAndWait(Object command, MetaData metaData);
}
