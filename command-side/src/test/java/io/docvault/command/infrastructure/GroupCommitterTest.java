package io.docvault.command.infrastructure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.docvault.api.error.ServerBusyException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.common.transaction.Transaction;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.interceptors.TransactionManagingInterceptor;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The committer's handling of batches and failures, on Axon's real in-memory command bus with a
 * transaction manager that counts (and can fail) what the committer asks of it; GroupCommitIT shows the
 * same against PostgreSQL. A first command that blocks in its handler holds the committer, so the
 * commands sent meanwhile make one batch once it is let go.
 */
class GroupCommitterTest {

    record Step(String name, boolean fails) {
    }

    private final CountingTransactions transactions = new CountingTransactions();
    private final SimpleCommandBus bus = SimpleCommandBus.builder().build();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final List<String> handled = new CopyOnWriteArrayList<>();
    private final CountDownLatch holding = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);
    private final GroupCommitter committer;

    GroupCommitterTest() {
        bus.registerHandlerInterceptor(new TransactionManagingInterceptor<>(transactions));
        bus.subscribe(Step.class.getName(), message -> {
            Step step = (Step) message.getPayload();
            handled.add(step.name() + (CurrentUnitOfWork.get().isRoot() ? " alone" : " in a batch"));
            if (step.name().equals("holder")) {
                holding.countDown();
                release.await();
            }
            if (step.fails()) {
                throw new IllegalArgumentException("refused " + step.name());
            }
            return (long) step.name().length();
        });
        committer = new GroupCommitter(DefaultCommandGateway.builder().commandBus(bus).build(), transactions, 32, 4);
        committer.bindTo(meters);
    }

    @AfterEach
    void close() throws InterruptedException {
        release.countDown();
        committer.close();
    }

    @Test
    void commandsWaitingTogetherShareOneTransaction() throws Exception {
        List<CompletableFuture<Long>> batch = whileHeld(step("a"), step("bb"), step("ccc"));
        assertThat(batch).extracting(f -> f.get(10, TimeUnit.SECONDS)).containsExactly(1L, 2L, 3L);
        assertThat(handled).containsExactly("holder alone", "a in a batch", "bb in a batch", "ccc in a batch");
        assertThat(transactions.started).hasValue(2);
        assertThat(transactions.committed).hasValue(2);
    }

    @Test
    void aFailingCommandRollsTheBatchBackAndEachRunsAgainAlone() throws Exception {
        List<CompletableFuture<Long>> batch = whileHeld(step("a"), new Step("bad", true), step("ccc"));
        assertThat(batch.get(0).get(10, TimeUnit.SECONDS)).isEqualTo(1L);
        assertThatThrownBy(() -> batch.get(1).get(10, TimeUnit.SECONDS)).hasRootCauseMessage("refused bad");
        assertThat(batch.get(2).get(10, TimeUnit.SECONDS)).isEqualTo(3L);
        assertThat(handled).containsExactly("holder alone", "a in a batch", "bad in a batch",
                "a alone", "bad alone", "ccc alone");
        assertThat(transactions.rolledBack).hasValue(2);
        assertThat(meters.get("docvault.command.group.commit.rolled.back").functionCounter().count()).isEqualTo(1);
    }

    @Test
    void aTransactionThatCannotStartFailsItsBatchAndLeavesNothingOpen() throws Exception {
        transactions.failStartAt.set(2);
        assertEachFails(whileHeld(step("a"), step("bb")), "no connection");
        // The next command is a root of its own, not nested in a root left over from the failure.
        assertThat(committer.sendAndWait(step("next"), MetaData.emptyInstance())).isEqualTo(4L);
        assertThat(handled).containsExactly("holder alone", "next alone");
    }

    @Test
    void aCommitThatFailsIsNotRunAgain() throws Exception {
        transactions.failCommitAt.set(2);
        assertEachFails(whileHeld(step("a"), step("bb")), "connection lost in COMMIT");
        // Whether the COMMIT took effect is unknown, so neither command ran a second time.
        assertThat(handled).containsExactly("holder alone", "a in a batch", "bb in a batch");
    }

    @Test
    void queuedCommandsAreAnsweredFromTheCommitterAndRefusedBeyondItsQueue() throws Exception {
        CompletableFuture<Long> holder = CompletableFuture.supplyAsync(
                () -> committer.sendAndWait(step("holder"), MetaData.emptyInstance()));
        assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();
        List<CompletableFuture<Long>> queued = new ArrayList<>();
        for (String name : List.of("a", "bb", "ccc", "dddd")) {
            queued.add(committer.sendQueued(step(name), MetaData.emptyInstance(), false).orElseThrow());
        }
        // Four wait, as many as it queues: the fifth is refused at once, and nothing else has run.
        CompletableFuture<Long> refused = committer.sendQueued(step("eeeee"), MetaData.emptyInstance(), false).orElseThrow();
        assertThatThrownBy(refused::join).hasCauseInstanceOf(ServerBusyException.class);
        // A retry of a command admitted before is queued whatever waits.
        queued.add(committer.sendQueued(step("ffffff"), MetaData.emptyInstance(), true).orElseThrow());
        assertThat(queued).noneMatch(CompletableFuture::isDone);

        release.countDown();
        assertThat(holder.get(10, TimeUnit.SECONDS)).isEqualTo(6L);
        assertThat(queued).extracting(f -> f.get(10, TimeUnit.SECONDS)).containsExactly(1L, 2L, 3L, 4L, 6L);
        assertThat(handled).containsExactly("holder alone", "a in a batch", "bb in a batch", "ccc in a batch",
                "dddd in a batch", "ffffff in a batch");
        assertThat(meters.get("docvault.command.group.commit.refused").functionCounter().count()).isEqualTo(1);
    }

    private static void assertEachFails(List<CompletableFuture<Long>> commands, String cause) {
        for (CompletableFuture<Long> command : commands) {
            assertThatThrownBy(() -> command.get(10, TimeUnit.SECONDS)).hasRootCauseMessage(cause);
        }
    }

    private static Step step(String name) {
        return new Step(name, false);
    }

    /** Holds the committer in a first command, queues {@code steps} in order from threads of their own, lets go. */
    private List<CompletableFuture<Long>> whileHeld(Step... steps) throws Exception {
        CompletableFuture<Long> holder = CompletableFuture.supplyAsync(
                () -> committer.sendAndWait(step("holder"), MetaData.emptyInstance()));
        assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();
        List<CompletableFuture<Long>> sent = new ArrayList<>();
        for (Step step : steps) {
            sent.add(CompletableFuture.supplyAsync(() -> committer.sendAndWait(step, MetaData.emptyInstance()),
                    runnable -> new Thread(runnable).start()));
            // One at a time, so the queue holds them in the order given.
            int queued = sent.size();
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> meters.get("docvault.command.group.commit.queued").gauge().value() == queued);
        }
        release.countDown();
        assertThat(holder.get(10, TimeUnit.SECONDS)).isEqualTo(6L);
        return sent;
    }

    /**
     * Counts transactions as Spring's transaction manager makes them: one per thread, a start inside it
     * joining it (commit and rollback of the joined one do nothing). Can refuse the Nth start or fail the
     * Nth commit.
     */
    static final class CountingTransactions implements TransactionManager {
        final AtomicInteger started = new AtomicInteger();
        final AtomicInteger committed = new AtomicInteger();
        final AtomicInteger rolledBack = new AtomicInteger();
        final AtomicInteger failStartAt = new AtomicInteger();
        final AtomicInteger failCommitAt = new AtomicInteger();
        private final ThreadLocal<Boolean> open = ThreadLocal.withInitial(() -> false);

        @Override
        public Transaction startTransaction() {
            if (open.get()) {
                return new Transaction() {
                    @Override
                    public void commit() {
                    }

                    @Override
                    public void rollback() {
                    }
                };
            }
            int number = started.incrementAndGet();
            if (number == failStartAt.get()) {
                throw new IllegalStateException("no connection");
            }
            open.set(true);
            return new Transaction() {
                @Override
                public void commit() {
                    open.set(false);
                    if (number == failCommitAt.get()) {
                        throw new IllegalStateException("connection lost in COMMIT");
                    }
                    committed.incrementAndGet();
                }

                @Override
                public void rollback() {
                    open.set(false);
                    rolledBack.incrementAndGet();
                }
            };
        }
    }
}
