package io.docvault.bench;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Command line: {@code java -jar bench/target/docvault-bench.jar aggregate-load [--server-jar PATH]
 * [--small N] [--large N] [--warmup N] [--iterations N] [--large-without-snapshots N (0 = skip)]}.
 */
public final class Bench {

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || !args[0].equals("aggregate-load")) {
            System.err.println("usage: docvault-bench aggregate-load [--server-jar PATH] [--small N] [--large N]"
                    + " [--warmup N] [--iterations N] [--large-without-snapshots N (0 = skip)]");
            System.exit(2);
        }
        Map<String, String> options = options(Arrays.copyOfRange(args, 1, args.length));
        AggregateLoadBenchmark.run(
                Path.of(options.getOrDefault("server-jar",
                        System.getProperty("docvault.bench.server-jar", "server/target/docvault-server.jar"))),
                Integer.parseInt(options.getOrDefault("small", "10")),
                Integer.parseInt(options.getOrDefault("large", "10000")),
                Integer.parseInt(options.getOrDefault("warmup", "100")),
                Integer.parseInt(options.getOrDefault("iterations", "500")),
                Integer.parseInt(options.getOrDefault("large-without-snapshots", "1000")),
                System.out);
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
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
