package io.docvault.bench;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;

/**
 * What this machine can do without DocVault, measured in the same run: PostgreSQL single-row
 * INSERT+COMMIT and primary-key SELECT through {@code pgbench}, Redis GET through
 * {@code redis-benchmark}, and grpc-java's own AsyncServer/AsyncClient. A floor whose tool is missing
 * is skipped (empty result) with a message saying so.
 */
final class Floors {

    /** One warm-up client's run against the gRPC floor's server, and rounds of them in a row that end it. */
    private static final int GRPC_WARMUP_SLICE_SECONDS = 5;
    private static final int GRPC_QUIET_SLICES = 2;
    private static final int GRPC_STEADY_GAIN_PERCENT = 5;
    private static final int GRPC_CLIENT_WARMUP_SECONDS = 10;

    private final Duration serverWarmup;
    private final Duration warmup;
    private final Duration window;
    private final int repetitions;
    private final PrintStream out;

    /** {@code serverWarmup}: the most the gRPC floor's server is warmed up, as the service's limit is. */
    Floors(Duration serverWarmup, Duration warmup, Duration window, int repetitions, PrintStream out) {
        this.serverWarmup = serverWarmup;
        this.warmup = warmup;
        this.window = window;
        this.repetitions = repetitions;
        this.out = out;
    }

    /** Whether {@code tool} is on the PATH; says so when it is not. */
    boolean available(String tool) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String directory : path.split(File.pathSeparator)) {
            if (!directory.isEmpty() && Files.isExecutable(Path.of(directory, tool))) {
                return true;
            }
        }
        out.printf("%s not found on PATH: its floor is skipped%n", tool);
        return false;
    }

    /** Autocommitted single-row INSERT into the event-store-shaped table, {@code clients} at once. */
    Optional<Measurement> insertCommit(BenchDatabase database, int clients, int payloadBytes) throws Exception {
        if (!available("pgbench")) {
            return Optional.empty();
        }
        String script = """
                INSERT INTO floor_event_entry (aggregate_identifier, sequence_number, type, event_identifier,
                    meta_data, payload, payload_revision, payload_type, time_stamp)
                VALUES (gen_random_uuid()::text, 0, 'Document', gen_random_uuid()::text, '\\x7b7d'::bytea,
                    convert_to(repeat('x', %d), 'UTF8'), '1', 'io.docvault.api.DocumentUpdatedEvent', now()::text);
                """.formatted(payloadBytes);
        return Optional.of(pgbench(database, clients, script, null));
    }

    /** Primary-key SELECT of one row (all columns) of the event-store-shaped table. */
    Optional<Measurement> primaryKeySelect(BenchDatabase database, int clients) throws Exception {
        if (!available("pgbench")) {
            return Optional.empty();
        }
        long rows = Math.max(1, database.queryLong("SELECT coalesce(max(global_index), 1) FROM floor_event_entry"));
        String script = "\\set k random(1, " + rows + ")\nSELECT * FROM floor_event_entry WHERE global_index = :k;\n";
        return Optional.of(pgbench(database, clients, script, rows));
    }

    private Measurement pgbench(BenchDatabase database, int clients, String script, Long rows) throws Exception {
        Path work = Files.createTempDirectory("docvault-bench-pgbench-");
        Path file = work.resolve("script.sql");
        Files.writeString(file, script);
        int threads = Math.min(clients, Runtime.getRuntime().availableProcessors());
        run(pgbenchCommand(database, clients, threads, seconds(warmup), file, null), database.password());
        List<Measurement> results = new ArrayList<>();
        for (int r = 0; r < repetitions; r++) {
            Path logs = Files.createDirectories(work.resolve("run" + r));
            String output = run(pgbenchCommand(database, clients, threads, seconds(window), file,
                    logs.resolve("tx").toString()), database.password());
            Matcher tps = Pattern.compile("tps = ([0-9.]+) \\(without initial connection time\\)").matcher(output);
            if (!tps.find()) {
                throw new IllegalStateException("no tps in pgbench output:\n" + output);
            }
            // Per-transaction log lines: client_id transaction_no latency_us script_no epoch_s epoch_us
            Histogram latencies = new Histogram(TimeUnit.MINUTES.toNanos(1), 3);
            try (Stream<Path> files = Files.list(logs)) {
                for (Path log : files.toList()) {
                    for (String line : Files.readAllLines(log)) {
                        String[] fields = line.split(" ");
                        if (fields.length >= 3) {
                            latencies.recordValue(Long.parseLong(fields[2]) * 1000);
                        }
                    }
                }
            }
            results.add(Measurement.of(Double.parseDouble(tps.group(1)), latencies));
        }
        deleteRecursively(work);
        Measurement median = Measurement.median(results);
        out.printf("  pgbench %d clients%s: %s (repetitions %s)%n", clients,
                rows == null ? "" : ", " + rows + " rows", median, Measurement.describe(results));
        return median;
    }

    private static List<String> pgbenchCommand(BenchDatabase database, int clients, int threads, int seconds,
                                               Path script, String logPrefix) {
        List<String> command = new ArrayList<>(List.of("pgbench", "-n", "-M", "prepared", "-c",
                Integer.toString(clients), "-j", Integer.toString(threads), "-T", Integer.toString(seconds),
                "-f", script.toString()));
        if (logPrefix != null) {
            command.addAll(List.of("-l", "--log-prefix=" + logPrefix));
        }
        command.addAll(List.of(database.libpqOptions()));
        return command;
    }

    /** GET of a value the size of the P2 response, {@code clients} connections, no pipelining. */
    Optional<Measurement> redisGet(String redisUrl, int clients, int valueBytes) throws Exception {
        if (redisUrl == null || redisUrl.isBlank()) {
            out.println("no Redis URL: the redis-benchmark floor is skipped");
            return Optional.empty();
        }
        if (!available("redis-benchmark")) {
            return Optional.empty();
        }
        URI uri = URI.create(redisUrl);
        List<String> command = new ArrayList<>(List.of("redis-benchmark", "-h", uri.getHost(), "-p",
                Integer.toString(uri.getPort() < 0 ? 6379 : uri.getPort()), "-c", Integer.toString(clients),
                "-d", Integer.toString(valueBytes), "-t", "set,get", "--csv"));
        if (uri.getUserInfo() != null && uri.getUserInfo().contains(":")) {
            command.addAll(List.of("-a", uri.getUserInfo().substring(uri.getUserInfo().indexOf(':') + 1)));
        }
        // redis-benchmark counts requests, not time: size the runs from a first short one.
        List<String> probe = new ArrayList<>(command);
        probe.addAll(List.of("-n", "20000"));
        double rate = redisGetLine(run(probe, null)).throughput();
        long requests = Math.max(1000, (long) (rate * window.toNanos() / 1e9));
        List<Measurement> results = new ArrayList<>();
        for (int r = 0; r < repetitions; r++) {
            List<String> measured = new ArrayList<>(command);
            measured.addAll(List.of("-n", Long.toString(requests)));
            results.add(redisGetLine(run(measured, null)));
        }
        Measurement median = Measurement.median(results);
        out.printf("  redis-benchmark GET %d clients, %d bytes: %s (repetitions %s)%n", clients, valueBytes, median,
                Measurement.describe(results));
        return Optional.of(median);
    }

    private static Measurement redisGetLine(String csv) {
        // "test","rps","avg_latency_ms","min_latency_ms","p50_latency_ms","p95_latency_ms","p99_latency_ms","max_latency_ms"
        for (String line : csv.split("\n")) {
            if (line.startsWith("\"GET\"")) {
                String[] f = line.replace("\"", "").split(",");
                return new Measurement(Double.parseDouble(f[1]), Double.parseDouble(f[4]) * 1000,
                        Double.parseDouble(f[6]) * 1000, Double.NaN);
            }
        }
        throw new IllegalStateException("no GET line in redis-benchmark output:\n" + csv);
    }

    /**
     * grpc-java's AsyncServer and AsyncClient (io.grpc:grpc-benchmarks, the same grpc-java as the
     * service), each in its own process like the server jar and the driving harness, unary calls with
     * the P2 request and response sizes, one channel with {@code inFlight} outstanding calls.
     */
    Measurement grpc(int inFlight, int requestBytes, int responseBytes) throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path log = Files.createTempFile("docvault-bench-grpc-server-", ".log");
        Process server = JavaProcess.builder("io.grpc.benchmarks.qps.AsyncServer", "--address=127.0.0.1:" + port)
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            // The client JVM can start faster than the server binds its port, and it gives up at once.
            awaitListening(server, port, log);
            // The server JVM is warmed up until its JIT is done, as the service is (ServerWarmup); each
            // measuring client JVM then warms itself up before its window.
            warmUp(server, port, inFlight, requestBytes, responseBytes);
            List<Measurement> results = new ArrayList<>();
            for (int r = 0; r < repetitions; r++) {
                String output = asyncClient(port, inFlight, requestBytes, responseBytes, clientWarmupSeconds(),
                        seconds(window));
                results.add(new Measurement(grpcValue(output, "QPS:"), grpcValue(output, "50%ile Latency (in micros):"),
                        grpcValue(output, "99%ile Latency (in micros):"), grpcValue(output, "99.9%ile Latency (in micros):")));
            }
            Measurement median = Measurement.median(results);
            out.printf("  grpc-java AsyncServer/AsyncClient, %d in flight, %d/%d bytes: %s (repetitions %s)%n",
                    inFlight, requestBytes, responseBytes, median, Measurement.describe(results));
            return median;
        } finally {
            server.destroy();
            server.waitFor(30, TimeUnit.SECONDS);
            Files.deleteIfExists(log);
        }
    }

    /**
     * Warm-up clients against the AsyncServer, one after another (each warmed up itself before it
     * counts), until its JIT compiler threads used under {@link ServerWarmup#QUIET} of a core in
     * {@value #GRPC_QUIET_SLICES} of them in a row and the last ran no more than
     * {@value #GRPC_STEADY_GAIN_PERCENT}% faster than the one before, or until
     * {@code serverWarmup} has passed. A server warmed by one client of a few seconds still sped up over
     * the next minute (its repetitions measured 11,566, 20,403, 25,222 and 28,857 calls/s in turn), and
     * one warmed until its JIT was quiet still did (17,336, 23,680, 32,711 and 32,037): its heap and
     * pools settle later than its compilers.
     */
    private void warmUp(Process server, int port, int inFlight, int requestBytes, int responseBytes)
            throws IOException, InterruptedException {
        ProcessCpu cpu = new ProcessCpu(server.pid());
        long start = System.nanoTime();
        int quiet = 0;
        double share = Double.NaN;
        double previous = Double.NaN;
        double rate = Double.NaN;
        boolean done;
        do {
            Map<String, Double> before = cpu.compilerThreads();
            long sliceStart = System.nanoTime();
            String output = asyncClient(port, inFlight, requestBytes, responseBytes, GRPC_WARMUP_SLICE_SECONDS,
                    GRPC_WARMUP_SLICE_SECONDS);
            share = ProcessCpu.compilerMicrosSince(before, cpu.compilerThreads()) / ((System.nanoTime() - sliceStart) / 1e3);
            previous = rate;
            rate = grpcValue(output, "QPS:");
            out.printf("  grpc-java AsyncServer warm-up: %,.0f calls/s, its JIT compilers at %.0f%% of a core%n", rate,
                    share * 100);
            // NaN (no /proc) never counts as quiet: the warm-up then runs to its limit.
            quiet = share < ServerWarmup.QUIET ? quiet + 1 : 0;
            done = quiet >= GRPC_QUIET_SLICES && rate <= previous * (1 + GRPC_STEADY_GAIN_PERCENT / 100.0);
        } while (!done && System.nanoTime() - start < serverWarmup.toNanos());
        out.printf("  grpc-java AsyncServer warmed up for %.1f s, %s%n", (System.nanoTime() - start) / 1e9,
                done ? "its JIT done and its rate steady" : "stopped at the limit");
    }

    /**
     * Each AsyncClient is a JVM of its own, cold when it starts, where the service's load generator is
     * one warm JVM: it warms itself up for at least {@value #GRPC_CLIENT_WARMUP_SECONDS} s before it
     * measures (with 3 s its repetitions ran 15,720, 23,543 and 21,792 calls/s against a warm server).
     */
    private int clientWarmupSeconds() {
        return Math.max(seconds(warmup), GRPC_CLIENT_WARMUP_SECONDS);
    }

    private static void awaitListening(Process server, int port, Path log) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            if (!server.isAlive()) {
                throw new IllegalStateException("grpc-java AsyncServer exited with " + server.exitValue() + ":\n"
                        + Files.readString(log));
            }
            try (Socket probe = new Socket()) {
                probe.connect(new InetSocketAddress("127.0.0.1", port), 1000);
                return;
            } catch (IOException notYet) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("grpc-java AsyncServer was not listening on port " + port
                            + " within 60 s:\n" + Files.readString(log));
                }
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
    }

    private static void deleteRecursively(Path directory) throws IOException {
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    private static String asyncClient(int port, int inFlight, int requestBytes, int responseBytes, int warmupSeconds,
                                      int seconds) throws IOException, InterruptedException {
        return run(JavaProcess.command("io.grpc.benchmarks.qps.AsyncClient", "--address=127.0.0.1:" + port,
                "--channels=1", "--outstanding_rpcs=" + inFlight, "--client_payload=" + requestBytes,
                "--server_payload=" + responseBytes, "--warmup_duration=" + warmupSeconds,
                "--duration=" + seconds), null);
    }

    private static double grpcValue(String output, String label) {
        for (String line : output.split("\n")) {
            if (line.startsWith(label)) {
                return Double.parseDouble(line.substring(label.length()).trim());
            }
        }
        throw new IllegalStateException("no '" + label + "' in AsyncClient output:\n" + output);
    }

    private static int seconds(Duration duration) {
        return (int) Math.max(1, (duration.toMillis() + 999) / 1000);
    }

    /** Runs a tool to completion and returns its standard output; a non-zero exit is an error. */
    static String run(List<String> command, String pgPassword) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        if (pgPassword != null && !pgPassword.isEmpty()) {
            builder.environment().put("PGPASSWORD", pgPassword);
        }
        Process process = builder.start();
        String output;
        try (InputStream stdout = process.getInputStream()) {
            output = new String(stdout.readAllBytes(), StandardCharsets.UTF_8);
        }
        int exit = process.waitFor();
        if (exit != 0) {
            // What went wrong first: a test report cuts long messages, and the class path is long.
            throw new IllegalStateException(Path.of(command.get(0)).getFileName() + " exited with " + exit + ": "
                    + withoutStackFrames(output) + "\ncommand: " + String.join(" ", command));
        }
        return output;
    }

    private static String withoutStackFrames(String output) {
        return output.lines().filter(line -> !line.stripLeading().startsWith("at ")).collect(Collectors.joining("\n"));
    }

    /** Another JVM running a main class from this harness's own class path (a fat jar or a plain one). */
    static final class JavaProcess {

        static ProcessBuilder builder(String mainClass, String... args) throws IOException {
            return new ProcessBuilder(command(mainClass, args));
        }

        static List<String> command(String mainClass, String... args) throws IOException {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            String classPath = System.getProperty("java.class.path");
            List<String> command = new ArrayList<>();
            if (!classPath.contains(File.pathSeparator) && isSpringBootJar(Path.of(classPath))) {
                // The packaged docvault-bench.jar: its launcher runs Bench, which hands over to mainClass.
                command.addAll(List.of(java, "-jar", classPath, Bench.RUN_MAIN, mainClass));
            } else {
                command.addAll(List.of(java, "-cp", classPath, mainClass));
            }
            command.addAll(List.of(args));
            return command;
        }

        private static boolean isSpringBootJar(Path jar) throws IOException {
            if (!Files.isRegularFile(jar)) {
                return false;
            }
            try (JarFile file = new JarFile(jar.toFile())) {
                return file.getEntry("BOOT-INF/") != null || file.getEntry("BOOT-INF/classes/") != null;
            }
        }

        private JavaProcess() {
        }
    }
}
