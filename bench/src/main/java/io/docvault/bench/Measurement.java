package io.docvault.bench;

import java.util.Arrays;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.HdrHistogram.Histogram;

/**
 * One measured window: operations per second and latency percentiles in microseconds (NaN when the tool
 * does not report one, e.g. redis-benchmark has no p99.9).
 */
record Measurement(double throughput, double p50, double p99, double p999) {

    static Measurement of(double throughput, Histogram nanos) {
        return new Measurement(throughput, nanos.getValueAtPercentile(50) / 1000.0,
                nanos.getValueAtPercentile(99) / 1000.0, nanos.getValueAtPercentile(99.9) / 1000.0);
    }

    /** The median of each column over the repetitions (each column on its own). */
    static Measurement median(List<Measurement> repetitions) {
        return new Measurement(median(repetitions, Measurement::throughput), median(repetitions, Measurement::p50),
                median(repetitions, Measurement::p99), median(repetitions, Measurement::p999));
    }

    private static double median(List<Measurement> repetitions, ToDoubleFunction<Measurement> column) {
        double[] values = repetitions.stream().mapToDouble(column).filter(v -> !Double.isNaN(v)).sorted().toArray();
        if (values.length == 0) {
            return Double.NaN;
        }
        int middle = values.length / 2;
        return values.length % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
    }

    @Override
    public String toString() {
        return String.format("%,.0f/s p50 %,.0f µs p99 %,.0f µs p99.9 %,.0f µs", throughput, p50, p99, p999);
    }

    static String describe(List<Measurement> repetitions) {
        return Arrays.toString(repetitions.stream().mapToLong(m -> Math.round(m.throughput())).toArray());
    }
}
