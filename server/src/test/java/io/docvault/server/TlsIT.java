package io.docvault.server;

import static io.docvault.server.Requests.aDocument;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.docvault.common.grpc.GrpcServerLifecycle;
import io.docvault.proto.v1.DocumentCommandServiceGrpc;
import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsChannelCredentials;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TLS on the gRPC port from PEM files, and mTLS with a client CA, against real servers. */
class TlsIT {

    @TempDir
    static Path dir;

    private static TestCertificates.Authority serverCa;
    private static TestCertificates.Authority clientCa;
    private static RunningServer tls;
    private static RunningServer mtls;

    @BeforeAll
    static void startServers() {
        serverCa = TestCertificates.authority(dir, "server-ca");
        clientCa = TestCertificates.authority(dir, "client-ca");
        TestCertificates.Issued serverCertificate = TestCertificates.server(dir, serverCa);
        tls = RunningServer.on(TestDatabases.newDatabase(), Map.of(
                "docvault.tls.cert-file", serverCertificate.certificateFile().toString(),
                "docvault.tls.key-file", serverCertificate.keyFile().toString()));
        mtls = RunningServer.on(TestDatabases.newDatabase(), Map.of(
                "docvault.tls.cert-file", serverCertificate.certificateFile().toString(),
                "docvault.tls.key-file", serverCertificate.keyFile().toString(),
                "docvault.tls.client-ca-file", clientCa.certificateFile().toString()));
    }

    @AfterAll
    static void stopServers() {
        tls.close();
        mtls.close();
    }

    @Test
    @DisplayName("a TLS client trusting the server's CA gets through, commands included")
    void tlsClient() throws IOException {
        ManagedChannel channel = channel(tls, TlsChannelCredentials.newBuilder()
                .trustManager(serverCa.certificateFile().toFile()).build());
        try {
            assertThat(health(channel)).isEqualTo(ServingStatus.SERVING);
            assertThat(DocumentCommandServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS)
                    .createDocument(aDocument("Over TLS").build()).getVersion()).isEqualTo(1);
        } finally {
            channel.shutdownNow();
        }
    }

    @Test
    @DisplayName("a plaintext client, or one that does not trust the server's CA, fails")
    void plaintextClient() throws IOException {
        assertFails(channel(tls, InsecureChannelCredentials.create()));
        assertFails(channel(tls, TlsChannelCredentials.newBuilder()
                .trustManager(clientCa.certificateFile().toFile()).build()));
    }

    @Test
    @DisplayName("with mTLS a client without a certificate fails, one signed by the client CA gets through")
    void mutualTls() throws IOException {
        assertFails(channel(mtls, TlsChannelCredentials.newBuilder()
                .trustManager(serverCa.certificateFile().toFile()).build()));

        TestCertificates.Authority strangerCa = TestCertificates.authority(dir, "stranger-ca");
        TestCertificates.Issued stranger = TestCertificates.client(dir, strangerCa, "stranger");
        assertFails(channel(mtls, TlsChannelCredentials.newBuilder()
                .trustManager(serverCa.certificateFile().toFile())
                .keyManager(stranger.certificateFile().toFile(), stranger.keyFile().toFile()).build()));

        TestCertificates.Issued client = TestCertificates.client(dir, clientCa, "backend");
        ManagedChannel channel = channel(mtls, TlsChannelCredentials.newBuilder()
                .trustManager(serverCa.certificateFile().toFile())
                .keyManager(client.certificateFile().toFile(), client.keyFile().toFile()).build());
        try {
            assertThat(health(channel)).isEqualTo(ServingStatus.SERVING);
            assertThat(DocumentCommandServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS)
                    .createDocument(aDocument("Over mTLS").build()).getVersion()).isEqualTo(1);
        } finally {
            channel.shutdownNow();
        }
    }

    private static ManagedChannel channel(RunningServer server, ChannelCredentials credentials) {
        return Grpc.newChannelBuilderForAddress("127.0.0.1", server.bean(GrpcServerLifecycle.class).port(), credentials)
                .build();
    }

    private static ServingStatus health(ManagedChannel channel) {
        return HealthGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
                .check(HealthCheckRequest.getDefaultInstance()).getStatus();
    }

    private static void assertFails(ManagedChannel channel) {
        try {
            StatusRuntimeException failure = catchThrowableOfType(StatusRuntimeException.class, () -> health(channel));
            assertThat(failure).as("the call should have failed").isNotNull();
            assertThat(failure.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
        } finally {
            channel.shutdownNow();
        }
    }
}
