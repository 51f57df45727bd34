package io.docvault.server;

import static io.docvault.server.Requests.aDocument;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.InvalidProtocolBufferException;
import io.docvault.client.DocVaultClient;
import io.docvault.client.RetryPolicy;
import io.docvault.common.grpc.GrpcServerLifecycle;
import io.docvault.proto.v1.CommandResult;
import io.docvault.proto.v1.CreateDocumentRequest;
import io.docvault.proto.v1.DeleteDocumentRequest;
import io.docvault.proto.v1.Document;
import io.docvault.proto.v1.GenerateDocumentRequest;
import io.docvault.proto.v1.ListVersionsRequest;
import io.docvault.proto.v1.UpdateDocumentRequest;
import io.docvault.proto.v1.VersionInfo;
import io.grpc.Grpc;
import io.grpc.HandlerRegistry;
import io.grpc.InsecureServerCredentials;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerCredentials;
import io.grpc.ServerMethodDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsServerCredentials;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The client SDK against the real server, through a proxy that injects failures. */
class ClientIT extends OneServerPerClass {

    private static final RetryPolicy QUICK_RETRIES =
            new RetryPolicy(4, Duration.ofMillis(20), Duration.ofMillis(200), 2.0, 0.2);

    private static FlakyProxy proxy;

    @BeforeAll
    static void startProxy() {
        proxy = new FlakyProxy(server.channel());
    }

    @AfterAll
    static void stopProxy() {
        proxy.close();
    }

    @Test
    @DisplayName("a create whose response is lost with UNAVAILABLE is retried with the same request_id and stored once")
    void retriedCreateLandsOnce() throws Exception {
        String title = "Retried " + UUID.randomUUID();
        proxy.failNext(2, Status.Code.UNAVAILABLE, FlakyProxy.When.AFTER_FORWARDING);
        int before = proxy.attempts("CreateDocument").size();

        CommandResult created;
        try (DocVaultClient client = viaProxy().retryPolicy(QUICK_RETRIES).build()) {
            created = client.create(aDocument(title).build());
        }

        List<FlakyProxy.Attempt> attempts = proxy.attempts("CreateDocument").subList(before, before + 3);
        assertThat(proxy.attempts("CreateDocument")).hasSize(before + 3);
        List<String> keys = attempts.stream().map(a -> parse(a.request()).getRequestId()).distinct().toList();
        assertThat(keys).hasSize(1);
        assertThat(keys.get(0)).isNotBlank();
        assertThat(created.getVersion()).isEqualTo(1);
        // Every attempt reached the server; the event store holds one creation of this document.
        Integer creations = server.jdbc().queryForObject(
                "SELECT count(*) FROM domain_event_entry WHERE payload_type LIKE '%DocumentCreatedEvent' "
                        + "AND convert_from(payload, 'UTF8') LIKE ?", Integer.class, "%" + title + "%");
        assertThat(creations).isEqualTo(1);
    }

    @Test
    @DisplayName("a caller's own request_id is kept on every attempt")
    void callersKeyIsKept() {
        proxy.failNext(1, Status.Code.UNAVAILABLE, FlakyProxy.When.BEFORE_FORWARDING);
        int before = proxy.attempts("CreateDocument").size();
        try (DocVaultClient client = viaProxy().retryPolicy(QUICK_RETRIES).build()) {
            client.create(aDocument("Keyed").setRequestId("my-key-1").build());
        }
        assertThat(proxy.attempts("CreateDocument").subList(before, proxy.attempts("CreateDocument").size()))
                .extracting(a -> parse(a.request()).getRequestId())
                .containsExactly("my-key-1", "my-key-1");
    }

    @Test
    @DisplayName("retries on UNAVAILABLE stop after the policy's attempts and the failure reaches the caller")
    void retriesAreBounded() {
        proxy.failNext(100, Status.Code.UNAVAILABLE, FlakyProxy.When.BEFORE_FORWARDING);
        int before = proxy.attempts("ListVersions").size();
        try (DocVaultClient client = viaProxy().retryPolicy(QUICK_RETRIES).build()) {
            StatusRuntimeException failure = catchThrowableOfType(StatusRuntimeException.class,
                    () -> client.listVersions(ListVersionsRequest.newBuilder().setDocumentId(UUID.randomUUID().toString()).build()));
            assertThat(failure.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
        } finally {
            proxy.failNext(0, Status.Code.UNAVAILABLE, FlakyProxy.When.BEFORE_FORWARDING);
        }
        assertThat(proxy.attempts("ListVersions")).hasSize(before + QUICK_RETRIES.maxAttempts());
    }

    @ParameterizedTest
    @EnumSource(value = Status.Code.class, names = {"NOT_FOUND", "INVALID_ARGUMENT", "ALREADY_EXISTS",
        "FAILED_PRECONDITION", "RESOURCE_EXHAUSTED", "UNAUTHENTICATED", "PERMISSION_DENIED", "INTERNAL",
        "DEADLINE_EXCEEDED", "UNKNOWN"})
    @DisplayName("any code but UNAVAILABLE fails the call at once, without a retry")
    void otherCodesAreNotRetried(Status.Code code) {
        proxy.failNext(1, code, FlakyProxy.When.BEFORE_FORWARDING);
        int before = proxy.attempts("CreateDocument").size();
        try (DocVaultClient client = viaProxy().retryPolicy(QUICK_RETRIES).build()) {
            StatusRuntimeException failure = catchThrowableOfType(StatusRuntimeException.class,
                    () -> client.create(aDocument("Not retried").build()));
            assertThat(failure.getStatus().getCode()).isEqualTo(code);
        } finally {
            proxy.failNext(0, Status.Code.UNAVAILABLE, FlakyProxy.When.BEFORE_FORWARDING);
        }
        assertThat(proxy.attempts("CreateDocument")).hasSize(before + 1);
    }

    @Test
    @DisplayName("a NOT_FOUND from the real server is not retried")
    void realNotFoundIsNotRetried() {
        int before = proxy.attempts("GetDocument").size();
        try (DocVaultClient client = viaProxy().retryPolicy(QUICK_RETRIES).build()) {
            StatusRuntimeException failure = catchThrowableOfType(StatusRuntimeException.class,
                    () -> client.get(UUID.randomUUID().toString()));
            assertThat(failure.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
        }
        assertThat(proxy.attempts("GetDocument")).hasSize(before + 1);
    }

    @Test
    @DisplayName("a server that never answers fails the call with DEADLINE_EXCEEDED at the deadline, once")
    void deadlineIsHonoured() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        Server silent = silentServer(calls);
        try (DocVaultClient client = DocVaultClient.builder().target("127.0.0.1:" + silent.getPort())
                .timeout(Duration.ofMillis(300)).retryPolicy(QUICK_RETRIES).build()) {
            // A first call connects, so that the timed one measures the deadline, not the connection set-up.
            catchThrowableOfType(StatusRuntimeException.class,
                    () -> client.withTimeout(Duration.ofSeconds(2)).get(UUID.randomUUID().toString()));
            assertThat(calls).hasValue(1);

            long started = System.nanoTime();
            StatusRuntimeException failure = catchThrowableOfType(StatusRuntimeException.class,
                    () -> client.get(UUID.randomUUID().toString()));
            Duration took = Duration.ofNanos(System.nanoTime() - started);

            assertThat(failure.getStatus().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
            assertThat(took).isBetween(Duration.ofMillis(250), Duration.ofSeconds(3));
            // DEADLINE_EXCEEDED is not retried: the server sees the timed call once and no further attempt.
            await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(3)).until(() -> calls.get() == 2);
        } finally {
            silent.shutdownNow();
        }
    }

    @Test
    @DisplayName("generation runs under its own, longer deadline")
    void generationDeadline() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        Server silent = silentServer(calls);
        try (DocVaultClient client = DocVaultClient.builder().target("127.0.0.1:" + silent.getPort())
                .timeout(Duration.ofMillis(100)).generationTimeout(Duration.ofMillis(800)).build()) {
            long started = System.nanoTime();
            StatusRuntimeException failure = catchThrowableOfType(StatusRuntimeException.class,
                    () -> client.generate(GenerateDocumentRequest.newBuilder().setTemplateId(UUID.randomUUID().toString()).build()));
            Duration took = Duration.ofNanos(System.nanoTime() - started);

            assertThat(failure.getStatus().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
            assertThat(took).isBetween(Duration.ofMillis(750), Duration.ofSeconds(4));
        } finally {
            silent.shutdownNow();
        }
    }

    @Test
    @DisplayName("getAfter returns the version a command wrote, including a delete's")
    void readYourWrites() {
        try (DocVaultClient client = DocVaultClient.builder().target("127.0.0.1:" + serverPort()).build()) {
            CommandResult created = client.create(aDocument("Draft").build());
            CommandResult updated = client.update(UpdateDocumentRequest.newBuilder()
                    .setDocumentId(created.getDocumentId()).setTitle("Final").build());

            Document afterUpdate = client.getAfter(updated);
            assertThat(afterUpdate.getVersion()).isEqualTo(2);
            assertThat(afterUpdate.getTitle()).isEqualTo("Final");

            CommandResult deleted = client.delete(DeleteDocumentRequest.newBuilder()
                    .setDocumentId(created.getDocumentId()).setReason("done").build());
            Document afterDelete = client.getAfter(deleted);
            assertThat(afterDelete.getVersion()).isEqualTo(3);
            assertThat(afterDelete.getDeleted()).isTrue();
        }
    }

    @Test
    @DisplayName("the actor and bearer token options travel as x-actor and authorization headers")
    void headers() {
        int before = proxy.attempts("CreateDocument").size();
        CommandResult created;
        try (DocVaultClient client = viaProxy().actor("carol").bearerToken("s3cret").build()) {
            created = client.create(aDocument("Signed").build());
            client.getAfter(created);
            List<VersionInfo> history = client.listVersions(ListVersionsRequest.newBuilder()
                    .setDocumentId(created.getDocumentId()).build()).getVersionsList();
            assertThat(history).extracting(VersionInfo::getChangedBy).containsExactly("carol");
        }
        FlakyProxy.Attempt attempt = proxy.attempts("CreateDocument").get(before);
        assertThat(attempt.headers().get(DocVaultClient.AUTHORIZATION_HEADER)).isEqualTo("Bearer s3cret");
        assertThat(attempt.headers().get(DocVaultClient.ACTOR_HEADER)).isEqualTo("carol");
    }

    @Test
    @DisplayName("with tls(ca) the client talks TLS and checks the server's certificate; plain text to a TLS port fails")
    void tls(@TempDir Path dir) throws Exception {
        TestCertificates.Authority serverCa = TestCertificates.authority(dir, "server-ca");
        TestCertificates.Issued serverCertificate = TestCertificates.server(dir, serverCa);
        try (FlakyProxy tlsProxy = new FlakyProxy(server.channel(), TlsServerCredentials.create(
                serverCertificate.certificateFile().toFile(), serverCertificate.keyFile().toFile()))) {
            try (DocVaultClient client = DocVaultClient.builder().target("127.0.0.1:" + tlsProxy.port())
                    .tls(serverCa.certificateFile()).build()) {
                assertThat(client.projectionStatus().getProjectionsList()).isNotEmpty();
            }
            assertThat(tlsProxy.attempts("GetProjectionStatus")).hasSize(1);
            assertFailsToConnect(DocVaultClient.builder().target("127.0.0.1:" + tlsProxy.port()));
            // The JVM's default authorities do not know this CA.
            assertFailsToConnect(DocVaultClient.builder().target("127.0.0.1:" + tlsProxy.port()).tls());
            assertThat(tlsProxy.attempts("GetProjectionStatus")).hasSize(1);
        }
    }

    @Test
    @DisplayName("with mutualTls the client presents its certificate; the CLI does so with --client-cert and --client-key")
    void mutualTls(@TempDir Path dir) throws Exception {
        TestCertificates.Authority serverCa = TestCertificates.authority(dir, "server-ca");
        TestCertificates.Authority clientCa = TestCertificates.authority(dir, "client-ca");
        TestCertificates.Issued serverCertificate = TestCertificates.server(dir, serverCa);
        TestCertificates.Issued clientCertificate = TestCertificates.client(dir, clientCa, "backend");
        ServerCredentials requireClients = TlsServerCredentials.newBuilder()
                .keyManager(serverCertificate.certificateFile().toFile(), serverCertificate.keyFile().toFile())
                .trustManager(clientCa.certificateFile().toFile())
                .clientAuth(TlsServerCredentials.ClientAuth.REQUIRE)
                .build();
        try (FlakyProxy mtlsProxy = new FlakyProxy(server.channel(), requireClients)) {
            String target = "127.0.0.1:" + mtlsProxy.port();
            assertFailsToConnect(DocVaultClient.builder().target(target).tls(serverCa.certificateFile()));
            try (DocVaultClient client = DocVaultClient.builder().target(target)
                    .mutualTls(serverCa.certificateFile(), clientCertificate.certificateFile(), clientCertificate.keyFile())
                    .build()) {
                assertThat(client.projectionStatus().getProjectionsList()).isNotEmpty();
            }
            CliIT.Run status = CliIT.run(Map.of("DOCVAULT_TARGET", target), "status", "--json",
                    "--ca-cert", serverCa.certificateFile().toString(),
                    "--client-cert", clientCertificate.certificateFile().toString(),
                    "--client-key", clientCertificate.keyFile().toString());
            assertThat(status.exit()).as(status.err()).isZero();
            assertThat(CliIT.run(Map.of("DOCVAULT_TARGET", target), "status",
                    "--client-cert", clientCertificate.certificateFile().toString(),
                    "--client-key", clientCertificate.keyFile().toString()).exit()).isEqualTo(2);
            assertThat(mtlsProxy.attempts("GetProjectionStatus")).hasSize(2);
        }
    }

    /** The call fails with UNAVAILABLE: the TLS handshake does not succeed. */
    private static void assertFailsToConnect(DocVaultClient.Builder builder) {
        try (DocVaultClient client = builder.timeout(Duration.ofSeconds(5)).retryPolicy(RetryPolicy.NONE).build()) {
            StatusRuntimeException failure = catchThrowableOfType(StatusRuntimeException.class, client::projectionStatus);
            assertThat(failure.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
        }
    }

    private static DocVaultClient.Builder viaProxy() {
        return DocVaultClient.builder().target("127.0.0.1:" + proxy.port());
    }

    private static int serverPort() {
        return server.bean(GrpcServerLifecycle.class).port();
    }

    private static CreateDocumentRequest parse(byte[] request) {
        try {
            return CreateDocumentRequest.parseFrom(request);
        } catch (InvalidProtocolBufferException e) {
            throw new AssertionError(e);
        }
    }

    /** A plain gRPC server that accepts every call and never answers it. */
    private static Server silentServer(AtomicInteger calls) throws IOException {
        ServerCallHandler<byte[], byte[]> neverAnswers = (call, headers) -> {
            calls.incrementAndGet();
            call.request(1);
            return new ServerCall.Listener<>() {
            };
        };
        return Grpc.newServerBuilderForPort(0, InsecureServerCredentials.create())
                .fallbackHandlerRegistry(new HandlerRegistry() {
                    @Override
                    public ServerMethodDefinition<?, ?> lookupMethod(String methodName, String authority) {
                        return ServerMethodDefinition.create(MethodDescriptor.newBuilder(FlakyProxy.BYTES, FlakyProxy.BYTES)
                                .setFullMethodName(methodName).setType(MethodDescriptor.MethodType.UNARY).build(), neverAnswers);
                    }
                })
                .build()
                .start();
    }
}
