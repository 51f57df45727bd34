package io.docvault.cli;

import com.google.protobuf.ByteString;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** Document content given on the command line or read from a file ({@code -} = standard input). */
final class ContentSource {

    @Option(names = "--content", paramLabel = "TEXT", description = "Content, as UTF-8 text.")
    String text;

    @Option(names = "--content-file", paramLabel = "FILE", description = "Content read from FILE ('-' = standard input).")
    Path file;

    ByteString read(CommandSpec spec, InputStream stdin) {
        if (text != null) {
            return ByteString.copyFromUtf8(text);
        }
        try {
            if (file.toString().equals("-")) {
                return ByteString.readFrom(stdin);
            }
            return ByteString.copyFrom(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new ParameterException(spec.commandLine(), "--content-file: cannot read " + file + ": " + e.getMessage());
        }
    }
}
