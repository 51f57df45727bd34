package io.docvault.bench;

import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One histogram of a server's {@code /metrics} scrape (Prometheus' text format): the cumulative count of
 * each bucket, by upper bound in seconds, summed over the series whose labels include the ones asked
 * for. The difference of two scrapes is what happened between them; its quantiles are interpolated
 * within a bucket, as PromQL's {@code histogram_quantile} does.
 */
record PrometheusHistogram(TreeMap<Double, Double> cumulative) {

    private static final Pattern LABEL = Pattern.compile("(\\w+)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    /** The buckets of {@code name} (without {@code _bucket}) in {@code scrape}, of series carrying {@code labels}. */
    static PrometheusHistogram parse(String scrape, String name, Map<String, String> labels) {
        TreeMap<Double, Double> buckets = new TreeMap<>();
        String prefix = name + "_bucket{";
        for (String line : scrape.split("\n")) {
            if (!line.startsWith(prefix)) {
                continue;
            }
            int close = line.lastIndexOf('}');
            Map<String, String> found = new TreeMap<>();
            Matcher label = LABEL.matcher(line.substring(prefix.length(), close));
            while (label.find()) {
                found.put(label.group(1), label.group(2));
            }
            if (!found.entrySet().containsAll(labels.entrySet()) || !found.containsKey("le")) {
                continue;
            }
            String le = found.get("le");
            double bound = le.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le);
            String value = line.substring(close + 1).trim().split("\\s+")[0];
            buckets.merge(bound, Double.parseDouble(value), Double::sum);
        }
        return new PrometheusHistogram(buckets);
    }

    /** What was counted after {@code before} (an earlier scrape of the same histogram). */
    PrometheusHistogram since(PrometheusHistogram before) {
        TreeMap<Double, Double> delta = new TreeMap<>();
        cumulative.forEach((bound, count) -> delta.put(bound, count - before.cumulative.getOrDefault(bound, 0.0)));
        return new PrometheusHistogram(delta);
    }

    double count() {
        return cumulative.isEmpty() ? 0 : cumulative.lastEntry().getValue();
    }

    /**
     * The {@code q} quantile (0 to 1) in microseconds, interpolated within its bucket; NaN when nothing
     * was counted, and the highest finite bound when it falls in the +Inf bucket.
     */
    double quantileMicros(double q) {
        double total = count();
        if (total <= 0) {
            return Double.NaN;
        }
        double rank = q * total;
        double lowerBound = 0;
        double lowerCount = 0;
        for (Map.Entry<Double, Double> bucket : cumulative.entrySet()) {
            if (bucket.getValue() >= rank) {
                if (bucket.getKey().isInfinite()) {
                    return lowerBound * 1e6;
                }
                double inBucket = bucket.getValue() - lowerCount;
                double fraction = inBucket <= 0 ? 1 : (rank - lowerCount) / inBucket;
                return (lowerBound + (bucket.getKey() - lowerBound) * fraction) * 1e6;
            }
            lowerBound = bucket.getKey();
            lowerCount = bucket.getValue();
        }
        return lowerBound * 1e6;
    }
}
