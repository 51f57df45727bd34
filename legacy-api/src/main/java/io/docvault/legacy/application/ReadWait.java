package io.docvault.legacy.application;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * How long a call may wait for the read model to reach the version a command produced, and how to
 * tell that its caller has gone away.
 */
public record ReadWait(Duration maxWait, BooleanSupplier abandoned) {
}
