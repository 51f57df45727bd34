package io.docvault.common.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.docvault.common.config.DocVaultProperties;
import io.docvault.common.grpc.ErrorMappingInterceptor;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.ServerCalls;
import io.grpc.testing.TestMethodDescriptors;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The interceptor's default deny, for a service no rule names (a real server has none such yet). */
class AuthenticationInterceptorTest {

    private static final String SECRET = "a-test-secret-of-at-least-32-bytes-length";

    private Server server;
    private ManagedChannel channel;

    @AfterEach
    void stop() {
        channel.shutdownNow();
        server.shutdownNow();
    }

    @Test
    @DisplayName("a service without an access rule is refused even to an admin; without a token it is UNAUTHENTICATED")
    void unlistedServiceIsDenied() throws Exception {
        MethodDescriptor<Void, Void> method = TestMethodDescriptors.voidMethod();
        assertThat(AccessPolicy.requiredRole(method.getFullMethodName())).isEmpty();
        start(ServerServiceDefinition.builder(method.getServiceName())
                .addMethod(method, ServerCalls.asyncUnaryCall((request, response) -> {
                    response.onNext(null);
                    response.onCompleted();
                }))
                .build());

        assertThat(call(method, null).getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
        assertThat(call(method, token("ada", "admin")).getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
    }

    private void start(ServerServiceDefinition service) throws IOException {
        AuthenticationInterceptor authentication = new AuthenticationInterceptor(TokenVerifier.fromSettings(
                new DocVaultProperties.Auth(true, SECRET, null, null, "", "", Duration.ofSeconds(60), "roles"),
                Clock.systemUTC()));
        String name = InProcessServerBuilder.generateName();
        server = InProcessServerBuilder.forName(name).directExecutor()
                .addService(ServerInterceptors.intercept(service, authentication, new ErrorMappingInterceptor()))
                .build().start();
        channel = InProcessChannelBuilder.forName(name).directExecutor().build();
    }

    private StatusRuntimeException call(MethodDescriptor<Void, Void> method, String token) {
        Metadata headers = new Metadata();
        if (token != null) {
            headers.put(AuthenticationInterceptor.AUTHORIZATION, "Bearer " + token);
        }
        Channel authorized = ClientInterceptors.intercept(channel, MetadataUtils.newAttachHeadersInterceptor(headers));
        StatusRuntimeException failure = catchThrowableOfType(StatusRuntimeException.class, () ->
                ClientCalls.blockingUnaryCall(authorized, method, CallOptions.DEFAULT.withDeadlineAfter(5, TimeUnit.SECONDS),
                        null));
        assertThat(failure).as("the call should have failed").isNotNull();
        return failure;
    }

    private static String token(String subject, String role) throws JOSEException {
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), new JWTClaimsSet.Builder()
                .subject(subject)
                .expirationTime(Date.from(Instant.now().plusSeconds(300)))
                .claim("roles", List.of(role))
                .build());
        jwt.sign(new MACSigner(SECRET.getBytes()));
        return jwt.serialize();
    }
}
