package io.docvault.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Command line: {@code java -jar bench/target/docvault-bench.jar COMMAND [--option value ...]}, where
 * COMMAND is one of those in the usage below (see BENCHMARKS.md for what each measures).
 */
public final class Bench {

    /** Internal: runs another main class of this jar's class path (the grpc-java floor's processes). */
    static final String RUN_MAIN = "run-main";

    private static final String USAGE = """
            usage: docvault-bench aggregate-load [--server-jar PATH] [--small N] [--large N] [--warmup N]
                       [--iterations N] [--large-without-snapshots N (0 = skip)]
                   docvault-bench service-vs-floors [--server-jar PATH] [--server-warmup 300s] [--warmup 5s]
                       [--duration 10s]
                       [--repetitions 3] [--history 10000] [--stored-events 30000] [--content-bytes 1024]
                       [--server-jvm-options "-Xmx256m ..."] [--server-cds DIR] [--cold-starts 3 (0 = skip)]
                       [--rebuild yes|no (P5 over everything stored)]
                       [--lag-rate N (P4's updates/s; default half of P1's measured rate)]
                   docvault-bench startup [--server-jar PATH] [--server-cds DIR] [--repetitions 5]
                       [--server-jvm-options "..."]
                       (DIR made by deploy/cds-archive.sh: the extracted jar and its class data sharing archive)
                   --server-warmup is a limit: a fresh server is warmed up until its JIT compilers are done
                   docvault-bench rebuild [--server-jar PATH] [--events 1000000] [--server-jvm-options "..."]
                   docvault-bench lag [--server-jar PATH] [--rate 1000] [--server-warmup 180s] [--warmup 10s]
                       [--duration 10s] [--repetitions 3] [--server-jvm-options "..."]
                   docvault-bench scaling [--server-jar PATH] [--clients 1,4,16,64] [--content-bytes 1024,102400,1048576]
                       [--server-warmup 180s] [--warmup 3s] [--duration 5s] [--repetitions 3]
                       [--server-jvm-options "-Xmx256m ..."]
                   docvault-bench reads [--server-jar PATH] [--against PATH (a second jar, in turns)] [--cache yes|no]
                       [--in-flight 64] [--content-bytes 1024] [--server-warmup 180s] [--warmup 5s] [--duration 10s]
                       [--repetitions 3] [--server-jvm-options "..."]
                   docvault-bench updates [--server-jar PATH] [--against PATH (a second jar, in turns)] [--in-flight 16]
                       [--content same|new (each update the same content, P1's shape, or content of its own)]
                       [--content-bytes 1024] [--server-warmup 180s] [--warmup 5s] [--duration 10s]
                       [--repetitions 3] [--server-jvm-options "..."]
                       (PostgreSQL from DOCVAULT_DB_URL / DOCVAULT_DB_USERNAME / DOCVAULT_DB_PASSWORD, else an
                       embedded one; Redis from DOCVAULT_REDIS_URL, else P2 and the Redis floor are skipped)""";

    public static void main(String[] args) throws Exception {
        if (args.length >= 2 && args[0].equals(RUN_MAIN)) {
            Class.forName(args[1]).getMethod("main", String[].class)
                    .invoke(null, (Object) Arrays.copyOfRange(args, 2, args.length));
            return;
        }
        if (args.length == 0) {
            System.err.println(USAGE);
            System.exit(2);
        }
        Map<String, String> options = options(Arrays.copyOfRange(args, 1, args.length));
        Path serverJar = Path.of(options.getOrDefault("server-jar",
                System.getProperty("docvault.bench.server-jar", "server/target/docvault-server.jar")));
        Path serverCds = options.containsKey("server-cds") ? Path.of(options.get("server-cds")) : null;
        switch (args[0]) {
            case "aggregate-load" -> AggregateLoadBenchmark.run(serverJar,
                    Integer.parseInt(options.getOrDefault("small", "10")),
                    Integer.parseInt(options.getOrDefault("large", "10000")),
                    Integer.parseInt(options.getOrDefault("warmup", "100")),
                    Integer.parseInt(options.getOrDefault("iterations", "500")),
                    Integer.parseInt(options.getOrDefault("large-without-snapshots", "1000")),
                    System.out);
            case "service-vs-floors" -> ServiceVsFloorsBenchmark.run(new ServiceVsFloorsBenchmark.Options(serverJar,
                    jvmOptions(options.get("server-jvm-options")),
                    System.getenv("DOCVAULT_DB_URL"), System.getenv().getOrDefault("DOCVAULT_DB_USERNAME", "postgres"),
                    System.getenv().getOrDefault("DOCVAULT_DB_PASSWORD", ""), System.getenv("DOCVAULT_REDIS_URL"),
                    duration(options.getOrDefault("server-warmup", "300s")),
                    duration(options.getOrDefault("warmup", "5s")), duration(options.getOrDefault("duration", "10s")),
                    Integer.parseInt(options.getOrDefault("repetitions", "3")),
                    Integer.parseInt(options.getOrDefault("history", "10000")),
                    Long.parseLong(options.getOrDefault("stored-events", "30000")),
                    Integer.parseInt(options.getOrDefault("content-bytes", "1024")),
                    serverCds,
                    Integer.parseInt(options.getOrDefault("cold-starts", "3")),
                    yesOrNo(options.getOrDefault("rebuild", "yes")),
                    Double.parseDouble(options.getOrDefault("lag-rate", "0"))), System.out);
            case "scaling" -> ScalingBenchmark.run(new ScalingBenchmark.Options(serverJar,
                    jvmOptions(options.get("server-jvm-options")), System.getenv("DOCVAULT_DB_URL"),
                    System.getenv().getOrDefault("DOCVAULT_DB_USERNAME", "postgres"),
                    System.getenv().getOrDefault("DOCVAULT_DB_PASSWORD", ""),
                    duration(options.getOrDefault("server-warmup", "180s")),
                    duration(options.getOrDefault("warmup", "3s")), duration(options.getOrDefault("duration", "5s")),
                    Integer.parseInt(options.getOrDefault("repetitions", "3")),
                    integers(options.getOrDefault("clients", "1,4,16,64")),
                    integers(options.getOrDefault("content-bytes", "1024,102400,1048576"))), System.out);
            case "startup" -> {
                List<String> jvmOptions = jvmOptions(options.get("server-jvm-options"));
                StartupBenchmark.run(StartupBenchmark.launches(serverJar, serverCds, jvmOptions),
                        System.getenv("DOCVAULT_DB_URL"),
                        System.getenv().getOrDefault("DOCVAULT_DB_USERNAME", "postgres"),
                        System.getenv().getOrDefault("DOCVAULT_DB_PASSWORD", ""),
                        Integer.parseInt(options.getOrDefault("repetitions", "5")), System.out);
            }
            case "rebuild" -> RebuildBenchmark.run(serverJar, jvmOptions(options.get("server-jvm-options")),
                    System.getenv("DOCVAULT_DB_URL"), System.getenv().getOrDefault("DOCVAULT_DB_USERNAME", "postgres"),
                    System.getenv().getOrDefault("DOCVAULT_DB_PASSWORD", ""),
                    Long.parseLong(options.getOrDefault("events", "1000000")), System.out);
            case "lag" -> LagBenchmark.run(new LagBenchmark.Options(serverJar,
                    jvmOptions(options.get("server-jvm-options")), System.getenv("DOCVAULT_DB_URL"),
                    System.getenv().getOrDefault("DOCVAULT_DB_USERNAME", "postgres"),
                    System.getenv().getOrDefault("DOCVAULT_DB_PASSWORD", ""),
                    Double.parseDouble(options.getOrDefault("rate", "1000")),
                    duration(options.getOrDefault("server-warmup", "180s")),
                    duration(options.getOrDefault("warmup", "10s")), duration(options.getOrDefault("duration", "10s")),
                    Integer.parseInt(options.getOrDefault("repetitions", "3"))), System.out);
            case "reads" -> CallsBenchmark.run(calls(options, serverJar,
                    yesOrNo(options.getOrDefault("cache", "yes")) ? CallsBenchmark.Scenario.CACHE_HIT
                            : CallsBenchmark.Scenario.READ_MODEL, "64"), System.out);
            case "updates" -> CallsBenchmark.run(calls(options, serverJar, CallsBenchmark.Scenario.UPDATE, "16"),
                    System.out);
            default -> {
                System.err.println(USAGE);
                System.exit(2);
            }
        }
        // Lingering gRPC and timer threads must not keep the harness alive.
        System.exit(0);
    }

    private static CallsBenchmark.Options calls(Map<String, String> options, Path serverJar,
                                                CallsBenchmark.Scenario scenario, String inFlight) {
        return new CallsBenchmark.Options(serverJar, jvmOptions(options.get("server-jvm-options")),
                System.getenv("DOCVAULT_DB_URL"), System.getenv().getOrDefault("DOCVAULT_DB_USERNAME", "postgres"),
                System.getenv().getOrDefault("DOCVAULT_DB_PASSWORD", ""), System.getenv("DOCVAULT_REDIS_URL"),
                scenario, Integer.parseInt(options.getOrDefault("in-flight", inFlight)),
                Integer.parseInt(options.getOrDefault("content-bytes", "1024")),
                newContent(options.getOrDefault("content", "same")),
                duration(options.getOrDefault("server-warmup", "180s")),
                duration(options.getOrDefault("warmup", "5s")), duration(options.getOrDefault("duration", "10s")),
                Integer.parseInt(options.getOrDefault("repetitions", "3")),
                options.containsKey("against") ? Path.of(options.get("against")) : null);
    }

    /** The server JVM's options, split at spaces; none (the JVM's defaults) when not given. */
    static List<String> jvmOptions(String given) {
        return given == null || given.isBlank() ? List.of() : List.of(given.trim().split("\\s+"));
    }

    private static boolean newContent(String value) {
        return switch (value) {
            case "new" -> true;
            case "same" -> false;
            default -> throw new IllegalArgumentException("expected --content same or new, got " + value);
        };
    }

    private static boolean yesOrNo(String value) {
        return switch (value) {
            case "yes" -> true;
            case "no" -> false;
            default -> throw new IllegalArgumentException("expected yes or no, got " + value);
        };
    }

    private static List<Integer> integers(String commaSeparated) {
        return Arrays.stream(commaSeparated.split(",")).map(String::trim).map(Integer::valueOf).toList();
    }

    /** {@code 500ms}, {@code 10s}, {@code 2m}, or plain seconds. */
    static Duration duration(String text) {
        if (text.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2)));
        }
        if (text.endsWith("s")) {
            return Duration.ofSeconds(Long.parseLong(text.substring(0, text.length() - 1)));
        }
        if (text.endsWith("m")) {
            return Duration.ofMinutes(Long.parseLong(text.substring(0, text.length() - 1)));
        }
        return Duration.ofSeconds(Long.parseLong(text));
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        if (args.length % 2 != 0) {
            throw new IllegalArgumentException("every option takes a value: " + String.join(" ", args));
        }
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --option value, got " + args[i]);
            }
            options.put(args[i].substring(2), args[i + 1]);
        }
        return options;
    }

    private Bench() {
    }
}
