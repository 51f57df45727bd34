package io.docvault.cli;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.BadRequest;
import com.google.rpc.ErrorInfo;
import com.google.rpc.PreconditionFailure;
import io.docvault.client.DocVaultClient;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** {@code docvault}: the command-line client of a DocVault server. */
@Command(name = "docvault",
        description = "Command-line client of a DocVault server (docvault.v1 over gRPC).",
        subcommands = {
            CreateCommand.class, GetCommand.class, UpdateCommand.class, DeleteCommand.class, RestoreCommand.class,
            RevertCommand.class, ListCommand.class, HistoryCommand.class, DiffCommand.class, AuditCommand.class,
            WatchCommand.class, ReplayCommand.class, StatusCommand.class, VerifyCommand.class, GenerateCommand.class
        },
        footerHeading = "%nEnvironment:%n",
        footer = {
            "  DOCVAULT_TARGET  server address when --target is not given (localhost:50051)",
            "  DOCVAULT_TOKEN   bearer token sent as 'authorization: Bearer <token>'",
            "  DOCVAULT_ACTOR   actor sent as 'x-actor' when --actor is not given",
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:success",
            "1:any other failure (e.g. INTERNAL, UNIMPLEMENTED, RESOURCE_EXHAUSTED); verify: a broken chain",
            "2:usage error (bad option, unreadable input file, malformed JSON data)",
            "3:NOT_FOUND",
            "4:INVALID_ARGUMENT",
            "5:ALREADY_EXISTS or FAILED_PRECONDITION",
            "6:UNAVAILABLE or DEADLINE_EXCEEDED",
            "7:UNAUTHENTICATED or PERMISSION_DENIED",
        })
public final class DocVaultCli implements Runnable {

    static final String DEFAULT_TARGET = "localhost:50051";

    @Spec
    private CommandSpec spec;

    @Option(names = "--target", scope = ScopeType.INHERIT, paramLabel = "HOST:PORT",
            description = "Server address (default: $DOCVAULT_TARGET, else " + DEFAULT_TARGET + ").")
    private String target;

    @Option(names = "--actor", scope = ScopeType.INHERIT,
            description = "Actor recorded in the events this call produces (default: $DOCVAULT_ACTOR).")
    private String actor;

    @Option(names = "--json", scope = ScopeType.INHERIT,
            description = "Print JSON (protobuf JSON mapping), one object per line, instead of tables.")
    boolean json;

    @Option(names = "--timeout", scope = ScopeType.INHERIT, paramLabel = "DURATION",
            description = "Deadline of each call, e.g. 500ms, 10s, 2m (default 30s; 120s for generate).")
    private String timeout;

    @Option(names = "--tls", scope = ScopeType.INHERIT, description = "Connect with TLS.")
    private boolean tls;

    @Option(names = "--ca-cert", scope = ScopeType.INHERIT, paramLabel = "FILE",
            description = "Trust only the certificate authorities in this PEM file (implies --tls).")
    private Path caCertificate;

    @Option(names = "--client-cert", scope = ScopeType.INHERIT, paramLabel = "FILE",
            description = "Client certificate chain (PEM) for mutual TLS; needs --client-key and --ca-cert.")
    private Path clientCertificate;

    @Option(names = "--client-key", scope = ScopeType.INHERIT, paramLabel = "FILE",
            description = "Private key (PKCS#8 PEM) of --client-cert.")
    private Path clientKey;

    @Option(names = {"-h", "--help"}, usageHelp = true, scope = ScopeType.INHERIT, description = "Show this help.")
    private boolean help;

    private final Map<String, String> environment;
    private final PrintStream rawOut;
    private DocVaultClient client;

    DocVaultCli(Map<String, String> environment, PrintStream rawOut) {
        this.environment = environment;
        this.rawOut = rawOut;
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), System.out, System.err));
    }

    /** Runs one command line and returns its exit code; {@code environment} stands in for the process's. */
    public static int run(String[] args, Map<String, String> environment, PrintStream out, PrintStream err) {
        DocVaultCli cli = new DocVaultCli(environment, out);
        CommandLine commandLine = new CommandLine(cli)
                .setOut(new PrintWriter(out, true, StandardCharsets.UTF_8))
                .setErr(new PrintWriter(err, true, StandardCharsets.UTF_8))
                .setExecutionExceptionHandler(DocVaultCli::failed);
        try {
            return commandLine.execute(args);
        } finally {
            cli.closeClient();
        }
    }

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing a command; see 'docvault --help'.");
    }

    /** The connection, opened on first use with the global options. */
    DocVaultClient client() {
        if (client == null) {
            DocVaultClient.Builder builder = DocVaultClient.builder()
                    .target(firstOf(target, environment.get("DOCVAULT_TARGET"), DEFAULT_TARGET))
                    .actor(firstOf(actor, environment.get("DOCVAULT_ACTOR"), null))
                    .bearerToken(environment.get("DOCVAULT_TOKEN"));
            if (timeout != null) {
                Duration duration = parseDuration(timeout);
                builder.timeout(duration).generationTimeout(duration);
            }
            if ((clientCertificate == null) != (clientKey == null)) {
                throw new ParameterException(spec.commandLine(), "--client-cert and --client-key go together");
            }
            if (clientCertificate != null) {
                if (caCertificate == null) {
                    throw new ParameterException(spec.commandLine(), "--client-cert needs --ca-cert");
                }
                builder.mutualTls(caCertificate, clientCertificate, clientKey);
            } else if (caCertificate != null) {
                builder.tls(caCertificate);
            } else if (tls) {
                builder.tls();
            }
            client = builder.build();
        }
        return client;
    }

    /** Standard output as bytes, for content written as is. */
    PrintStream rawOut() {
        return rawOut;
    }

    private Duration parseDuration(String text) {
        String value = text.strip().toUpperCase(Locale.ROOT);
        try {
            Duration duration = value.matches("\\d+MS") ? Duration.ofMillis(Long.parseLong(value.replace("MS", "")))
                    : Duration.parse(value.startsWith("P") ? value : "PT" + value);
            if (!duration.isNegative() && !duration.isZero()) {
                return duration;
            }
        } catch (DateTimeParseException e) {
            // reported below
        }
        throw new ParameterException(spec.commandLine(), "--timeout: '" + text + "' is not a positive duration like 10s");
    }

    private void closeClient() {
        if (client != null) {
            client.close();
        }
    }

    private static String firstOf(String first, String second, String fallback) {
        if (first != null && !first.isBlank()) {
            return first;
        }
        return second != null && !second.isBlank() ? second : fallback;
    }

    /** Prints a failed call's status (with the fields and reasons from its details) and picks the exit code. */
    private static int failed(Exception exception, CommandLine commandLine, CommandLine.ParseResult parseResult) {
        PrintWriter err = commandLine.getErr();
        if (exception instanceof StatusRuntimeException failure) {
            err.println("docvault: " + failure.getStatus().getCode() + ": "
                    + String.valueOf(failure.getStatus().getDescription()));
            com.google.rpc.Status status = StatusProto.fromThrowable(failure);
            if (status != null) {
                status.getDetailsList().forEach(any -> {
                    try {
                        if (any.is(BadRequest.class)) {
                            any.unpack(BadRequest.class).getFieldViolationsList()
                                    .forEach(v -> err.println("  " + v.getField() + ": " + v.getDescription()));
                        } else if (any.is(ErrorInfo.class)) {
                            err.println("  reason: " + any.unpack(ErrorInfo.class).getReason());
                        } else if (any.is(PreconditionFailure.class)) {
                            any.unpack(PreconditionFailure.class).getViolationsList()
                                    .forEach(v -> err.println("  " + v.getSubject() + ": " + v.getDescription()));
                        }
                    } catch (InvalidProtocolBufferException e) {
                        err.println("  (unreadable error detail " + any.getTypeUrl() + ")");
                    }
                });
            }
            err.flush();
            return ExitCodes.of(failure.getStatus().getCode());
        }
        if (exception instanceof VerifyCommand.HistoryBrokenException broken) {
            err.println("docvault: " + broken.getMessage());
        } else if (exception instanceof UncheckedIOException io) {
            err.println("docvault: " + io.getCause().getMessage());
        } else {
            err.println("docvault: " + exception);
        }
        err.flush();
        return ExitCodes.OTHER;
    }
}
