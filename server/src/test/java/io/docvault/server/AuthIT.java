package io.docvault.server;

import static io.docvault.server.GrpcFailures.failure;
import static io.docvault.server.GrpcFailures.reasonOf;
import static io.docvault.server.Requests.aDocument;
import static io.docvault.server.Requests.getAtLeast;
import static io.docvault.server.Tokens.withToken;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.docvault.common.grpc.CallerContext;
import io.docvault.proto.v1.AdminServiceGrpc;
import io.docvault.proto.v1.AdminServiceGrpc.AdminServiceBlockingStub;
import io.docvault.proto.v1.CommandResult;
import io.docvault.proto.v1.Document;
import io.docvault.proto.v1.DocumentCommandServiceGrpc;
import io.docvault.proto.v1.DocumentCommandServiceGrpc.DocumentCommandServiceBlockingStub;
import io.docvault.proto.v1.DocumentQueryServiceGrpc;
import io.docvault.proto.v1.DocumentQueryServiceGrpc.DocumentQueryServiceBlockingStub;
import io.docvault.proto.v1.GetAuditTrailRequest;
import io.docvault.proto.v1.GetProjectionStatusRequest;
import io.docvault.proto.v1.ListDocumentsRequest;
import io.docvault.proto.v1.ListVersionsRequest;
import io.docvault.proto.v1.ReplayProjectionsRequest;
import io.docvault.proto.v1.VersionInfo;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.stub.MetadataUtils;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real server with authentication on: tokens, roles, the actor, and what stays open. */
class AuthIT {

    private static final String SECRET = Tokens.newSecret();
    private static final Tokens TOKENS = Tokens.hs256(SECRET);

    private static RunningServer server;

    @BeforeAll
    static void startServer() {
        server = RunningServer.on(TestDatabases.newDatabase(), Tokens.serverRequiringHs256(SECRET));
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @Test
    @DisplayName("a call without a token is UNAUTHENTICATED, for queries and for commands")
    void noToken() {
        assertUnauthenticated(() -> queries().getDocument(Requests.get("123e4567-e89b-42d3-a456-426614174000")));
        assertUnauthenticated(() -> commands().createDocument(aDocument("No token").build()));
        Metadata notBearer = new Metadata();
        notBearer.put(io.docvault.common.auth.AuthenticationInterceptor.AUTHORIZATION, "Basic YWxpY2U6c2VjcmV0");
        assertUnauthenticated(() -> commands().withInterceptors(MetadataUtils.newAttachHeadersInterceptor(notBearer))
                .createDocument(aDocument("Basic auth").build()));
    }

    @Test
    @DisplayName("a bad signature, an expired token, a wrong issuer or a wrong audience is UNAUTHENTICATED")
    void invalidTokens() {
        Tokens forger = Tokens.hs256(Tokens.newSecret());
        assertUnauthenticated(() -> withToken(commands(), forger.token("mallory", "admin"))
                .createDocument(aDocument("Forged").build()));
        String expired = TOKENS.token("alice", List.of("writer"), claims -> claims
                .issueTime(Date.from(Instant.now().minusSeconds(3600)))
                .expirationTime(Date.from(Instant.now().minusSeconds(600))));
        assertUnauthenticated(() -> withToken(commands(), expired).createDocument(aDocument("Expired").build()));
        String otherIssuer = TOKENS.token("alice", List.of("writer"), claims -> claims.issuer("https://evil.test"));
        assertUnauthenticated(() -> withToken(commands(), otherIssuer).createDocument(aDocument("Issuer").build()));
        String otherAudience = TOKENS.token("alice", List.of("writer"), claims -> claims.audience("another-service"));
        assertUnauthenticated(() -> withToken(commands(), otherAudience).createDocument(aDocument("Audience").build()));
    }

    @Test
    @DisplayName("a reader may query but not change: a command is PERMISSION_DENIED")
    void readerCannotWrite() {
        String reader = TOKENS.token("rita", "reader");
        StatusRuntimeException denied = failure(() -> withToken(commands(), reader)
                .createDocument(aDocument("Not allowed").build()));
        assertThat(denied.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
        assertThat(reasonOf(denied)).isEqualTo("PERMISSION_DENIED");
        assertThat(withToken(queries(), reader).listDocuments(ListDocumentsRequest.getDefaultInstance()))
                .isNotNull();
    }

    @Test
    @DisplayName("a writer creates; the actor recorded is the token's subject, whatever x-actor says")
    void actorIsTheSubject() {
        Metadata spoofed = new Metadata();
        spoofed.put(CallerContext.ACTOR_HEADER, "mallory");
        CommandResult created = withToken(commands(), TOKENS.token("alice", "writer"))
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(spoofed))
                .createDocument(aDocument("Signed").build());
        assertThat(created.getVersion()).isEqualTo(1);

        DocumentQueryServiceBlockingStub reader = withToken(queries(), TOKENS.token("rita", "reader"));
        Document document = reader.getDocument(getAtLeast(created.getDocumentId(), 1));
        assertThat(document.getCreatedBy()).isEqualTo("alice");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(reader.listVersions(
                        ListVersionsRequest.newBuilder().setDocumentId(created.getDocumentId()).build()).getVersionsList())
                .extracting(VersionInfo::getChangedBy).containsExactly("alice"));
    }

    @Test
    @DisplayName("admin-only calls are refused to a writer and allowed to an admin")
    void adminOnly() {
        String writer = TOKENS.token("walt", "writer");
        AdminServiceBlockingStub writerAdmin = withToken(admin(), writer);
        assertPermissionDenied(() -> writerAdmin.getProjectionStatus(GetProjectionStatusRequest.getDefaultInstance()));
        assertPermissionDenied(() -> writerAdmin.replayProjections(ReplayProjectionsRequest.getDefaultInstance()).hasNext());
        assertPermissionDenied(() -> withToken(queries(), writer).getAuditTrail(GetAuditTrailRequest.getDefaultInstance()));

        String id = withToken(commands(), writer).createDocument(aDocument("Audited").build()).getDocumentId();
        assertThat(withToken(queries(), TOKENS.token("rita", "reader"))
                .getAuditTrail(GetAuditTrailRequest.newBuilder().setDocumentId(id).build())).isNotNull();

        String admin = TOKENS.token("ada", "admin");
        assertThat(withToken(admin(), admin).getProjectionStatus(GetProjectionStatusRequest.getDefaultInstance())
                .getProjectionsList()).isNotEmpty();
        assertThat(withToken(queries(), admin).getAuditTrail(GetAuditTrailRequest.getDefaultInstance())).isNotNull();
    }

    @Test
    @DisplayName("a token without a DocVault role may call nothing")
    void noRole() {
        assertPermissionDenied(() -> withToken(queries(), TOKENS.token("nobody", "superuser"))
                .listDocuments(ListDocumentsRequest.getDefaultInstance()));
    }

    @Test
    @DisplayName("health and reflection answer without a token")
    void healthAndReflectionOpen() throws Exception {
        assertThat(HealthGrpc.newBlockingStub(server.channel()).withDeadlineAfter(10, TimeUnit.SECONDS)
                .check(HealthCheckRequest.getDefaultInstance()).getStatus()).isEqualTo(ServingStatus.SERVING);
        List<String> services = Reflection.services(server.channel());
        assertThat(services).contains("docvault.v1.DocumentCommandService");
    }

    @Test
    @DisplayName("RS256 tokens verify against a public key file; HS256 tokens are then refused")
    void rs256(@TempDir Path dir) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair keys = generator.generateKeyPair();
        Path publicKey = dir.resolve("issuer-public.pem");
        Files.writeString(publicKey, "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(keys.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n");
        try (RunningServer rsa = RunningServer.on(TestDatabases.newDatabase(), Map.of(
                "docvault.auth.enabled", true,
                "docvault.auth.public-key-file", publicKey.toString(),
                "docvault.auth.issuer", Tokens.ISSUER))) {
            Tokens rs256 = Tokens.rs256(keys.getPrivate());
            CommandResult created = withToken(DocumentCommandServiceGrpc.newBlockingStub(rsa.channel()), rs256.token("rob", "writer"))
                    .withDeadlineAfter(30, TimeUnit.SECONDS)
                    .createDocument(aDocument("RSA").build());
            assertThat(withToken(DocumentQueryServiceGrpc.newBlockingStub(rsa.channel()), rs256.token("rob", "reader"))
                    .withDeadlineAfter(30, TimeUnit.SECONDS)
                    .getDocument(getAtLeast(created.getDocumentId(), 1)).getCreatedBy()).isEqualTo("rob");
            assertUnauthenticated(() -> withToken(DocumentCommandServiceGrpc.newBlockingStub(rsa.channel()),
                    TOKENS.token("rob", "writer")).withDeadlineAfter(30, TimeUnit.SECONDS)
                    .createDocument(aDocument("HMAC").build()));
        }
    }

    @Test
    @DisplayName("generation reads the template and stores its output with the caller's own token")
    void generationActsWithTheCallersToken() {
        org.junit.jupiter.api.Assumptions.assumeTrue(GenerationIT.libreOfficeInstalled(),
                "LibreOffice is not installed: the generation service answers UNAVAILABLE before reading templates");
        String writer = TOKENS.token("walt", "writer");
        String notDocx = withToken(commands(), writer).createDocument(aDocument("Plain text").build()).getDocumentId();
        withToken(queries(), writer).getDocument(getAtLeast(notDocx, 1));
        io.docvault.proto.v1.GenerateDocumentRequest request = io.docvault.proto.v1.GenerateDocumentRequest.newBuilder()
                .setTemplateId(notDocx).build();
        // The template was read through the server's own query service with walt's token: it is there, not DOCX.
        StatusRuntimeException refused = failure(() -> withToken(generation(), writer).generateDocument(request));
        assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(refused.getStatus().getDescription()).contains("template_id", "not DOCX");
        assertPermissionDenied(() -> withToken(generation(), TOKENS.token("rita", "reader")).generateDocument(request));
        assertUnauthenticated(() -> generation().generateDocument(request));
    }

    private static io.docvault.proto.v1.GenerationServiceGrpc.GenerationServiceBlockingStub generation() {
        return io.docvault.proto.v1.GenerationServiceGrpc.newBlockingStub(server.channel())
                .withDeadlineAfter(60, TimeUnit.SECONDS);
    }

    private static void assertUnauthenticated(ThrowingCallable call) {
        StatusRuntimeException failure = failure(call);
        assertThat(failure.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
        assertThat(reasonOf(failure)).isEqualTo("UNAUTHENTICATED");
    }

    private static void assertPermissionDenied(ThrowingCallable call) {
        assertThat(failure(call).getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
    }

    private static DocumentCommandServiceBlockingStub commands() {
        return DocumentCommandServiceGrpc.newBlockingStub(server.channel()).withDeadlineAfter(30, TimeUnit.SECONDS);
    }

    private static DocumentQueryServiceBlockingStub queries() {
        return DocumentQueryServiceGrpc.newBlockingStub(server.channel()).withDeadlineAfter(30, TimeUnit.SECONDS);
    }

    private static AdminServiceBlockingStub admin() {
        return AdminServiceGrpc.newBlockingStub(server.channel()).withDeadlineAfter(30, TimeUnit.SECONDS);
    }
}
