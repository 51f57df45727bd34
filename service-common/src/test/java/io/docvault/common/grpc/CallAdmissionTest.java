package io.docvault.common.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.grpc.Metadata;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Admission against real thread pools: only a call that would wait behind busy threads is refused. */
class CallAdmissionTest {

    @Test
    void aStepQueuedWhileThreadsAreFreeDoesNotRefuseTheNextCall() {
        LinkedBlockingQueue<Runnable> queue = new LinkedBlockingQueue<>();
        // Queued before any of the pool's two threads started: a thread is free for it and for one more.
        queue.add(() -> { });
        ThreadPoolExecutor pool = new ThreadPoolExecutor(2, 2, 1, TimeUnit.MINUTES, queue);
        try {
            CallAdmission admission = new CallAdmission(1);
            Metadata headers = new Metadata();
            assertThat(admission.admit(pool, headers)).isTrue();
            assertThat(admission.refused()).isZero();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aCallBehindBusyThreadsAndAFullQueueIsRefusedAndMarked() throws Exception {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(2, 2, 1, TimeUnit.MINUTES, new LinkedBlockingQueue<>());
        CountDownLatch release = new CountDownLatch(1);
        try {
            for (int i = 0; i < 3; i++) {
                pool.execute(() -> {
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
            }
            await().until(() -> pool.getActiveCount() == 2 && pool.getQueue().size() == 1);
            CallAdmission admission = new CallAdmission(1);
            Metadata headers = new Metadata();
            assertThat(admission.admit(pool, headers)).isFalse();
            assertThat(headers.get(Metadata.Key.of("docvault-internal-refused", Metadata.ASCII_STRING_MARSHALLER)))
                    .isEqualTo("1");
            assertThat(admission.refused()).isEqualTo(1);
            // The process's own calls wait their turn instead.
            assertThat(admission.admit(pool, admission.ownCallHeaders())).isTrue();
            // No limit: everything waits.
            assertThat(new CallAdmission(0).admit(pool, new Metadata())).isTrue();
        } finally {
            release.countDown();
            pool.shutdown();
            assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
    }
}
