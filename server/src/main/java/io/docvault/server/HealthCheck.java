package io.docvault.server;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import java.util.concurrent.TimeUnit;

/**
 * A gRPC health probe that needs nothing but the server jar (or image): exits 0 when the server at
 * {@code host:port} (default {@code 127.0.0.1:$DOCVAULT_GRPC_PORT}, else 50051) reports SERVING for
 * the service named by the second argument (default: the whole server), else 1. Run it with
 * {@code java -Dloader.main=io.docvault.server.HealthCheck -jar docvault-server.jar 127.0.0.1:50051}.
 */
public final class HealthCheck {

    private static final long TIMEOUT_SECONDS = 5;

    private HealthCheck() {
    }

    public static void main(String[] args) throws InterruptedException {
        String target = args.length > 0 ? args[0] : "127.0.0.1:" + defaultPort();
        String service = args.length > 1 ? args[1] : "";
        ManagedChannel channel = ManagedChannelBuilder.forTarget(target).usePlaintext().build();
        int exitCode;
        try {
            HealthCheckResponse response = HealthGrpc.newBlockingStub(channel)
                    .withDeadlineAfter(TIMEOUT_SECONDS, TimeUnit.SECONDS)
                    .check(HealthCheckRequest.newBuilder().setService(service).build());
            System.out.println(target + " " + response.getStatus());
            exitCode = response.getStatus() == HealthCheckResponse.ServingStatus.SERVING ? 0 : 1;
        } catch (StatusRuntimeException e) {
            System.out.println(target + " " + e.getStatus().getCode() + ": " + e.getStatus().getDescription());
            exitCode = 1;
        } finally {
            channel.shutdownNow().awaitTermination(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }
        System.exit(exitCode);
    }

    private static String defaultPort() {
        String port = System.getenv("DOCVAULT_GRPC_PORT");
        return port == null || port.isBlank() ? "50051" : port.strip();
    }
}
