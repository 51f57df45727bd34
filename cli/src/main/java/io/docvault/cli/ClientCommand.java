package io.docvault.cli;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.util.JsonFormat;
import io.docvault.client.DocVaultClient;
import io.docvault.proto.v1.CommandResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** A subcommand that makes calls to the server and prints what they return. */
abstract class ClientCommand implements Callable<Integer> {

    private static final JsonFormat.Printer JSON =
            JsonFormat.printer().omittingInsignificantWhitespace().alwaysPrintFieldsWithNoPresence();

    @ParentCommand
    DocVaultCli cli;

    @Spec
    CommandSpec spec;

    @Override
    public final Integer call() throws IOException {
        run(cli.client());
        return ExitCodes.OK;
    }

    abstract void run(DocVaultClient client) throws IOException;

    boolean json() {
        return cli.json;
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    /** One message as one line of JSON. */
    void printJson(MessageOrBuilder message) {
        try {
            out().println(JSON.print(message));
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("cannot print " + message.getClass().getSimpleName() + " as JSON", e);
        }
        out().flush();
    }

    /** The outcome of a command: JSON, or "<verb> <id> version <n>". */
    void printResult(CommandResult result, String verb) {
        if (json()) {
            printJson(result);
        } else {
            out().println(verb + " " + result.getDocumentId() + " version " + result.getVersion());
            out().flush();
        }
    }

    ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
