package io.docvault.query.document.infrastructure;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.StreamableMessageSource;
import org.junit.jupiter.api.Test;

class PollingEventSourceTest {

    /** A store whose streams never have events: only the call-backs matter here. */
    private static final StreamableMessageSource<TrackedEventMessage<?>> EMPTY_STORE = token -> new BlockingStream<>() {
        @Override
        public Optional<TrackedEventMessage<?>> peek() {
            return Optional.empty();
        }

        @Override
        public boolean hasNextAvailable(int timeout, TimeUnit unit) {
            return false;
        }

        @Override
        public TrackedEventMessage<?> nextAvailable() {
            throw new IllegalStateException("no events");
        }

        @Override
        public void close() {
        }
    };

    @Test
    void callsEveryOpenStreamBackUntilItIsClosedAndSurvivesAFailingCallBack() throws Exception {
        try (PollingEventSource source = new PollingEventSource(EMPTY_STORE, Duration.ofMillis(5))) {
            BlockingStream<TrackedEventMessage<?>> failing = source.openStream((TrackingToken) null);
            assertThat(failing.setOnAvailableCallback(() -> {
                throw new IllegalStateException("processor shutting down");
            })).isTrue();
            BlockingStream<TrackedEventMessage<?>> working = source.openStream((TrackingToken) null);
            CountDownLatch calledTenTimes = new CountDownLatch(10);
            AtomicInteger calls = new AtomicInteger();
            working.setOnAvailableCallback(() -> {
                calls.incrementAndGet();
                calledTenTimes.countDown();
            });
            assertThat(calledTenTimes.await(10, TimeUnit.SECONDS)).as("call-backs despite the failing one").isTrue();

            working.close();
            // The ticker is one thread: the probe's second call is in a tick that began after the probe,
            // and so after close(), was registered; from then on nothing may call the closed stream back.
            CountDownLatch firstTick = new CountDownLatch(2);
            CountDownLatch threeMore = new CountDownLatch(5);
            BlockingStream<TrackedEventMessage<?>> probe = source.openStream((TrackingToken) null);
            probe.setOnAvailableCallback(() -> {
                firstTick.countDown();
                threeMore.countDown();
            });
            assertThat(firstTick.await(10, TimeUnit.SECONDS)).isTrue();
            int afterClose = calls.get();
            assertThat(threeMore.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(calls.get()).as("calls after close").isEqualTo(afterClose);
        }
    }
}
