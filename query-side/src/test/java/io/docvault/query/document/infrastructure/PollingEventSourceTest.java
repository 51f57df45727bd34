package io.docvault.query.document.infrastructure;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
    void aStreamThatFindsNothingLooksLessOftenUntilSomethingComes() throws Exception {
        CountingStorage storage = new CountingStorage();
        // No tick of its own within the test: the test ticks.
        try (PollingEventSource source = new PollingEventSource(storage, Duration.ofHours(1))) {
            BlockingStream<TrackedEventMessage<?>> stream = source.openStream(source.createHeadToken());
            List<Integer> looks = new ArrayList<>();
            for (int tick = 0; tick <= 40; tick++) {
                int before = storage.reads.get();
                for (int call = 0; call < 5; call++) {
                    assertThat(stream.hasNextAvailable()).isFalse();
                    assertThat(stream.peek()).isEmpty();
                }
                if (storage.reads.get() > before) {
                    looks.add(tick);
                }
                source.tick();
            }
            // Once per tick at most, then after 1, 2, 4 and 8 ticks, then every IDLE_TICKS.
            assertThat(looks).containsExactly(0, 1, 3, 7, 15, 25, 35);

            // Stored by another process: found at the next look, and then the stream looks at every tick.
            storage.append("a", 0);
            while (!stream.hasNextAvailable()) {
                source.tick();
            }
            assertThat(stream.nextAvailable().getPayload()).isEqualTo("event 0");
            int afterFound = storage.reads.get();
            source.tick();
            assertThat(stream.hasNextAvailable()).as("the end of the read that found it").isFalse();
            source.tick();
            assertThat(stream.hasNextAvailable()).isFalse();
            assertThat(storage.reads.get()).as("a look at the next tick again").isEqualTo(afterFound + 1);

            // Idle again, then stored here: the wake makes the stream look at the very next tick.
            for (int tick = 0; tick < 20; tick++) {
                source.tick();
                stream.hasNextAvailable();
            }
            storage.append("a", 1);
            source.wake();
            source.tick();
            assertThat(stream.hasNextAvailable()).as("looked at the tick after the wake").isTrue();
            assertThat(stream.nextAvailable().getPayload()).isEqualTo("event 1");

            // A wait with a timeout waits tick by tick, and does not look between them.
            int beforeWait = storage.reads.get();
            assertThat(stream.hasNextAvailable(50, TimeUnit.MILLISECONDS)).isFalse();
            assertThat(storage.reads.get() - beforeWait).isLessThanOrEqualTo(1);
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
