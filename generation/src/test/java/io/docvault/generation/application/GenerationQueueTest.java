package io.docvault.generation.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.docvault.api.error.ErrorCategory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class GenerationQueueTest {

    @Test
    @DisplayName("with every worker busy and the queue full, the next generation is refused at once")
    void refusesBeyondTheQueue() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch running = new CountDownLatch(2);
        try (GenerationQueue queue = new GenerationQueue(2, 1)) {
            List<CompletableFuture<String>> accepted = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                int n = i;
                accepted.add(CompletableFuture.supplyAsync(() -> queue.run(() -> {
                    running.countDown();
                    release.await();
                    return "done " + n;
                })));
                if (i == 1) {
                    assertThat(running.await(10, TimeUnit.SECONDS)).as("both workers busy").isTrue();
                }
            }
            await().atMost(10, TimeUnit.SECONDS).until(() -> queue.waiting() == 1);
            assertThatThrownBy(() -> queue.run(() -> "overflow"))
                    .isInstanceOfSatisfying(GenerationQueueFullException.class,
                            e -> assertThat(e.category()).isEqualTo(ErrorCategory.RESOURCE_EXHAUSTED));
            release.countDown();
            for (int i = 0; i < 3; i++) {
                assertThat(accepted.get(i).get(10, TimeUnit.SECONDS)).isEqualTo("done " + i);
            }
        }
    }

    @Test
    @DisplayName("a burst takes exactly workers + queue places, however fast it comes, and frees them afterwards")
    void burstTakesExactlyTheCapacity() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (GenerationQueue queue = new GenerationQueue(2, 8)) {
            List<CompletableFuture<String>> calls = new ArrayList<>();
            java.util.concurrent.ExecutorService callers = java.util.concurrent.Executors.newFixedThreadPool(12);
            CountDownLatch go = new CountDownLatch(1);
            for (int i = 0; i < 12; i++) {
                calls.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        go.await();
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                    return queue.run(() -> {
                        release.await();
                        return "done";
                    });
                }, callers));
            }
            go.countDown();
            await().atMost(10, TimeUnit.SECONDS).until(() -> calls.stream().filter(CompletableFuture::isDone).count() == 2);
            assertThat(calls.stream().filter(CompletableFuture::isCompletedExceptionally).count()).isEqualTo(2);
            release.countDown();
            int done = 0;
            for (CompletableFuture<String> call : calls) {
                try {
                    assertThat(call.get(10, TimeUnit.SECONDS)).isEqualTo("done");
                    done++;
                } catch (java.util.concurrent.ExecutionException e) {
                    assertThat(e.getCause()).isInstanceOf(GenerationQueueFullException.class);
                }
            }
            assertThat(done).isEqualTo(10);
            await().atMost(10, TimeUnit.SECONDS).until(() -> queue.running() == 0);
            assertThat(queue.run(() -> "again")).isEqualTo("again");
            callers.shutdownNow();
        }
    }

    @Test
    @DisplayName("a task's own failure reaches the caller unchanged")
    void rethrowsTaskFailures() {
        try (GenerationQueue queue = new GenerationQueue(1, 1)) {
            IllegalArgumentException thrown = new IllegalArgumentException("bad data");
            assertThatThrownBy(() -> queue.run(() -> {
                throw thrown;
            })).isSameAs(thrown);
        }
    }
}
