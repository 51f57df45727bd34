package io.docvault.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    private static final RetryPolicy POLICY = new RetryPolicy(5, Duration.ofMillis(100), Duration.ofMillis(350), 2.0, 0.5);

    @Test
    @DisplayName("without randomness the pause doubles from the initial backoff up to the maximum")
    void exponential() {
        RandomGenerator none = fixed(0.0);
        assertThat(POLICY.backoff(1, none)).isEqualTo(Duration.ofMillis(100));
        assertThat(POLICY.backoff(2, none)).isEqualTo(Duration.ofMillis(200));
        assertThat(POLICY.backoff(3, none)).isEqualTo(Duration.ofMillis(350));
        assertThat(POLICY.backoff(4, none)).isEqualTo(Duration.ofMillis(350));
    }

    @Test
    @DisplayName("jitter shortens a pause by at most its fraction")
    void jitter() {
        assertThat(POLICY.backoff(2, fixed(0.999999))).isBetween(Duration.ofMillis(100), Duration.ofMillis(101));
        assertThat(POLICY.backoff(2, fixed(0.5))).isEqualTo(Duration.ofMillis(150));
    }

    @Test
    @DisplayName("a policy needs at least one attempt and a sane backoff")
    void validation() {
        assertThatThrownBy(() -> new RetryPolicy(0, Duration.ZERO, Duration.ZERO, 1, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RetryPolicy(2, Duration.ofSeconds(2), Duration.ofSeconds(1), 2, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RetryPolicy(2, Duration.ZERO, Duration.ZERO, 0.5, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RetryPolicy(2, Duration.ZERO, Duration.ZERO, 1, 1.5))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static RandomGenerator fixed(double value) {
        return new RandomGenerator() {
            @Override
            public long nextLong() {
                throw new UnsupportedOperationException();
            }

            @Override
            public double nextDouble() {
                return value;
            }
        };
    }
}
