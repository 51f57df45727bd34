package io.docvault.server;

import static io.docvault.server.GrpcFailures.assertCode;
import static io.docvault.server.GrpcFailures.assertFieldViolation;
import static io.docvault.server.GrpcFailures.reasonOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.ListValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.docvault.common.grpc.CallerContext;
import io.docvault.generation.application.GenerationQueue;
import io.docvault.generation.infrastructure.OfficePdfConverter;
import io.docvault.proto.v1.CreateDocumentRequest;
import io.docvault.proto.v1.Document;
import io.docvault.proto.v1.GenerateDocumentRequest;
import io.docvault.proto.v1.GenerateDocumentResponse;
import io.docvault.proto.v1.GenerationOptions;
import io.docvault.proto.v1.GenerationServiceGrpc.GenerationServiceBlockingStub;
import io.docvault.proto.v1.GenerationServiceGrpc;
import io.docvault.proto.v1.OutputFormat;
import io.docvault.proto.v1.UpdateDocumentRequest;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.stub.MetadataUtils;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDResources;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Document generation through gRPC against a real server with real LibreOffice: one office pool of two
 * processes for the whole class, small documents. Skipped, with a message, where LibreOffice is not
 * installed (CI installs it).
 *
 * <p>The waits here do not fail on uncaught exceptions of other threads (Awaitility's default): when a
 * replaced office process is killed, JODConverter's connection thread may try to restart it on a
 * manager already stopping and die of the executor's RejectedExecutionException, which is harmless.
 */
class GenerationIT {

    /** Long enough for a fresh office process's first conversion on a loaded machine. */
    static final Duration TASK_TIMEOUT = Duration.ofSeconds(20);
    static final int POOL_SIZE = 2;
    static final int QUEUE_SIZE = 8;

    @TempDir
    static Path uploads;

    static RunningServer server;

    @BeforeAll
    static void startServer() {
        Assumptions.assumeTrue(libreOfficeInstalled(),
                "LibreOffice is not installed (apt-get install libreoffice-writer-nogui): generation tests skipped");
        server = RunningServer.on(TestDatabases.newDatabase(), Map.of(
                "docvault.generation.pool-size", POOL_SIZE,
                "docvault.generation.queue-size", QUEUE_SIZE,
                "docvault.generation.task-timeout", TASK_TIMEOUT.toSeconds() + "s",
                "docvault.uploads.dir", uploads.toString()));
        warmUpBothOfficeProcesses();
    }

    /** A fresh office process's first conversion is its slowest; the tests measure warm ones. */
    private static void warmUpBothOfficeProcesses() {
        String template = storeTemplate("Warm-up template", DocxTemplates.invoice("WARM UP"));
        ExecutorService callers = Executors.newFixedThreadPool(POOL_SIZE);
        try {
            List<Future<GenerateDocumentResponse>> warmUps = new ArrayList<>();
            for (int i = 0; i < POOL_SIZE; i++) {
                warmUps.add(callers.submit(() -> generation().generateDocument(request(template, invoiceData()).build())));
            }
            for (Future<GenerateDocumentResponse> warmUp : warmUps) {
                assertThat(warmUp.get(2, TimeUnit.MINUTES).getPdf().size()).isPositive();
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the office pool did not warm up", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            callers.shutdownNow();
        }
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    static boolean libreOfficeInstalled() {
        try (OfficePdfConverter probe = OfficePdfConverter.create(Optional.empty(), 1, Duration.ofSeconds(1))) {
            return probe.available();
        }
    }

    @Test
    @DisplayName("every placeholder is filled (paragraphs, split runs, table cells, checklist, image) and the PDF is stored with its provenance")
    void fillsTheTemplateAndStoresThePdf() throws IOException {
        String template = storeTemplate("Invoice template", DocxTemplates.invoice("INVOICE LAYOUT ONE"));

        GenerateDocumentResponse response = generation().generateDocument(GenerateDocumentRequest.newBuilder()
                .setTemplateId(template)
                .setData(invoiceData())
                .setOptions(GenerationOptions.newBuilder()
                        .addFormats(OutputFormat.OUTPUT_FORMAT_PDF)
                        .addFormats(OutputFormat.OUTPUT_FORMAT_DOCX)
                        .setPreviews(true)
                        .setPreviewDpi(50))
                .setTitle("Invoice 42")
                .build());

        String text = pdfText(response.getPdf().toByteArray());
        assertThat(text).contains("INVOICE LAYOUT ONE", "Invoice for Ada Lovelace", "REF-2026-0042", "(keep it)",
                "1234.5", "2026-12-31", "Sign the contract", "Send the invoice", "End of invoice.");
        assertThat(text).doesNotContain("{{", "}}", "customer.name", "reference", "*items", "@photo");
        assertThat(imagesOnPage(response.getPdf().toByteArray(), 0)).as("the photo").isEqualTo(1);
        assertThat(response.getDocx().size()).isPositive();

        try (PDDocument pdf = Loader.loadPDF(response.getPdf().toByteArray())) {
            assertThat(response.getPageCount()).isEqualTo(pdf.getNumberOfPages()).isPositive();
        }
        assertThat(response.getPreviewsList()).hasSize(response.getPageCount());
        for (ByteString preview : response.getPreviewsList()) {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(preview.toByteArray()));
            assertThat(image).as("a decodable PNG").isNotNull();
            // A4 or Letter at 50 dpi: 413 or 425 pixels wide.
            assertThat(image.getWidth()).isBetween(410, 428);
        }

        assertThat(response.getTemplateId()).isEqualTo(template);
        assertThat(response.getTemplateVersion()).isEqualTo(1);
        assertThat(response.getDataSha256()).isEqualTo(sha256OfDeterministicBytes(invoiceData()));
        assertThat(response.getVersion()).isEqualTo(1);
        Document stored = server.queries().getDocument(Requests.getAtLeast(response.getDocumentId(), 1));
        assertThat(stored.getTitle()).isEqualTo("Invoice 42");
        assertThat(stored.getContentType()).isEqualTo("application/pdf");
        assertThat(stored.getContent()).isEqualTo(response.getPdf());
        assertThat(stored.getCreatedBy()).isEqualTo("generation-test");
        assertThat(stored.getMetadataMap()).containsEntry("generation.template_id", template)
                .containsEntry("generation.template_version", "1")
                .containsEntry("generation.data_sha256", response.getDataSha256())
                .containsKey("generation.generator");
    }

    @Test
    @DisplayName("a three-page document gives three decodable previews at the asked resolution")
    void previewsEveryPage() throws IOException {
        String template = storeTemplate("Report template", DocxTemplates.manyPages(3));
        Struct data = Struct.newBuilder().putFields("customer", Value.newBuilder().setStructValue(Struct.newBuilder()
                .putFields("name", string("Grace Hopper"))).build()).build();

        GenerateDocumentResponse response = generation().generateDocument(request(template, data)
                .setOptions(GenerationOptions.newBuilder().setPreviews(true).setPreviewDpi(30))
                .build());

        assertThat(response.getPageCount()).isEqualTo(3);
        assertThat(response.getPreviewsList()).hasSize(3);
        for (ByteString preview : response.getPreviewsList()) {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(preview.toByteArray()));
            // The page is A4 or Letter (LibreOffice's default by locale): 248 x 351 or 255 x 330 pixels at 30 dpi.
            assertThat(image.getWidth()).isBetween(245, 258);
            assertThat(image.getHeight()).isBetween(327, 354);
        }
        assertThat(pdfText(response.getPdf().toByteArray())).contains("Long report for Grace Hopper", "Page 3.");
    }

    @Test
    @DisplayName("the data digest does not depend on the order the fields were set in")
    void dataDigestIsDeterministic() {
        String template = storeTemplate("Digest template", DocxTemplates.invoice("DIGEST"));
        Struct reordered = Struct.newBuilder()
                .putFields("photo", invoiceData().getFieldsOrThrow("photo"))
                .putFields("items", invoiceData().getFieldsOrThrow("items"))
                .putFields("due_date", invoiceData().getFieldsOrThrow("due_date"))
                .putFields("amount", invoiceData().getFieldsOrThrow("amount"))
                .putFields("reference", invoiceData().getFieldsOrThrow("reference"))
                .putFields("customer", invoiceData().getFieldsOrThrow("customer"))
                .build();
        String first = generation().generateDocument(request(template, invoiceData()).build()).getDataSha256();
        String second = generation().generateDocument(request(template, reordered).build()).getDataSha256();
        assertThat(second).isEqualTo(first);
    }

    @Test
    @DisplayName("regenerating from template version 1 after the template changed gives the old layout")
    void regeneratesFromAnOlderTemplateVersion() {
        String template = storeTemplate("Versioned template", DocxTemplates.invoice("INVOICE LAYOUT ONE"));
        server.commands("generation-test").updateDocument(UpdateDocumentRequest.newBuilder()
                .setDocumentId(template)
                .setExpectedVersion(1)
                .setContent(ByteString.copyFrom(DocxTemplates.invoice("QUOTE LAYOUT TWO")))
                .setChangeNote("new layout")
                .build());
        server.queries().getDocument(Requests.getAtLeast(template, 2));

        GenerateDocumentResponse old = generation().generateDocument(request(template, invoiceData())
                .setTemplateVersion(1).build());
        assertThat(old.getTemplateVersion()).isEqualTo(1);
        assertThat(pdfText(old.getPdf().toByteArray())).contains("INVOICE LAYOUT ONE", "Ada Lovelace")
                .doesNotContain("QUOTE LAYOUT TWO");

        GenerateDocumentResponse latest = generation().generateDocument(request(template, invoiceData()).build());
        assertThat(latest.getTemplateVersion()).isEqualTo(2);
        assertThat(pdfText(latest.getPdf().toByteArray())).contains("QUOTE LAYOUT TWO")
                .doesNotContain("INVOICE LAYOUT ONE");
        Document stored = server.queries().getDocument(Requests.getAtLeast(old.getDocumentId(), 1));
        assertThat(stored.getMetadataMap()).containsEntry("generation.template_version", "1");
    }

    @Test
    @DisplayName("data that does not fit the template is INVALID_ARGUMENT naming the placeholder")
    void rejectsDataThatDoesNotFit() {
        String template = storeTemplate("Strict template", DocxTemplates.invoice("STRICT"));

        Struct unknown = invoiceData().toBuilder().putFields("discount", Value.newBuilder().setStringValue("10%").build()).build();
        assertFieldViolation(() -> generation().generateDocument(request(template, unknown).build()),
                Status.Code.INVALID_ARGUMENT, "data.discount");

        Struct missing = invoiceData().toBuilder().removeFields("amount").build();
        assertFieldViolation(() -> generation().generateDocument(request(template, missing).build()),
                Status.Code.INVALID_ARGUMENT, "data.amount");

        Struct notAList = invoiceData().toBuilder().putFields("items", Value.newBuilder().setStringValue("one").build()).build();
        assertFieldViolation(() -> generation().generateDocument(request(template, notAList).build()),
                Status.Code.INVALID_ARGUMENT, "data.items");

        Struct notAnImage = invoiceData().toBuilder().putFields("photo", Value.newBuilder().setStringValue("smile").build()).build();
        assertFieldViolation(() -> generation().generateDocument(request(template, notAnImage).build()),
                Status.Code.INVALID_ARGUMENT, "data.photo");
    }

    @Test
    @DisplayName("a missing template is NOT_FOUND, one that is not DOCX INVALID_ARGUMENT")
    void rejectsMissingAndNonDocxTemplates() {
        assertCode(() -> generation().generateDocument(request("0b5c1e0e-9a6b-4d8c-8d1e-000000000000", invoiceData()).build()),
                Status.Code.NOT_FOUND);

        String text = server.commands("generation-test").createDocument(Requests.aDocument("Plain text").build()).getDocumentId();
        server.queries().getDocument(Requests.getAtLeast(text, 1));
        assertFieldViolation(() -> generation().generateDocument(request(text, invoiceData()).build()),
                Status.Code.INVALID_ARGUMENT, "template_id");
    }

    @Test
    @DisplayName("the health service reports the generation service SERVING where LibreOffice runs")
    void healthReportsServing() {
        ServingStatus status = HealthGrpc.newBlockingStub(server.channel()).withDeadlineAfter(5, TimeUnit.SECONDS)
                .check(HealthCheckRequest.newBuilder().setService(GenerationServiceGrpc.SERVICE_NAME).build())
                .getStatus();
        assertThat(status).isEqualTo(ServingStatus.SERVING);
    }

    @Test
    @DisplayName("a stamp image lands on page 1")
    void stampsTheFirstPage() {
        String template = storeTemplate("Stamped template", DocxTemplates.invoice("STAMPED"));
        GenerateDocumentResponse plain = generation().generateDocument(request(template, invoiceData()).build());
        GenerateDocumentResponse stamped = generation().generateDocument(request(template, invoiceData())
                .setOptions(GenerationOptions.newBuilder()
                        .setStampImage(ByteString.copyFrom(DocxTemplates.png(120, 60, Color.RED))))
                .build());
        assertThat(imagesOnPage(stamped.getPdf().toByteArray(), 0))
                .isEqualTo(imagesOnPage(plain.getPdf().toByteArray(), 0) + 1);

        assertFieldViolation(() -> generation().generateDocument(request(template, invoiceData())
                        .setOptions(GenerationOptions.newBuilder().setStampImage(ByteString.copyFromUtf8("not an image")))
                        .build()),
                Status.Code.INVALID_ARGUMENT, "options.stamp_image");
    }

    @Test
    @DisplayName("the files also land in the uploads folder, a clashing name getting a \" (N)\" suffix")
    void writesTheUploadsFolder() throws IOException {
        String template = storeTemplate("Uploads template", DocxTemplates.invoice("UPLOADS"));
        GenerateDocumentRequest request = request(template, invoiceData())
                .setTitle("Quarterly: report")
                .setOptions(GenerationOptions.newBuilder().setPreviews(true).setPreviewDpi(20))
                .build();
        GenerateDocumentResponse first = generation().generateDocument(request);
        GenerateDocumentResponse second = generation().generateDocument(request);

        assertThat(Files.readAllBytes(uploads.resolve("Quarterly_ report.pdf"))).isEqualTo(first.getPdf().toByteArray());
        assertThat(Files.readAllBytes(uploads.resolve("Quarterly_ report (1).pdf"))).isEqualTo(second.getPdf().toByteArray());
        assertThat(uploads.resolve("Quarterly_ report (1).docx")).isRegularFile();
        assertThat(uploads.resolve("Quarterly_ report (1) - page 1.png")).isRegularFile();
    }

    @Test
    @DisplayName("ten concurrent generations all complete")
    void tenConcurrentGenerations() throws Exception {
        String template = storeTemplate("Concurrent template", DocxTemplates.invoice("CONCURRENT"));
        List<Callable<GenerateDocumentResponse>> calls = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            String name = "Customer " + i;
            calls.add(() -> generation().generateDocument(request(template, withCustomer(name)).build()));
        }
        ExecutorService callers = Executors.newFixedThreadPool(10);
        try {
            List<Future<GenerateDocumentResponse>> results = callers.invokeAll(calls, 3, TimeUnit.MINUTES);
            for (int i = 0; i < 10; i++) {
                GenerateDocumentResponse response = results.get(i).get();
                assertThat(pdfText(response.getPdf().toByteArray())).contains("Customer " + i);
                assertThat(response.getDocumentId()).isNotEmpty();
            }
        } finally {
            callers.shutdownNow();
        }
    }

    @Test
    @DisplayName("a hung conversion times out cleanly (its process restarted) without blocking the others")
    void hungConversionTimesOut() throws Exception {
        String template = storeTemplate("Hang template", DocxTemplates.invoice("HANG"));
        warmUp(template);
        List<ProcessHandle> offices = officeProcesses();
        assertThat(offices).hasSize(POOL_SIZE);
        ProcessHandle hung = offices.get(0);
        Signals.send("STOP", hung);
        ExecutorService callers = Executors.newFixedThreadPool(4);
        try {
            long started = System.nanoTime();
            List<Future<GenerateDocumentResponse>> results = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                String name = "Hang " + i;
                results.add(callers.submit(() -> generation().generateDocument(request(template, withCustomer(name)).build())));
            }
            int timedOut = 0;
            int completed = 0;
            for (Future<GenerateDocumentResponse> result : results) {
                try {
                    assertThat(result.get(2, TimeUnit.MINUTES).getPdf().size()).isPositive();
                    completed++;
                } catch (ExecutionException e) {
                    StatusRuntimeException failure = (StatusRuntimeException) e.getCause();
                    assertThat(failure.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
                    assertThat(reasonOf(failure)).isEqualTo("CONVERSION_TIMED_OUT");
                    timedOut++;
                }
            }
            assertThat(timedOut).as("the conversion on the stopped process").isEqualTo(1);
            assertThat(completed).isEqualTo(3);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(TASK_TIMEOUT.multipliedBy(4));
            await().dontCatchUncaughtExceptions().atMost(Duration.ofSeconds(30)).until(() -> !hung.isAlive());
        } finally {
            callers.shutdownNow();
            if (hung.isAlive()) {
                Signals.send("CONT", hung);
            }
        }
        // The pool has a fresh process again.
        await().dontCatchUncaughtExceptions().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(officeProcesses()).hasSize(POOL_SIZE));
        assertThat(pdfText(generation().generateDocument(request(template, withCustomer("After")).build())
                .getPdf().toByteArray())).contains("After");
    }

    @Test
    @DisplayName("beyond the workers and the queue, generations are refused with RESOURCE_EXHAUSTED")
    void fullQueueIsResourceExhausted() throws Exception {
        String template = storeTemplate("Queue template", DocxTemplates.invoice("QUEUE"));
        warmUp(template);
        List<ProcessHandle> offices = officeProcesses();
        // Both office processes stopped: the two workers hang in their conversions, the queue fills up.
        offices.forEach(p -> Signals.send("STOP", p));
        int calls = POOL_SIZE + QUEUE_SIZE + 2;
        ExecutorService callers = Executors.newFixedThreadPool(calls);
        GenerationQueue queue = server.bean(GenerationQueue.class);
        try {
            List<Future<GenerateDocumentResponse>> results = new ArrayList<>();
            // In three steps, so that each lands where it should: the workers, then the queue, then beyond.
            for (int i = 0; i < calls; i++) {
                String name = "Queued " + i;
                results.add(callers.submit(() -> generation().generateDocument(request(template, withCustomer(name)).build())));
                if (i == POOL_SIZE - 1) {
                    await().dontCatchUncaughtExceptions().atMost(Duration.ofSeconds(30)).until(() -> queue.running() == POOL_SIZE);
                } else if (i == POOL_SIZE + QUEUE_SIZE - 1) {
                    await().dontCatchUncaughtExceptions().atMost(Duration.ofSeconds(30)).until(() -> queue.waiting() == QUEUE_SIZE);
                }
            }
            int exhausted = 0;
            int other = 0;
            for (Future<GenerateDocumentResponse> result : results) {
                try {
                    result.get(3, TimeUnit.MINUTES);
                    other++;
                } catch (ExecutionException e) {
                    StatusRuntimeException failure = (StatusRuntimeException) e.getCause();
                    if (failure.getStatus().getCode() == Status.Code.RESOURCE_EXHAUSTED) {
                        exhausted++;
                    } else {
                        assertThat(reasonOf(failure)).isEqualTo("CONVERSION_TIMED_OUT");
                        other++;
                    }
                }
            }
            assertThat(exhausted).isEqualTo(2);
            assertThat(other).isEqualTo(POOL_SIZE + QUEUE_SIZE);
        } finally {
            callers.shutdownNow();
            offices.stream().filter(ProcessHandle::isAlive).forEach(p -> Signals.send("CONT", p));
        }
    }

    private void warmUp(String template) {
        generation().generateDocument(request(template, invoiceData()).build());
    }

    /** The LibreOffice processes this JVM started (the server's office pool). */
    private static List<ProcessHandle> officeProcesses() {
        try (Stream<ProcessHandle> descendants = ProcessHandle.current().descendants()) {
            return descendants
                    .filter(p -> p.info().command().map(c -> c.endsWith("soffice.bin")).orElse(false))
                    .toList();
        }
    }

    static GenerationServiceBlockingStub generation() {
        return GenerationServiceGrpc.newBlockingStub(server.channel())
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(actor("generation-test")))
                .withDeadlineAfter(120, TimeUnit.SECONDS);
    }

    private static Metadata actor(String name) {
        Metadata headers = new Metadata();
        headers.put(CallerContext.ACTOR_HEADER, name);
        return headers;
    }

    static GenerateDocumentRequest.Builder request(String template, Struct data) {
        return GenerateDocumentRequest.newBuilder().setTemplateId(template).setData(data);
    }

    static String storeTemplate(String title, byte[] docx) {
        String id = server.commands("generation-test").createDocument(CreateDocumentRequest.newBuilder()
                .setTitle(title)
                .setContent(ByteString.copyFrom(docx))
                .setContentType(DocxTemplates.DOCX)
                .addTags("template")
                .build()).getDocumentId();
        server.queries().getDocument(Requests.getAtLeast(id, 1));
        return id;
    }

    static Struct invoiceData() {
        return Struct.newBuilder()
                .putFields("customer", Value.newBuilder().setStructValue(Struct.newBuilder()
                        .putFields("name", string("Ada Lovelace"))).build())
                .putFields("reference", string("REF-2026-0042"))
                .putFields("amount", Value.newBuilder().setNumberValue(1234.5).build())
                .putFields("due_date", string("2026-12-31"))
                .putFields("items", Value.newBuilder().setListValue(ListValue.newBuilder()
                        .addValues(string("Sign the contract"))
                        .addValues(string("Send the invoice"))).build())
                .putFields("photo", string(DocxTemplates.pngDataUrl(1600, 900, Color.BLUE)))
                .build();
    }

    static Struct withCustomer(String name) {
        return invoiceData().toBuilder()
                .putFields("customer", Value.newBuilder().setStructValue(Struct.newBuilder()
                        .putFields("name", string(name))).build())
                .build();
    }

    private static Value string(String s) {
        return Value.newBuilder().setStringValue(s).build();
    }

    static String pdfText(byte[] pdf) {
        try (PDDocument document = Loader.loadPDF(pdf)) {
            return new PDFTextStripper().getText(document);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int imagesOnPage(byte[] pdf, int page) {
        try (PDDocument document = Loader.loadPDF(pdf)) {
            PDResources resources = document.getPage(page).getResources();
            int images = 0;
            for (COSName name : resources.getXObjectNames()) {
                if (resources.getXObject(name) instanceof PDImageXObject) {
                    images++;
                }
            }
            return images;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sha256OfDeterministicBytes(Struct data) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            CodedOutputStream out = CodedOutputStream.newInstance(bytes);
            out.useDeterministicSerialization();
            data.writeTo(out);
            out.flush();
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes.toByteArray()));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
