package io.docvault.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.util.concurrent.ListeningScheduledExecutorService;
import com.google.common.util.concurrent.MoreExecutors;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The warm-up against this test's own JVM (its compiler threads are read from {@code /proc} as a
 * server's are): calls that complete at once leave its JIT idle within a few slices, and a limit
 * shorter than two slices ends the warm-up before it can count as settled.
 */
class ServerWarmupTest {

    private final ByteArrayOutputStream output = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8);
    /**
     * Calls that take a millisecond, answered on another thread (a future done before the load adds its
     * callback would have the load's callbacks recurse).
     */
    private final ListeningScheduledExecutorService server =
            MoreExecutors.listeningDecorator(Executors.newScheduledThreadPool(1));
    private final Load.Call instant = (caller, n) -> server.schedule(() -> n, 1, TimeUnit.MILLISECONDS);

    @AfterEach
    void stopTheCalls() {
        server.shutdownNow();
    }

    @Test
    void endsOnceTheCompilersAreQuietForTwoRounds() throws Exception {
        ServerWarmup.Result result = ServerWarmup.run(new Load(2, Duration.ZERO, Duration.ZERO, 0),
                ProcessHandle.current().pid(),
                List.of(new ServerWarmup.Turn("first", instant), new ServerWarmup.Turn("second", instant)),
                Duration.ofSeconds(60), Duration.ofSeconds(1), out);

        assertThat(result.settled()).isTrue();
        assertThat(result.compilerShare()).isLessThan(ServerWarmup.QUIET);
        assertThat(result.took()).isGreaterThanOrEqualTo(Duration.ofSeconds(4)).isLessThan(Duration.ofSeconds(60));
        String printed = output.toString(StandardCharsets.UTF_8);
        // The calls take turns, one per slice, and each slice says what the compilers used.
        assertThat(printed).contains(": first ", ": second ", "JIT compilers", "server warm after");
    }

    @Test
    void saysWhenTheLimitEndedItBeforeTheJitWasQuiet() throws Exception {
        ServerWarmup.Result result = ServerWarmup.run(new Load(1, Duration.ZERO, Duration.ZERO, 0),
                ProcessHandle.current().pid(), List.of(new ServerWarmup.Turn("only", instant)),
                Duration.ofMillis(300), Duration.ofSeconds(1), out);

        assertThat(result.settled()).isFalse();
        assertThat(output.toString(StandardCharsets.UTF_8)).contains("stopped at its limit (0.3 s)",
                "what is measured next includes compilation");
    }
}
