package io.docvault.bench;

import java.util.Arrays;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.HdrHistogram.Histogram;

/**
 * One measured window: operations per second, latency percentiles in microseconds, and the server's CPU
 * microseconds per operation (NaN when the tool does not report one, e.g. redis-benchmark has no
 * p99.9, or nothing measured the server's CPU).
 */
record Measurement(double throughput, double p50, double p99, double p999, double serverCpuPerCall) {

    Measurement(double throughput, double p50, double p99, double p999) {
        this(throughput, p50, p99, p999, Double.NaN);
    }

    static Measurement of(double throughput, Histogram nanos, double serverCpuPerCall) {
        return new Measurement(throughput, nanos.getValueAtPercentile(50) / 1000.0,
                nanos.getValueAtPercentile(99) / 1000.0, nanos.getValueAtPercentile(99.9) / 1000.0, serverCpuPerCall);
    }

    static Measurement of(double throughput, Histogram nanos) {
        return of(throughput, nanos, Double.NaN);
    }

    /** The median of each column over the repetitions (each column on its own). */
    static Measurement median(List<Measurement> repetitions) {
        return new Measurement(median(repetitions, Measurement::throughput), median(repetitions, Measurement::p50),
                median(repetitions, Measurement::p99), median(repetitions, Measurement::p999),
                median(repetitions, Measurement::serverCpuPerCall));
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
        String cpu = Double.isNaN(serverCpuPerCall) ? "" : String.format(", server CPU %,.0f µs/call", serverCpuPerCall);
        return String.format("%,.0f/s p50 %,.0f µs p99 %,.0f µs p99.9 %,.0f µs%s", throughput, p50, p99, p999, cpu);
    }

    /** A number as a table cell: thousands separated, no decimals; "–" for NaN (not measured). */
    static String cell(double value) {
        return Double.isNaN(value) ? "–" : String.format("%,.0f", value);
    }

    static String describe(List<Measurement> repetitions) {
        return Arrays.toString(repetitions.stream().mapToLong(m -> Math.round(m.throughput())).toArray());
    }
}
