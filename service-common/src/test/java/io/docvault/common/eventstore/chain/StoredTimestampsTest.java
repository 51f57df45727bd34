package io.docvault.common.eventstore.chain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.SplittableRandom;
import org.axonframework.common.DateTimeUtils;
import org.junit.jupiter.api.Test;

/** The chain hashes the timestamp column as Axon writes it: every instant must format to Axon's characters. */
class StoredTimestampsTest {

    @Test
    void sameCharactersAsAxonsStorageEngine() {
        Instant[] edges = {Instant.EPOCH, Instant.EPOCH.minusNanos(1), Instant.parse("2026-12-02T01:45:07.123456789Z"),
                Instant.parse("2024-02-29T23:59:59.999999999Z"), Instant.parse("0000-01-01T00:00:00Z"),
                Instant.parse("0000-01-01T00:00:00Z").minusNanos(1), Instant.parse("9999-12-31T23:59:59.999Z"),
                Instant.parse("9999-12-31T23:59:59.999Z").plusSeconds(1), Instant.parse("-0001-06-01T12:00:00Z"),
                Instant.parse("+12345-01-01T00:00:00Z"), Instant.parse("1969-12-31T23:59:59.001Z")};
        for (Instant edge : edges) {
            assertThat(StoredTimestamps.format(edge)).as("%s", edge).isEqualTo(DateTimeUtils.formatInstant(edge));
        }
        SplittableRandom random = new SplittableRandom(42);
        long first = Instant.parse("-0500-01-01T00:00:00Z").getEpochSecond();
        long last = Instant.parse("+10500-01-01T00:00:00Z").getEpochSecond();
        for (int i = 0; i < 200_000; i++) {
            Instant instant = Instant.ofEpochSecond(random.nextLong(first, last), random.nextInt(1_000_000_000));
            assertThat(StoredTimestamps.format(instant)).as("%s", instant).isEqualTo(DateTimeUtils.formatInstant(instant));
        }
    }
}
