package io.docvault.cli;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.ListValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import com.google.protobuf.util.JsonFormat;
import io.docvault.client.DocVaultClient;
import io.docvault.proto.v1.GenerateDocumentRequest;
import io.docvault.proto.v1.GenerateDocumentResponse;
import io.docvault.proto.v1.GenerationOptions;
import io.docvault.proto.v1.OutputFormat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

@Command(name = "generate",
        description = "Fill a DOCX template (a DocVault document) with JSON data; writes the PDF, DOCX and previews to files.")
final class GenerateCommand extends ClientCommand {

    @Option(names = "--template", required = true, paramLabel = "DOCUMENT_ID", description = "The template document.")
    String templateId;

    @Option(names = "--template-version", paramLabel = "N", description = "Template version to fill (default: the latest).")
    long templateVersion;

    @ArgGroup(exclusive = true)
    DataSource data;

    @Option(names = "--title", description = "Title of the stored output document (default: the template's).")
    String title = "";

    @Option(names = "--format", paramLabel = "FORMAT", converter = FormatConverter.class,
            description = "pdf or docx; repeat for both (default: pdf).")
    List<OutputFormat> formats = List.of();

    @Option(names = "--previews", description = "Also render a PNG preview of every page.")
    boolean previews;

    @Option(names = "--dpi", paramLabel = "N", description = "Resolution of the previews (default 72).")
    int previewDpi;

    @Option(names = "--stamp", paramLabel = "FILE", description = "PNG or JPEG stamped onto the first page.")
    Path stamp;

    @Option(names = "--out-dir", paramLabel = "DIR", description = "Where to write the files (default: the current directory).")
    Path outDir = Path.of(".");

    @Option(names = "--name", paramLabel = "NAME",
            description = "Base name of the files (default: the output document's id, else 'generated').")
    String name;

    @Option(names = "--request-id", paramLabel = "KEY", description = "Idempotency key of the output's store (default: a fresh UUID).")
    String requestId = "";

    /** The placeholders' values: a JSON object given inline or in a file. */
    static final class DataSource {
        @Option(names = "--data", paramLabel = "JSON", description = "Data as a JSON object, e.g. '{\"name\": \"Ada\"}'.")
        String json;

        @Option(names = "--data-file", paramLabel = "FILE", description = "Data as a JSON object in FILE.")
        Path file;
    }

    /** {@code pdf} or {@code docx}. */
    static final class FormatConverter implements ITypeConverter<OutputFormat> {
        @Override
        public OutputFormat convert(String value) {
            return switch (value.strip().toLowerCase(Locale.ROOT)) {
                case "pdf" -> OutputFormat.OUTPUT_FORMAT_PDF;
                case "docx" -> OutputFormat.OUTPUT_FORMAT_DOCX;
                default -> throw new TypeConversionException("'" + value + "' is not pdf or docx");
            };
        }
    }

    @Override
    void run(DocVaultClient client) throws IOException {
        GenerationOptions.Builder options = GenerationOptions.newBuilder()
                .addAllFormats(formats)
                .setPreviews(previews)
                .setPreviewDpi(previewDpi);
        if (stamp != null) {
            options.setStampImage(ByteString.copyFrom(readInput(stamp, "--stamp")));
        }
        GenerateDocumentResponse response = client.generate(GenerateDocumentRequest.newBuilder()
                .setTemplateId(templateId)
                .setTemplateVersion(templateVersion)
                .setData(data())
                .setOptions(options)
                .setTitle(title)
                .setRequestId(requestId)
                .build());
        List<Path> written = write(response);
        if (json()) {
            printJson(summary(response, written));
            return;
        }
        out().println("generated " + (response.getDocumentId().isEmpty() ? "(not stored)"
                : response.getDocumentId() + " version " + response.getVersion())
                + " from template " + response.getTemplateId() + " version " + response.getTemplateVersion()
                + ", " + response.getPageCount() + " pages");
        written.forEach(file -> out().println("wrote " + file));
        out().flush();
    }

    /** The data as a Struct; no data is an empty one. */
    Struct data() {
        if (data == null) {
            return Struct.getDefaultInstance();
        }
        String json = data.json != null ? data.json : new String(readInput(data.file, "--data-file"), StandardCharsets.UTF_8);
        Struct.Builder struct = Struct.newBuilder();
        try {
            JsonFormat.parser().merge(json, struct);
        } catch (InvalidProtocolBufferException e) {
            throw usage((data.json != null ? "--data" : "--data-file") + ": not a JSON object: " + e.getMessage());
        }
        return struct.build();
    }

    private List<Path> write(GenerateDocumentResponse response) throws IOException {
        String base = name != null ? name : response.getDocumentId().isEmpty() ? "generated" : response.getDocumentId();
        Files.createDirectories(outDir);
        List<Path> written = new ArrayList<>();
        if (!response.getPdf().isEmpty()) {
            written.add(Files.write(outDir.resolve(base + ".pdf"), response.getPdf().toByteArray()));
        }
        if (!response.getDocx().isEmpty()) {
            written.add(Files.write(outDir.resolve(base + ".docx"), response.getDocx().toByteArray()));
        }
        for (int page = 0; page < response.getPreviewsCount(); page++) {
            written.add(Files.write(outDir.resolve(base + "-page-" + (page + 1) + ".png"),
                    response.getPreviews(page).toByteArray()));
        }
        return written;
    }

    /** The response without its bytes, plus the files written: {@code {"documentId": ..., "files": [...]}}. */
    private static Struct summary(GenerateDocumentResponse response, List<Path> written) throws InvalidProtocolBufferException {
        GenerateDocumentResponse withoutBytes = response.toBuilder().clearPdf().clearDocx().clearPreviews().build();
        Struct.Builder summary = Struct.newBuilder();
        JsonFormat.parser().merge(JsonFormat.printer().alwaysPrintFieldsWithNoPresence().print(withoutBytes), summary);
        summary.removeFields("pdf").removeFields("docx").removeFields("previews");
        ListValue.Builder files = ListValue.newBuilder();
        written.forEach(file -> files.addValues(Value.newBuilder().setStringValue(file.toString())));
        return summary.putFields("files", Value.newBuilder().setListValue(files).build()).build();
    }

    private byte[] readInput(Path file, String option) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw usage(option + ": cannot read " + file + ": " + e.getMessage());
        }
    }
}
