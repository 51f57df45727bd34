package io.docvault.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The standard services share the port: gRPC health and server reflection. */
class ServerIT extends OneServerPerClass {

    @Test
    @DisplayName("health reports SERVING for the server and for each DocVault service")
    void health() {
        HealthGrpc.HealthBlockingStub health = HealthGrpc.newBlockingStub(server.channel());
        for (String service : List.of("", "docvault.v1.DocumentCommandService", "docvault.v1.DocumentQueryService")) {
            assertThat(health.check(HealthCheckRequest.newBuilder().setService(service).build()).getStatus())
                    .as(service).isEqualTo(ServingStatus.SERVING);
        }
    }

    @Test
    @DisplayName("reflection lists the DocVault services")
    void reflection() throws Exception {
        List<String> services = Reflection.services(server.channel());
        assertThat(services).contains("docvault.v1.DocumentCommandService", "docvault.v1.DocumentQueryService",
                "grpc.health.v1.Health");
    }
}
