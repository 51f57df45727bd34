package io.docvault.bench;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * P8's cold start: a new server process on a fresh database (its migrations included), timed from
 * process start to the health check answering SERVING, for each way of launching it.
 */
final class StartupBenchmark {

    /** How the server JVM is started: {@code java [jvmOptions] -jar jar}. */
    record Launch(String name, Path jar, List<String> jvmOptions) {

        /** The jar as the build makes it (nested jars), started with {@code java -jar}. */
        static Launch jar(Path serverJar, List<String> jvmOptions) {
            return new Launch("java -jar docvault-server.jar", serverJar, jvmOptions);
        }

        /**
         * deploy/cds-archive.sh's directory: the extracted jar with its class data sharing archive, as
         * deploy/docvault-server.sh starts it.
         */
        static Launch classDataSharing(Path directory, List<String> jvmOptions) {
            Path archive = directory.resolve("docvault.jsa");
            if (!Files.isRegularFile(archive)) {
                throw new IllegalArgumentException(archive + " not found: make it with deploy/cds-archive.sh JAR "
                        + directory);
            }
            List<String> options = new ArrayList<>(jvmOptions);
            options.add("-XX:SharedArchiveFile=" + archive.toAbsolutePath());
            return new Launch("extracted jar + class data sharing archive", directory.resolve("docvault-server.jar"),
                    List.copyOf(options));
        }
    }

    private StartupBenchmark() {
    }

    /** The jar's launch, then the class data sharing launch from {@code cdsDirectory} when there is one. */
    static List<Launch> launches(Path serverJar, Path cdsDirectory, List<String> jvmOptions) {
        return cdsDirectory == null ? List.of(Launch.jar(serverJar, jvmOptions))
                : List.of(Launch.jar(serverJar, jvmOptions), Launch.classDataSharing(cdsDirectory, jvmOptions));
    }

    /** The {@code startup} command: cold starts of each launch, and a table of their medians. */
    static void run(List<Launch> launches, String dbUrl, String dbUser, String dbPassword, int repetitions,
                    PrintStream out) throws Exception {
        if (repetitions < 1) {
            throw new IllegalArgumentException("--repetitions must be 1 or more, got " + repetitions);
        }
        List<Measurement> results = new ArrayList<>();
        for (Launch launch : launches) {
            results.add(coldStarts(launch, dbUrl, dbUser, dbPassword, repetitions, out));
        }
        out.println();
        out.println("| launch | cold start to SERVING, median (ms) | slowest (ms) | target |");
        out.println("| --- | ---: | ---: | --- |");
        for (int i = 0; i < launches.size(); i++) {
            out.printf("| %s | %,.0f | %,.0f | ≤ 8,000 ms |%n", launches.get(i).name(), results.get(i).p50() / 1000,
                    results.get(i).p99() / 1000);
        }
    }

    /**
     * {@code repetitions} starts of {@code launch}, each on a database of its own; the measurement's p50
     * is the median start and its p99 the slowest, in microseconds (no throughput).
     */
    static Measurement coldStarts(Launch launch, String dbUrl, String dbUser, String dbPassword, int repetitions,
                                  PrintStream out) throws Exception {
        List<Measurement> starts = new ArrayList<>();
        for (int r = 0; r < repetitions; r++) {
            try (BenchDatabase database = BenchDatabase.open(dbUrl, dbUser, dbPassword)) {
                Map<String, String> environment = new HashMap<>(database.serverEnvironment());
                environment.put("DOCVAULT_REDIS_URL", "");
                try (ServerProcess server = ServerProcess.start(launch.jar(), launch.jvmOptions(), environment)) {
                    starts.add(new Measurement(Double.NaN, server.startup().toNanos() / 1000.0, Double.NaN, Double.NaN));
                    out.printf("cold start, %s: %,d ms%n", launch.name(), server.startup().toMillis());
                }
            }
        }
        double slowest = starts.stream().mapToDouble(Measurement::p50).max().orElse(Double.NaN);
        return new Measurement(Double.NaN, Measurement.median(starts).p50(), slowest, Double.NaN);
    }
}
