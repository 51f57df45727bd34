package io.docvault.common.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.docvault.api.error.DocumentNotFoundException;
import io.grpc.BindableService;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.ServerCalls;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * {@code docvault.log.format=json} through Spring Boot's real logging system (this module has no
 * logback configuration of its own, like the server jar): every line on standard output is a JSON
 * object, and lines logged while serving a call carry its request id, which the response echoes.
 */
@ExtendWith(OutputCaptureExtension.class)
class JsonLogsTest {

    private static final Logger log = LoggerFactory.getLogger(JsonLogsTest.class);
    private static final Pattern UUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final MethodDescriptor.Marshaller<String> TEXT = new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(String value) {
            return new ByteArrayInputStream(value.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public String parse(InputStream stream) {
            try {
                return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    };
    private static final MethodDescriptor<String, String> ECHO = MethodDescriptor.<String, String>newBuilder()
            .setType(MethodDescriptor.MethodType.UNARY)
            .setFullMethodName("test.Echo/Say")
            .setRequestMarshaller(TEXT)
            .setResponseMarshaller(TEXT)
            .build();

    @Configuration(proxyBeanMethods = false)
    @Import(GrpcServerConfiguration.class)
    static class EchoApplication {
        /** Logs each request; "missing" fails as a domain error, which the mapper turns into NOT_FOUND. */
        @Bean
        BindableService echo() {
            return () -> ServerServiceDefinition.builder("test.Echo")
                    .addMethod(ECHO, ServerCalls.asyncUnaryCall((request, response) -> {
                        log.info("echo {}", request);
                        if (request.equals("missing")) {
                            throw new DocumentNotFoundException(request);
                        }
                        response.onNext(request);
                        response.onCompleted();
                    }))
                    .build();
        }
    }

    @Test
    @DisplayName("with DOCVAULT_LOG_FORMAT=json every line is JSON, and call logs carry the echoed request id")
    void jsonLinesCarryTheRequestId(CapturedOutput output) throws Exception {
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(EchoApplication.class)
                .web(WebApplicationType.NONE)
                .bannerMode(Banner.Mode.OFF)
                .run("--docvault.log.format=json", "--docvault.grpc.port=0", "--docvault.grpc.shutdown-grace=1s")) {
            ManagedChannel channel = ManagedChannelBuilder
                    .forAddress("127.0.0.1", context.getBean(GrpcServerLifecycle.class).port())
                    .usePlaintext().build();
            try {
                Call given = call(channel, "hello", "req-given-1");
                assertThat(given.status()).isEqualTo(Status.Code.OK);
                assertThat(given.headers().get(RequestIds.HEADER)).isEqualTo("req-given-1");

                Call generated = call(channel, "no id", null);
                String generatedId = generated.headers().get(RequestIds.HEADER);
                assertThat(generatedId).matches(UUID);

                // A call that fails sends no headers: the id travels in the trailers.
                Call failed = call(channel, "missing", "req-failed-1");
                assertThat(failed.status()).isEqualTo(Status.Code.NOT_FOUND);
                assertThat(failed.trailers().get(RequestIds.HEADER)).isEqualTo("req-failed-1");

                List<JsonNode> lines = jsonLines(output);
                assertThat(requestIdOf(lines, "echo hello")).isEqualTo("req-given-1");
                assertThat(requestIdOf(lines, "echo no id")).isEqualTo(generatedId);
                assertThat(requestIdOf(lines, "echo missing")).isEqualTo("req-failed-1");
                assertThat(lines).allSatisfy(line -> assertThat(line.has("@timestamp")).isTrue());

                log.info("outside any call");
                assertThat(jsonLines(output)).filteredOn(line -> line.path("message").asText().equals("outside any call"))
                        .singleElement().satisfies(line -> assertThat(line.has(RequestIds.MDC_KEY)).isFalse());
            } finally {
                channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
        }
    }

    /** Every non-blank line of standard output, each of which must be a JSON object. */
    private static List<JsonNode> jsonLines(CapturedOutput output) throws IOException {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : output.getOut().split("\n")) {
            if (!line.isBlank()) {
                JsonNode node = JSON.readTree(line);
                assertThat(node.isObject()).as(line).isTrue();
                lines.add(node);
            }
        }
        assertThat(lines).isNotEmpty();
        return lines;
    }

    private static String requestIdOf(List<JsonNode> lines, String message) {
        return lines.stream()
                .filter(line -> line.path("message").asText().equals(message))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no log line " + message))
                .path(RequestIds.MDC_KEY).asText(null);
    }

    private record Call(Status.Code status, Metadata headers, Metadata trailers) {
    }

    private static Call call(ManagedChannel channel, String request, String requestId) {
        AtomicReference<Metadata> headers = new AtomicReference<>(new Metadata());
        AtomicReference<Metadata> trailers = new AtomicReference<>(new Metadata());
        Metadata sent = new Metadata();
        if (requestId != null) {
            sent.put(RequestIds.HEADER, requestId);
        }
        var interceptedChannel = io.grpc.ClientInterceptors.intercept(channel,
                MetadataUtils.newAttachHeadersInterceptor(sent),
                MetadataUtils.newCaptureMetadataInterceptor(headers, trailers));
        try {
            ClientCalls.blockingUnaryCall(interceptedChannel, ECHO,
                    io.grpc.CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS), request);
            return new Call(Status.Code.OK, headers.get(), trailers.get());
        } catch (StatusRuntimeException e) {
            return new Call(e.getStatus().getCode(), headers.get() == null ? new Metadata() : headers.get(),
                    trailers.get() == null ? new Metadata() : trailers.get());
        }
    }
}
