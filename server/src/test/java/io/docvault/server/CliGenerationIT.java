package io.docvault.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Struct;
import com.google.protobuf.util.JsonFormat;
import io.docvault.common.grpc.GrpcServerLifecycle;
import io.docvault.proto.v1.CommandResult;
import io.docvault.proto.v1.Document;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code docvault generate} against a real server with real LibreOffice: a DOCX template stored with
 * {@code create}, filled from a JSON file, the PDF and previews written to files. Skipped, with a
 * message, where LibreOffice is not installed (CI installs it).
 */
class CliGenerationIT {

    @TempDir
    static Path uploads;

    private static RunningServer server;

    @BeforeAll
    static void startServer() {
        Assumptions.assumeTrue(GenerationIT.libreOfficeInstalled(),
                "LibreOffice is not installed (apt-get install libreoffice-writer-nogui): CLI generation tests skipped");
        server = RunningServer.on(TestDatabases.newDatabase(), Map.of(
                "docvault.generation.pool-size", 1,
                "docvault.generation.task-timeout", "60s",
                "docvault.uploads.dir", uploads.toString()));
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    @DisplayName("generate fills a template created with the CLI and writes the PDF and a preview per page; data that does not fit exits 4")
    void generateFromTheCommandLine(@TempDir Path dir) throws IOException {
        Path template = Files.write(dir.resolve("invoice.docx"), DocxTemplates.invoice("INVOICE"));
        String templateId = cli("create", "--title", "Invoice template", "--content-file", template.toString(),
                "--content-type", DocxTemplates.DOCX, "--json").<CommandResult>json(CommandResult.newBuilder()).getDocumentId();
        cli("get", templateId, "--min-version", "1", "--json").<Document>json(Document.newBuilder());
        Struct data = GenerationIT.invoiceData();
        Path dataFile = Files.writeString(dir.resolve("data.json"), JsonFormat.printer().print(data));
        Path out = dir.resolve("out");

        CliIT.Run generated = cli("generate", "--template", templateId, "--data-file", dataFile.toString(),
                "--title", "Invoice REF-2026-0042", "--previews", "--out-dir", out.toString(), "--timeout", "120s");
        assertThat(generated.exit()).as(generated.err()).isZero();

        assertThat(generated.out()).startsWith("generated ");
        List<Path> files;
        try (var listing = Files.list(out)) {
            files = listing.sorted().toList();
        }
        Path pdf = files.stream().filter(f -> f.toString().endsWith(".pdf")).findFirst().orElseThrow();
        String outputId = pdf.getFileName().toString().replace(".pdf", "");
        assertThat(GenerationIT.pdfText(Files.readAllBytes(pdf))).contains("Invoice for Ada Lovelace", "REF-2026-0042");
        assertThat(files).anySatisfy(f -> assertThat(f.getFileName().toString()).isEqualTo(outputId + "-page-1.png"));
        assertThat(Files.readAllBytes(out.resolve(outputId + "-page-1.png"))).startsWith(0x89, 'P', 'N', 'G');

        Document stored = cli("get", outputId, "--min-version", "1", "--json").json(Document.newBuilder());
        assertThat(stored.getTitle()).isEqualTo("Invoice REF-2026-0042");
        assertThat(stored.getContentType()).isEqualTo("application/pdf");

        CliIT.Run misfit = cli("generate", "--template", templateId, "--data", "{\"nobody\": \"uses this\"}",
                "--out-dir", out.toString());
        assertThat(misfit.exit()).as(misfit.err()).isEqualTo(4);
        assertThat(misfit.err()).contains("INVALID_ARGUMENT", "data.");
    }

    private static CliIT.Run cli(String... args) {
        return CliIT.run(Map.of("DOCVAULT_TARGET", "127.0.0.1:" + server.bean(GrpcServerLifecycle.class).port()), args);
    }
}
