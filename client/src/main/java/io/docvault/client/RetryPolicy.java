package io.docvault.client;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * How often and how patiently a unary call is retried when it fails with {@code UNAVAILABLE}, the
 * only code the server declares safe to retry. Any other code is never retried.
 *
 * <p>The pause before retry {@code n} (1-based) is {@code min(maxBackoff, initialBackoff * multiplier^(n-1))},
 * shortened by a random fraction of up to {@code jitter} so that clients failing together do not retry
 * together. Retries also stop when the pause would pass the call's deadline.
 *
 * @param maxAttempts    attempts in total, including the first; 1 means no retries
 * @param initialBackoff pause before the first retry
 * @param maxBackoff     longest pause
 * @param multiplier     growth of the pause from one retry to the next, at least 1
 * @param jitter         fraction of each pause that is random, between 0 and 1
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff, double multiplier,
                          double jitter) {

    /** 4 attempts, pauses of about 100 ms, 200 ms, 400 ms (at most 2 s), 20 % jitter. */
    public static final RetryPolicy DEFAULT =
            new RetryPolicy(4, Duration.ofMillis(100), Duration.ofSeconds(2), 2.0, 0.2);

    /** One attempt only. */
    public static final RetryPolicy NONE = new RetryPolicy(1, Duration.ZERO, Duration.ZERO, 1.0, 0.0);

    public RetryPolicy {
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
        }
        if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("need 0 <= initialBackoff <= maxBackoff");
        }
        if (!(multiplier >= 1.0)) {
            throw new IllegalArgumentException("multiplier must be at least 1, was " + multiplier);
        }
        if (!(jitter >= 0.0 && jitter <= 1.0)) {
            throw new IllegalArgumentException("jitter must be between 0 and 1, was " + jitter);
        }
    }

    /** The pause before retry number {@code retry} (1 = the first retry). */
    public Duration backoff(int retry, RandomGenerator random) {
        if (retry < 1) {
            throw new IllegalArgumentException("retry numbers start at 1, was " + retry);
        }
        double nanos = Math.min(maxBackoff.toNanos(), initialBackoff.toNanos() * Math.pow(multiplier, retry - 1));
        double jittered = nanos * (1.0 - jitter * random.nextDouble());
        return Duration.ofNanos((long) jittered);
    }
}
