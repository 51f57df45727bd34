package io.docvault.command.application;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.axonframework.messaging.MetaData;

/**
 * Sends a command to its aggregate and returns once its events are committed, with the handler's
 * result (the document's version); a failure is thrown as the handler threw it.
 */
@FunctionalInterface
public interface CommandSender {

    Long sendAndWait(Object command, MetaData metaData);

    /**
     * Queues the command for its commit without blocking: the future completes with the handler's result
     * once the events are committed, or with its failure. Empty when this sender cannot queue the command
     * now (it has no queue, or it is closing): {@link #sendAndWait} on a thread that may block then does.
     * {@code retry}: the command was admitted before and is sent again (after a concurrent append), so a
     * full queue does not refuse it.
     */
    default Optional<CompletableFuture<Long>> sendQueued(Object command, MetaData metaData, boolean retry) {
        return Optional.empty();
    }
}
