package io.docvault.query.document.projection;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ReadModelSignalTest {

    private final ReadModelSignal signal = new ReadModelSignal();

    @Test
    void aWaitLearnsTheVersionAChangeReached() throws Exception {
        try (ReadModelSignal.Wait wait = signal.register("a")) {
            CompletableFuture<Long> reached = CompletableFuture.supplyAsync(() -> await(wait, 3, Duration.ofSeconds(10)));
            signal.changed("a", 2);
            signal.changed("a", 3);

            assertThat(reached.get(10, TimeUnit.SECONDS)).isEqualTo(3);
        }
    }

    @Test
    void aChangeBeforeTheAwaitIsNotMissed() throws Exception {
        try (ReadModelSignal.Wait wait = signal.register("a")) {
            signal.changed("a", 5);

            assertThat(wait.await(5, Duration.ZERO)).isEqualTo(5);
        }
    }

    @Test
    void aVersionShortOfTheOneAwaitedTimesOutWithIt() throws Exception {
        try (ReadModelSignal.Wait wait = signal.register("a")) {
            signal.changed("a", 2);

            assertThat(wait.await(3, Duration.ofMillis(50))).isEqualTo(2);
        }
    }

    @Test
    void changesOfOtherDocumentsAndOlderVersionsDoNotCount() throws Exception {
        try (ReadModelSignal.Wait wait = signal.register("a")) {
            signal.changed("b", 9);
            signal.changed("a", 4);
            signal.changed("a", 1);

            assertThat(wait.await(9, Duration.ofMillis(50))).isEqualTo(4);
        }
    }

    @Test
    void aClosedWaitIsToldNothing() throws Exception {
        ReadModelSignal.Wait wait = signal.register("a");
        wait.close();
        signal.changed("a", 7);

        assertThat(wait.await(7, Duration.ofMillis(50))).isZero();
    }

    @Test
    void listenersAreToldEveryChangedDocument() {
        List<String> told = new ArrayList<>();
        signal.onChange(told::add);
        signal.changed("a", 1);
        signal.changed("b", 1);

        assertThat(told).containsExactly("a", "b");
    }

    private static long await(ReadModelSignal.Wait wait, long version, Duration timeout) {
        try {
            return wait.await(version, timeout);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
