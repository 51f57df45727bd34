package io.docvault.cli;

import com.google.protobuf.Timestamp;
import io.docvault.client.DocVaultClient;
import io.docvault.proto.v1.Document;
import io.docvault.proto.v1.GetDocumentRequest;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "get", description = "Show a document: its latest version, a given version, or its state at an instant.")
final class GetCommand extends ClientCommand {

    /** Text content longer than this is not printed with the fields (use --raw or --output). */
    private static final int MAX_PRINTED_CONTENT = 64 * 1024;

    @Parameters(index = "0", paramLabel = "DOCUMENT_ID")
    String documentId;

    @Option(names = "--version", description = "Version to show (default: the latest).")
    long version;

    @Option(names = "--as-of", paramLabel = "INSTANT", converter = Values.TimestampConverter.class,
            description = "Show the document as it was at this instant, e.g. 2026-11-22T10:00:00Z.")
    Timestamp asOf;

    @Option(names = "--include-deleted", description = "Show the document even when it is soft-deleted.")
    boolean includeDeleted;

    @Option(names = "--min-version", paramLabel = "N",
            description = "Wait until the read side has reached this version (read your own writes).")
    long minVersion;

    @Option(names = "--raw", description = "Write only the content bytes to standard output.")
    boolean raw;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the content to FILE.")
    Path output;

    @Override
    void run(DocVaultClient client) throws IOException {
        GetDocumentRequest.Builder request = GetDocumentRequest.newBuilder()
                .setDocumentId(documentId)
                .setVersion(version)
                .setIncludeDeleted(includeDeleted)
                .setMinVersion(minVersion);
        if (asOf != null) {
            request.setAsOf(asOf);
        }
        Document document = client.get(request.build());
        if (output != null) {
            Files.write(output, document.getContent().toByteArray());
        }
        if (raw) {
            document.getContent().writeTo(cli.rawOut());
            cli.rawOut().flush();
        } else if (json()) {
            printJson(document);
        } else {
            print(document, output == null);
        }
    }

    private void print(Document document, boolean withContent) {
        PrintWriter out = out();
        field(out, "document:  ", document.getDocumentId());
        field(out, "version:   ", document.getVersion());
        field(out, "title:     ", document.getTitle());
        field(out, "status:    ", Values.status(document.getStatus()));
        field(out, "author:    ", document.getAuthor());
        field(out, "category:  ", document.getCategory());
        field(out, "tags:      ", String.join(", ", document.getTagsList()));
        field(out, "metadata:  ", document.getMetadataMap().entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue()).sorted().collect(Collectors.joining(", ")));
        field(out, "content:   ", document.getContentType() + ", " + document.getContentSize() + " bytes, sha256 "
                + document.getContentSha256());
        field(out, "created:   ", Values.time(document.getCreatedAt()) + " by " + document.getCreatedBy());
        field(out, "updated:   ", Values.time(document.getUpdatedAt()) + " by " + document.getUpdatedBy());
        if (document.getDeleted()) {
            field(out, "deleted:   ", Values.time(document.getDeletedAt()) + " by " + document.getDeletedBy()
                    + (document.getDeleteReason().isEmpty() ? "" : " (" + document.getDeleteReason() + ")"));
        }
        String text = withContent ? printableText(document) : null;
        if (text != null) {
            out.println();
            out.print(text);
            if (!text.endsWith("\n")) {
                out.println();
            }
        }
        out.flush();
    }

    private static void field(PrintWriter out, String label, Object value) {
        out.println((label + value).stripTrailing());
    }

    /** The content as text when it is valid UTF-8 of a printable size, else null. */
    private static String printableText(Document document) {
        if (document.getContent().isEmpty() || document.getContent().size() > MAX_PRINTED_CONTENT) {
            return null;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(document.getContent().asReadOnlyByteBuffer())
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
