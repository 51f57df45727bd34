package io.docvault.query.document.infrastructure;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.junit.jupiter.api.Test;

/** Against Axon's in-memory storage engine; the JDBC one is read the same way in the server's ITs. */
class PollingEventSourceTest {

    /** Counts the reads the streams open. */
    private static final class CountingStorage extends InMemoryEventStorageEngine {
        final AtomicInteger reads = new AtomicInteger();

        @Override
        public Stream<? extends TrackedEventMessage<?>> readEvents(TrackingToken token, boolean mayBlock) {
            reads.incrementAndGet();
            return super.readEvents(token, mayBlock);
        }

        void append(String documentId, long sequence) {
            appendEvents(new GenericDomainEventMessage<>("Document", documentId, sequence, "event " + sequence));
        }
    }

    @Test
    void aStreamThatCaughtUpSeesTheEventsStoredAfterwards() throws Exception {
        CountingStorage storage = new CountingStorage();
        storage.append("a", 0);
        try (PollingEventSource source = new PollingEventSource(storage, Duration.ofMillis(5))) {
            BlockingStream<TrackedEventMessage<?>> stream = source.openStream(null);
            assertThat(stream.hasNextAvailable(10, TimeUnit.SECONDS)).isTrue();
            assertThat(stream.nextAvailable().getPayload()).isEqualTo("event 0");
            assertThat(stream.hasNextAvailable()).isFalse();

            storage.append("a", 1);
            storage.append("b", 0);
            assertThat(stream.hasNextAvailable(10, TimeUnit.SECONDS)).as("after the next tick").isTrue();
            assertThat(stream.peek()).hasValueSatisfying(event -> assertThat(event.getPayload()).isEqualTo("event 1"));
            assertThat(stream.nextAvailable().getPayload()).isEqualTo("event 1");
            assertThat(stream.nextAvailable().getPayload()).isEqualTo("event 0");
            assertThat(stream.hasNextAvailable()).isFalse();
            stream.close();
        }
    }

    @Test
    void aStreamLooksForNewEventsOncePerTick() throws Exception {
        CountingStorage storage = new CountingStorage();
        // No tick within the test: every look after the first empty one is within the same tick.
        try (PollingEventSource source = new PollingEventSource(storage, Duration.ofHours(1))) {
            BlockingStream<TrackedEventMessage<?>> stream = source.openStream(source.createHeadToken());
            for (int i = 0; i < 100; i++) {
                assertThat(stream.hasNextAvailable()).isFalse();
                assertThat(stream.peek()).isEmpty();
            }
            assertThat(storage.reads).hasValue(1);

            // An event stored now waits for the next tick, which a wait with a timeout does not outrun.
            storage.append("a", 0);
            assertThat(stream.hasNextAvailable(50, TimeUnit.MILLISECONDS)).isFalse();
            assertThat(storage.reads).hasValue(1);
            stream.close();
        }
    }

    @Test
    void callsEveryOpenStreamBackUntilItIsClosedAndSurvivesAFailingCallBack() throws Exception {
        try (PollingEventSource source = new PollingEventSource(new CountingStorage(), Duration.ofMillis(5))) {
            BlockingStream<TrackedEventMessage<?>> failing = source.openStream(null);
            assertThat(failing.setOnAvailableCallback(() -> {
                throw new IllegalStateException("processor shutting down");
            })).isTrue();
            BlockingStream<TrackedEventMessage<?>> working = source.openStream(null);
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
            BlockingStream<TrackedEventMessage<?>> probe = source.openStream(null);
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
