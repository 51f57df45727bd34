package io.docvault.server;

import static io.docvault.server.GenerationIT.invoiceData;
import static io.docvault.server.GenerationIT.libreOfficeInstalled;
import static io.docvault.server.GenerationIT.pdfText;
import static io.docvault.server.GrpcFailures.failure;
import static io.docvault.server.GrpcFailures.reasonOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import io.docvault.generation.application.StoredOutput;
import io.docvault.generation.application.Template;
import io.docvault.generation.client.GenerationClient;
import io.docvault.generation.client.GenerationResult;
import io.docvault.generation.infrastructure.OfficePdfConverter;
import io.docvault.proto.v1.CreateDocumentRequest;
import io.docvault.proto.v1.Document;
import io.docvault.proto.v1.GenerateDocumentRequest;
import io.docvault.proto.v1.GenerationServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A server without LibreOffice (its office home points nowhere): it runs, reports the generation
 * service NOT_SERVING and answers UNAVAILABLE, and the client falls back to generating in-process,
 * also while the server is stopped, uploading the output once the server is back.
 */
class GenerationFallbackIT {

    static final Map<String, Object> WITHOUT_OFFICE = Map.of(
            "docvault.generation.office-home", "/nonexistent/libreoffice");

    static String database;
    static int port;
    static RunningServer server;
    static ManagedChannel channel;

    @BeforeAll
    static void startServer() {
        database = TestDatabases.newDatabase();
        port = freePort();
        server = startOnFixedPort();
        channel = ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext()
                .maxInboundMessageSize(64 << 20).build();
    }

    @AfterAll
    static void stopServer() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        if (server != null) {
            server.close();
        }
    }

    @Test
    @DisplayName("without LibreOffice the server runs, health says NOT_SERVING and generation is UNAVAILABLE")
    void serverWithoutLibreOffice() {
        ServingStatus status = HealthGrpc.newBlockingStub(server.channel()).withDeadlineAfter(5, TimeUnit.SECONDS)
                .check(HealthCheckRequest.newBuilder().setService(GenerationServiceGrpc.SERVICE_NAME).build())
                .getStatus();
        assertThat(status).isEqualTo(ServingStatus.NOT_SERVING);

        String template = storeTemplate();
        StatusRuntimeException failure = failure(() -> GenerationServiceGrpc.newBlockingStub(server.channel())
                .withDeadlineAfter(30, TimeUnit.SECONDS)
                .generateDocument(GenerationIT.request(template, invoiceData()).build()));
        assertThat(failure.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
        assertThat(reasonOf(failure)).isEqualTo("GENERATION_DISABLED");

        GenerationClient withoutFallback = GenerationClient.builder(channel).build();
        assertThat(failure(() -> withoutFallback.generate(GenerationIT.request(template, invoiceData()).build()))
                .getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    }

    @Test
    @DisplayName("the client falls back to in-process generation when the service is NOT_SERVING, and stores the PDF")
    void fallsBackWhenNotServing() {
        assumeLibreOffice();
        String template = storeTemplate();
        try (OfficePdfConverter local = OfficePdfConverter.create(Optional.empty(), 1, Duration.ofSeconds(60))) {
            GenerationClient client = GenerationClient.builder(channel).actor("fallback-test").fallback(local).build();

            GenerationResult result = client.generate(GenerationIT.request(template, invoiceData()).build());

            assertThat(result.fellBack()).isTrue();
            assertThat(result.fallbackReason()).hasValueSatisfying(reason -> assertThat(reason).contains("NOT_SERVING"));
            assertThat(result.stored()).isTrue();
            assertThat(pdfText(result.response().getPdf().toByteArray())).contains("Ada Lovelace", "REF-2026-0042")
                    .doesNotContain("{{");
            Document stored = server.queries().getDocument(Requests.getAtLeast(result.response().getDocumentId(), 1));
            assertThat(stored.getMetadataMap()).containsEntry("generation.template_id", template)
                    .containsEntry("generation.template_version", "1")
                    .containsEntry("generation.fallback", "in-process")
                    .containsEntry("generation.data_sha256", result.response().getDataSha256());
            assertThat(stored.getCreatedBy()).isEqualTo("fallback-test");
            assertThat(client.pending()).isEmpty();
        }
    }

    @Test
    @DisplayName("with the server stopped the client still returns a PDF, says it fell back, and uploads it once the server is back")
    void fallsBackWhenTheServerIsStopped() {
        assumeLibreOffice();
        String template = storeTemplate();
        byte[] templateBytes = server.queries().getDocument(Requests.get(template)).getContent().toByteArray();
        try (OfficePdfConverter local = OfficePdfConverter.create(Optional.empty(), 1, Duration.ofSeconds(60))) {
            GenerationClient client = GenerationClient.builder(channel)
                    .actor("fallback-test")
                    .retries(3, Duration.ofMillis(100))
                    .fallback(local)
                    .offlineTemplates((id, version) ->
                            new Template(id, 1, "Offline invoice", DocxTemplates.DOCX, templateBytes))
                    .build();
            server.close();
            server = null;

            GenerationResult result = client.generate(GenerateDocumentRequest.newBuilder(
                    GenerationIT.request(template, invoiceData()).build()).setTitle("Offline invoice").build());

            assertThat(result.fellBack()).isTrue();
            assertThat(result.fallbackReason()).hasValueSatisfying(reason -> assertThat(reason).contains("unreachable"));
            assertThat(result.stored()).isFalse();
            assertThat(result.response().getDocumentId()).isEmpty();
            assertThat(pdfText(result.response().getPdf().toByteArray())).contains("Ada Lovelace", "2026-12-31");
            assertThat(client.pending()).hasSize(1);
            assertThat(client.flushPending()).as("nothing can be stored while the server is down").isEmpty();

            server = startOnFixedPort();
            List<StoredOutput> uploaded = await().atMost(Duration.ofSeconds(60))
                    .until(client::flushPending, list -> !list.isEmpty());
            assertThat(uploaded).hasSize(1);
            assertThat(client.pending()).isEmpty();
            Document stored = server.queries().getDocument(Requests.getAtLeast(uploaded.get(0).documentId(), 1));
            assertThat(stored.getTitle()).isEqualTo("Offline invoice");
            assertThat(stored.getContent()).isEqualTo(result.response().getPdf());
            assertThat(stored.getMetadataMap()).containsEntry("generation.fallback", "in-process")
                    .containsEntry("generation.template_id", template);
        }
    }

    private static void assumeLibreOffice() {
        Assumptions.assumeTrue(libreOfficeInstalled(),
                "LibreOffice is not installed (apt-get install libreoffice-writer-nogui): fallback generation tests skipped");
    }

    private static RunningServer startOnFixedPort() {
        Map<String, Object> properties = new HashMap<>(WITHOUT_OFFICE);
        properties.put("docvault.grpc.port", port);
        return RunningServer.on(database, properties);
    }

    private static String storeTemplate() {
        String id = server.commands("fallback-test").createDocument(CreateDocumentRequest.newBuilder()
                .setTitle("Invoice template")
                .setContent(ByteString.copyFrom(DocxTemplates.invoice("FALLBACK LAYOUT")))
                .setContentType(DocxTemplates.DOCX)
                .build()).getDocumentId();
        server.queries().getDocument(Requests.getAtLeast(id, 1));
        return id;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
