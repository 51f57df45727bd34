package io.docvault.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PrometheusHistogramTest {

    private static String scrape(long fast, long medium, long slow, long other) {
        // Two series of one histogram (statuses OK and NOT_FOUND) and another histogram's buckets.
        return """
                # HELP calls_seconds calls
                # TYPE calls_seconds histogram
                calls_seconds_bucket{method="Get",statusCode="OK",le="0.001"} %d
                calls_seconds_bucket{method="Get",statusCode="OK",le="0.01"} %d
                calls_seconds_bucket{method="Get",statusCode="OK",le="0.1"} %d
                calls_seconds_bucket{method="Get",statusCode="OK",le="+Inf"} %d
                calls_seconds_bucket{method="Get",statusCode="NOT_FOUND",le="0.001"} %d
                calls_seconds_bucket{method="Get",statusCode="NOT_FOUND",le="+Inf"} %d
                calls_seconds_count{method="Get",statusCode="OK"} %d
                other_seconds_bucket{le="0.001"} 5
                """.formatted(fast, fast + medium, fast + medium + slow, fast + medium + slow, other, other,
                fast + medium + slow);
    }

    @Test
    void quantilesOfWhatWasCountedBetweenTwoScrapes() {
        Map<String, String> ok = Map.of("method", "Get", "statusCode", "OK");
        PrometheusHistogram before = PrometheusHistogram.parse(scrape(100, 0, 0, 7), "calls_seconds", ok);
        // Since then: 50 calls up to 1 ms, 40 from 1 to 10 ms, 10 from 10 to 100 ms.
        PrometheusHistogram after = PrometheusHistogram.parse(scrape(150, 40, 10, 9), "calls_seconds", ok);
        PrometheusHistogram window = after.since(before);

        assertThat(window.count()).isEqualTo(100);
        // The 50th call is the last of the first bucket; the 70th is half way through the second.
        assertThat(window.quantileMicros(0.50)).isCloseTo(1_000, within(0.001));
        assertThat(window.quantileMicros(0.70)).isCloseTo(5_500, within(0.001));
        assertThat(window.quantileMicros(0.99)).isCloseTo(91_000, within(0.001));
    }

    @Test
    void seriesAreSummedAcrossLabelsNotAskedFor() {
        PrometheusHistogram all = PrometheusHistogram.parse(scrape(10, 0, 0, 5), "calls_seconds", Map.of("method", "Get"));
        assertThat(all.count()).isEqualTo(15);
        assertThat(PrometheusHistogram.parse(scrape(10, 0, 0, 5), "calls_seconds", Map.of("method", "Put")).count()).isZero();
        assertThat(PrometheusHistogram.parse("", "calls_seconds", Map.of()).quantileMicros(0.99)).isNaN();
    }

    @Test
    void aQuantileInTheOpenBucketIsTheHighestBound() {
        String scrape = """
                slow_seconds_bucket{le="0.5"} 1
                slow_seconds_bucket{le="+Inf"} 10
                """;
        assertThat(PrometheusHistogram.parse(scrape, "slow_seconds", Map.of()).quantileMicros(0.99)).isEqualTo(500_000);
    }
}
