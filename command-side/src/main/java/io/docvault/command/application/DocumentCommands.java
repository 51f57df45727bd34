package io.docvault.command.application;

import io.docvault.api.command.CreateDocumentCommand;
import io.docvault.api.command.DeleteDocumentCommand;
import io.docvault.api.command.DocumentFields;
import io.docvault.api.command.RestoreDocumentCommand;
import io.docvault.api.command.RevertDocumentCommand;
import io.docvault.api.command.UpdateDocumentCommand;
import io.docvault.api.error.ConcurrentChangeException;
import io.docvault.api.error.DocumentAlreadyExistsException;
import io.docvault.api.error.DocumentNotFoundException;
import io.docvault.api.error.RequestIdReusedException;
import io.docvault.api.error.ServerBusyException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import org.axonframework.messaging.MetaData;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Sends commands to the Document aggregate and returns once their events are committed. Adds what
 * the aggregate cannot know: idempotency keys, the translation of "no such stream" and "stream
 * exists" into domain failures, and a bounded retry when another process appended to the same
 * stream between load and commit.
 */
public class DocumentCommands {

    private static final Logger log = LoggerFactory.getLogger(DocumentCommands.class);
    static final int MAX_ATTEMPTS = 3;

    private final CommandSender commandSender;
    private final RequestLog requestLog;
    private final DocumentHistory history;

    public DocumentCommands(CommandSender commandSender, RequestLog requestLog, DocumentHistory history) {
        this.commandSender = commandSender;
        this.requestLog = requestLog;
        this.history = history;
    }

    public CommandOutcome create(CreateDocumentCommand command, Optional<RequestKey> key) {
        try {
            return send(command, command.documentId(), key);
        } catch (AggregateStreamCreationException e) {
            throw new DocumentAlreadyExistsException(command.documentId());
        }
    }

    public CommandOutcome update(UpdateDocumentCommand command, Optional<RequestKey> key) {
        return send(command, command.documentId(), key);
    }

    /**
     * The update queued for its commit without blocking the caller, completed when it is committed (or
     * fails, as {@link #update} would throw); empty when the sender cannot queue it now, and then
     * {@link #update} does it. Only for an update without a request key, whose request log is read first.
     */
    public Optional<CompletableFuture<CommandOutcome>> updateQueued(UpdateDocumentCommand command) {
        return dispatchQueued(command, command.documentId(), 1, MDC.getCopyOfContextMap());
    }

    public CommandOutcome delete(DeleteDocumentCommand command, Optional<RequestKey> key) {
        return send(command, command.documentId(), key);
    }

    public CommandOutcome restore(RestoreDocumentCommand command, Optional<RequestKey> key) {
        return send(command, command.documentId(), key);
    }

    /** Gives the document the fields it had at {@code toVersion}, read from its own event stream. */
    public CommandOutcome revert(String documentId, long toVersion, long expectedVersion, String changeNote,
                                 String actor, Optional<RequestKey> key) {
        return send(() -> {
            DocumentFields target = history.fieldsAt(documentId, toVersion).orElseThrow(() ->
                    history.fieldsAt(documentId, 1).isPresent()
                            ? new DocumentNotFoundException(documentId, toVersion)
                            : new DocumentNotFoundException(documentId));
            return new RevertDocumentCommand(documentId, toVersion, expectedVersion, target, changeNote, actor);
        }, documentId, key);
    }

    private CommandOutcome send(Object command, String documentId, Optional<RequestKey> key) {
        return send(() -> command, documentId, key);
    }

    private CommandOutcome send(Supplier<Object> command, String documentId, Optional<RequestKey> key) {
        if (key.isEmpty()) {
            return dispatch(command, documentId, MetaData.emptyInstance());
        }
        RequestKey requestKey = key.get();
        Optional<RequestLog.LoggedRequest> earlier = requestLog.find(requestKey.requestId());
        if (earlier.isPresent()) {
            return replay(earlier.get(), requestKey);
        }
        try {
            return dispatch(command, documentId, RequestLogInterceptor.metaData(requestKey, documentId));
        } catch (RequestLog.RequestAlreadyLoggedException e) {
            // A concurrent request with the same key committed first; ours was rolled back whole.
            return replay(requestLog.find(requestKey.requestId()).orElseThrow(() -> e), requestKey);
        }
    }

    /** Sends the command, building it anew for each attempt (a revert re-reads its target state). */
    private CommandOutcome dispatch(Supplier<Object> command, String documentId, MetaData metaData) {
        for (int attempt = 1; ; attempt++) {
            try {
                Long version = commandSender.sendAndWait(command.get(), metaData);
                return new CommandOutcome(documentId, version);
            } catch (RuntimeException e) {
                RuntimeException failure = afterFailure(e, documentId, attempt);
                if (failure != null) {
                    throw failure;
                }
            }
        }
    }

    /**
     * {@link #dispatch} without blocking: a retry is queued from the thread that saw the attempt fail, with
     * the caller's log context ({@code logContext}, null for none).
     */
    private Optional<CompletableFuture<CommandOutcome>> dispatchQueued(Object command, String documentId, int attempt,
                                                                       Map<String, String> logContext) {
        return commandSender.sendQueued(command, MetaData.emptyInstance(), attempt > 1).map(queued -> queued
                .thenApply(version -> new CommandOutcome(documentId, version))
                .exceptionallyCompose(failed -> {
                    RuntimeException failure = afterFailure(unwrap(failed), documentId, attempt);
                    if (failure != null) {
                        return CompletableFuture.failedFuture(failure);
                    }
                    if (logContext != null) {
                        MDC.setContextMap(logContext);
                    }
                    try {
                        // Not queued again: the sender is closing, and nothing of this update was stored, so the
                        // caller may send it again, to this server or another.
                        return dispatchQueued(command, documentId, attempt + 1, logContext)
                                .orElseGet(() -> CompletableFuture.failedFuture(new ServerBusyException(0)));
                    } finally {
                        MDC.clear();
                    }
                }));
    }

    /**
     * What a failed attempt leads to: the failure to report, or null to try again (another process
     * appended to the stream between load and commit, and attempts are left).
     */
    private static RuntimeException afterFailure(RuntimeException failure, String documentId, int attempt) {
        if (failure instanceof AggregateNotFoundException) {
            return new DocumentNotFoundException(documentId);
        }
        if (failure instanceof AggregateStreamCreationException || !(failure instanceof ConcurrencyException)) {
            return failure;
        }
        if (attempt == MAX_ATTEMPTS) {
            return new ConcurrentChangeException(documentId, attempt);
        }
        log.debug("document {} changed concurrently, attempt {} of {}", documentId, attempt, MAX_ATTEMPTS);
        return null;
    }

    private static RuntimeException unwrap(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof RuntimeException runtime) {
            return runtime;
        }
        if (cause instanceof Error error) {
            throw error;
        }
        return new IllegalStateException(cause);
    }

    private static CommandOutcome replay(RequestLog.LoggedRequest earlier, RequestKey key) {
        if (!earlier.fingerprint().equals(key.fingerprint())) {
            throw new RequestIdReusedException(key.requestId());
        }
        return new CommandOutcome(earlier.documentId(), earlier.version());
    }
}
