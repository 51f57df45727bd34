package io.docvault.command.infrastructure;

import io.docvault.api.error.ServerBusyException;
import io.docvault.command.application.CommandSender;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.common.transaction.Transaction;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.messaging.GenericMessage;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Group commit: the commands that are waiting when the committer thread is free (up to
 * {@code maxBatch}) run one after another on that thread inside one root unit of work and one
 * transaction. Each command still has its own nested unit of work, handler interceptors and aggregate
 * load; Axon hands a nested unit of work's events to its root, so the batch's events are appended
 * with one batched INSERT and committed with one COMMIT, and every caller is answered after that
 * commit. A caller never waits for a batch to fill: a command that arrives alone runs alone.
 *
 * <p>Nothing about a command's outcome depends on its batch. If any command of a batch fails, or the
 * commit fails before its COMMIT (the append losing a race on a sequence number), the whole transaction
 * is rolled back (Axon's rollback also evicts the batch's aggregates from the cache) and every command
 * of the batch runs again on its own, in a transaction of its own, exactly as it would have without
 * group commit; its outcome, success or failure, is the one its caller gets. A failed COMMIT itself
 * may have taken effect, so its commands do not run again: their callers get the failure, as they
 * would without group commit. Commands in one batch run in their order of arrival, so two commands on the same
 * document in one batch see each other as they would one after the other.
 *
 * <p>Only for a command bus that handles a command on the dispatching thread (Axon's
 * {@code SimpleCommandBus}): the nested units of work must join the committer's root.
 */
public final class GroupCommitter implements CommandSender, MeterBinder, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(GroupCommitter.class);
    private static final Pending STOP = new Pending(null, null, null, null);

    private final CommandGateway gateway;
    private final TransactionManager transactionManager;
    private final int maxBatch;
    private final int maxQueued;
    private final Consumer<UnitOfWork<?>> rootStarted;
    private final AtomicLong refused = new AtomicLong();
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Thread committer;
    private final AtomicLong batchesRunAgain = new AtomicLong();
    private volatile boolean closed;
    private volatile boolean drained;
    private volatile DistributionSummary batchSizes;

    private record Pending(Object command, MetaData metaData, Map<String, String> logContext,
                           CompletableFuture<Object> outcome) {
    }

    /**
     * {@code maxQueued}: most commands {@link #sendQueued} leaves waiting (0: no limit); beyond it a command
     * queued so is refused ({@code SERVER_BUSY}), as a call beyond the call threads' queue is.
     */
    public GroupCommitter(CommandGateway gateway, TransactionManager transactionManager, int maxBatch, int maxQueued) {
        this(gateway, transactionManager, maxBatch, maxQueued, root -> {
        });
    }

    /**
     * {@code rootStarted}: called with each batch's root unit of work before its first command runs, for what
     * must prepare its commit before the events' append does (Axon prepares in the order of registration).
     */
    public GroupCommitter(CommandGateway gateway, TransactionManager transactionManager, int maxBatch, int maxQueued,
                          Consumer<UnitOfWork<?>> rootStarted) {
        if (maxBatch < 2) {
            throw new IllegalArgumentException("a group commit needs batches of 2 or more, got " + maxBatch);
        }
        this.gateway = gateway;
        this.transactionManager = transactionManager;
        this.maxBatch = maxBatch;
        this.maxQueued = maxQueued;
        this.rootStarted = rootStarted;
        this.committer = new Thread(this::run, "group-commit");
        committer.setDaemon(true);
        committer.start();
    }

    @Override
    public Long sendAndWait(Object command, MetaData metaData) {
        // Queued as a retry is: a caller that waits is never refused for a full queue.
        Optional<CompletableFuture<Long>> queued = sendQueued(command, metaData, true);
        if (queued.isEmpty()) {
            // Closed, or queued after the committer's last look at the queue: the caller sends it itself.
            return (Long) gateway.sendAndWait(command, metaData);
        }
        try {
            // Not interruptible: once queued the command may be committing, and a caller that stopped
            // waiting could not tell whether it was.
            return queued.get().join();
        } catch (CompletionException e) {
            throw asRuntime(e.getCause());
        }
    }

    /**
     * Queues the command and returns at once; its caller is answered from the committer thread once the
     * batch is committed. A caller that must not block (a transport thread) waits so without holding a
     * thread. Beyond {@code maxQueued} waiting commands the future fails with {@link ServerBusyException},
     * unless the command is a retry of one admitted before.
     */
    @Override
    public Optional<CompletableFuture<Long>> sendQueued(Object command, MetaData metaData, boolean retry) {
        if (closed) {
            return Optional.empty();
        }
        // About maxQueued: transport threads that look at once may each add one more.
        int waiting = queue.size();
        if (!retry && maxQueued > 0 && waiting >= maxQueued) {
            refused.incrementAndGet();
            return Optional.of(CompletableFuture.failedFuture(new ServerBusyException(waiting)));
        }
        Pending pending = new Pending(command, metaData, MDC.getCopyOfContextMap(), new CompletableFuture<>());
        queue.add(pending);
        if (drained && queue.remove(pending)) {
            // Queued after the committer's last look at the queue: the caller sends it itself.
            return Optional.empty();
        }
        return Optional.of(pending.outcome().thenApply(Long.class::cast));
    }

    private void run() {
        List<Pending> batch = new ArrayList<>(maxBatch);
        while (true) {
            Pending first = takeUninterruptibly();
            if (first == STOP) {
                break;
            }
            batch.add(first);
            queue.drainTo(batch, maxBatch - 1);
            boolean stop = batch.remove(STOP);
            try {
                if (batch.size() == 1) {
                    alone(batch.get(0));
                } else {
                    together(batch);
                }
            } catch (Throwable unexpected) {
                log.error("group commit of {} commands failed unexpectedly", batch.size(), unexpected);
                batch.forEach(pending -> pending.outcome().completeExceptionally(unexpected));
            }
            batch.clear();
            clearLeftoverUnitsOfWork();
            if (stop) {
                break;
            }
        }
        // Commands queued while closing: each on its own. A caller that queues after the flag is set
        // takes its command back itself (sendAndWait), so none is left waiting.
        drainAlone();
        drained = true;
        drainAlone();
    }

    private void drainAlone() {
        for (Pending pending = queue.poll(); pending != null; pending = queue.poll()) {
            if (pending != STOP) {
                alone(pending);
            }
        }
    }

    private Pending takeUninterruptibly() {
        while (true) {
            try {
                return queue.take();
            } catch (InterruptedException e) {
                // Only close() stops the committer, by queueing STOP.
            }
        }
    }

    private void together(List<Pending> batch) {
        UnitOfWork<?> root = DefaultUnitOfWork.startAndGet(
                GenericMessage.asMessage("group commit of " + batch.size() + " commands"));
        CommitProgress progress = new CommitProgress();
        List<Object> results = new ArrayList<>(batch.size());
        Throwable failure = null;
        try {
            Transaction transaction = transactionManager.startTransaction();
            root.onCommit(u -> {
                progress.committing = true;
                transaction.commit();
                progress.committed = true;
            });
            root.onRollback(u -> transaction.rollback());
            rootStarted.accept(root);
            for (Pending pending : batch) {
                CompletableFuture<Object> handled = withLogContext(pending, () -> gateway.send(pending.command(), pending.metaData()));
                if (!handled.isDone()) {
                    // Never so with SimpleCommandBus, the only bus this is configured for; the command now runs
                    // elsewhere, so it must not run again.
                    throw new IllegalStateException("the command bus did not handle a command on the committing thread");
                }
                if (handled.isCompletedExceptionally()) {
                    failure = handled.handle((result, cause) -> cause).join();
                    break;
                }
                results.add(handled.join());
            }
        } catch (Throwable unexpected) {
            // The transaction did not start (no connection), or the bus misbehaved: nothing of the batch is
            // stored, and running its commands again would meet the same trouble.
            rollBack(root, unexpected);
            batch.forEach(pending -> pending.outcome().completeExceptionally(unexpected));
            return;
        }
        if (failure != null) {
            rollBack(root, failure);
            runAgainAlone(batch, failure);
            return;
        }
        try {
            root.commit();
        } catch (Throwable commitFailure) {
            if (progress.committed) {
                // Stored; what failed ran after the COMMIT (a notification), as it would for a command alone.
                log.warn("a group commit of {} commands succeeded, then failed: {}", batch.size(), commitFailure.toString());
            } else if (progress.committing) {
                // The COMMIT itself failed (e.g. the connection dropped): whether it took effect is unknown, so
                // the commands must not run again; their callers get the failure, as without group commit.
                batch.forEach(pending -> pending.outcome().completeExceptionally(commitFailure));
                return;
            } else {
                // Before the COMMIT (e.g. the append lost a race on a sequence number): rolled back by Axon.
                runAgainAlone(batch, commitFailure);
                return;
            }
        }
        DistributionSummary sizes = batchSizes;
        if (sizes != null) {
            sizes.record(batch.size());
        }
        for (int i = 0; i < batch.size(); i++) {
            batch.get(i).outcome().complete(results.get(i));
        }
    }

    /** Where a root's commit got to, so a failure of it can be told apart by its consequence. */
    private static final class CommitProgress {
        boolean committing;
        boolean committed;
    }

    /** Rolls the root back if it is still open, so no unit of work stays current on this thread. */
    private static void rollBack(UnitOfWork<?> root, Throwable cause) {
        if (root.isActive() && !root.phase().isAfter(UnitOfWork.Phase.COMMIT)
                && CurrentUnitOfWork.isStarted() && CurrentUnitOfWork.get() == root) {
            root.rollback(cause);
        }
    }

    /** A unit of work left current by a failure would swallow every later command's events: none may be. */
    private static void clearLeftoverUnitsOfWork() {
        while (CurrentUnitOfWork.isStarted()) {
            UnitOfWork<?> leftover = CurrentUnitOfWork.get();
            log.error("a unit of work was left open on the committer thread; rolling it back");
            if (leftover.isActive() && !leftover.phase().isAfter(UnitOfWork.Phase.COMMIT)) {
                leftover.rollback(new IllegalStateException("left open on the committer thread"));
            } else {
                CurrentUnitOfWork.clear(leftover);
            }
        }
    }

    private void runAgainAlone(List<Pending> batch, Throwable cause) {
        batchesRunAgain.incrementAndGet();
        log.debug("a batch of {} commands was rolled back ({}); each runs again on its own", batch.size(), cause.toString());
        batch.forEach(this::alone);
    }

    private void alone(Pending pending) {
        try {
            pending.outcome().complete(withLogContext(pending, () -> gateway.sendAndWait(pending.command(), pending.metaData())));
        } catch (Throwable failure) {
            pending.outcome().completeExceptionally(failure);
        }
    }

    private static <T> T withLogContext(Pending pending, Supplier<T> work) {
        if (pending.logContext() == null) {
            return work.get();
        }
        MDC.setContextMap(pending.logContext());
        try {
            return work.get();
        } finally {
            MDC.clear();
        }
    }

    private static RuntimeException asRuntime(Throwable failure) {
        if (failure instanceof RuntimeException runtime) {
            return runtime;
        }
        if (failure instanceof Error error) {
            throw error;
        }
        return new IllegalStateException(failure);
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        batchSizes = DistributionSummary.builder("docvault.command.group.commit.size")
                .description("commands committed together in one transaction").register(registry);
        FunctionCounter.builder("docvault.command.group.commit.rolled.back", batchesRunAgain,
                        AtomicLong::get)
                .description("batches rolled back because one of their commands, or their commit before the COMMIT, failed; their commands ran again alone")
                .register(registry);
        FunctionCounter.builder("docvault.command.group.commit.refused", refused, AtomicLong::get)
                .description("commands refused (SERVER_BUSY) because max-queued-calls already waited for the committer thread")
                .register(registry);
        Gauge.builder("docvault.command.group.commit.queued", queue, BlockingQueue::size)
                .description("commands waiting for the committer thread").register(registry);
    }

    /** Commands already queued still run (each on its own once the current batch is done); later ones run on the caller's thread. */
    @Override
    public void close() throws InterruptedException {
        closed = true;
        queue.add(STOP);
        committer.join(TimeUnit.SECONDS.toMillis(30));
    }
}
