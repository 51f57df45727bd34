package io.docvault.generation.infrastructure;

import io.docvault.common.config.DocVaultProperties;
import io.docvault.common.grpc.GrpcServerLifecycle;
import io.docvault.generation.application.DocumentGenerations;
import io.docvault.generation.application.GenerationQueue;
import io.docvault.generation.application.Uploads;
import io.docvault.generation.engine.GenerationEngine;
import io.docvault.generation.grpc.GenerationGrpcService;
import io.docvault.proto.v1.GenerationServiceGrpc;
import io.grpc.Channel;
import io.grpc.ClientInterceptor;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Document generation in a DocVault server: the office pool, the bounded queue, the use case over
 * DocVault's own document services, and the gRPC service. Templates are read and outputs stored over
 * a loopback channel to this server's port, or to {@code docvault.generation.documents-target}.
 */
@Configuration(proxyBeanMethods = false)
public class GenerationConfiguration {

    /** Bounds calls to the document services that run outside any gRPC call's deadline. */
    static final Duration DOCUMENT_CALL_TIMEOUT = Duration.ofSeconds(30);
    /** Templates and outputs can be as large as the content limit; leave room above it. */
    static final int MAX_MESSAGE_BYTES = 64 * 1024 * 1024;

    @Bean(destroyMethod = "close")
    OfficePdfConverter officePdfConverter(DocVaultProperties properties) {
        DocVaultProperties.Generation generation = properties.generation();
        Optional<Path> home = generation.officeHome().isBlank() ? Optional.empty() : Optional.of(Path.of(generation.officeHome()));
        return OfficePdfConverter.create(home, generation.poolSize(), generation.taskTimeout());
    }

    @Bean(destroyMethod = "close")
    GenerationQueue generationQueue(DocVaultProperties properties) {
        DocVaultProperties.Generation generation = properties.generation();
        int held = generation.poolSize() + generation.queueSize();
        if (generation.documentsTarget().isBlank() && properties.grpc().callThreads() <= held) {
            // Each running or waiting generation holds a call thread, and its own calls to this server's
            // document services need free ones: with no thread left over, they would wait for each other.
            throw new IllegalStateException("docvault.grpc.call-threads (" + properties.grpc().callThreads()
                    + ") must exceed docvault.generation.pool-size + queue-size (" + held + ")");
        }
        return new GenerationQueue(generation.poolSize(), generation.queueSize());
    }

    @Bean
    DocumentsChannel documentsChannel(DocVaultProperties properties, ObjectProvider<GrpcServerLifecycle> server) {
        String target = properties.generation().documentsTarget();
        if (target.isBlank()) {
            // This server itself: its calls are admitted as steps of the generation call they serve.
            return new DocumentsChannel(() -> "127.0.0.1:" + server.getObject().port(),
                    () -> List.of(server.getObject().ownCalls()));
        }
        return new DocumentsChannel(() -> target, List::of);
    }

    @Bean
    DocumentGenerations documentGenerations(OfficePdfConverter converter, DocumentsChannel channel,
                                            DocVaultProperties properties) {
        DocVaultDocuments documents = DocVaultDocuments.forCurrentCaller(channel, DOCUMENT_CALL_TIMEOUT);
        Uploads uploads = properties.uploads().enabled()
                ? new UploadsFolder(Path.of(properties.uploads().dir()))
                : Uploads.none();
        return new DocumentGenerations(documents, new GenerationEngine(converter), documents, uploads);
    }

    @Bean
    GenerationGrpcService generationGrpcService(DocumentGenerations generations, GenerationQueue queue,
                                                OfficePdfConverter converter, ObjectProvider<GrpcServerLifecycle> server) {
        String name = GenerationServiceGrpc.SERVICE_NAME;
        return new GenerationGrpcService(generations, queue, converter::available, serving ->
                server.getObject().health().setStatus(name, serving ? ServingStatus.SERVING : ServingStatus.NOT_SERVING));
    }

    /** The channel to the document services, opened on first use (this server's port is known only once it listens). */
    static final class DocumentsChannel implements Supplier<Channel>, DisposableBean {

        private final Supplier<String> target;
        private final Supplier<List<ClientInterceptor>> interceptors;
        private ManagedChannel channel;
        private Channel intercepted;

        DocumentsChannel(Supplier<String> target, Supplier<List<ClientInterceptor>> interceptors) {
            this.target = target;
            this.interceptors = interceptors;
        }

        @Override
        public synchronized Channel get() {
            if (channel == null) {
                channel = ManagedChannelBuilder.forTarget(target.get())
                        .usePlaintext()
                        .maxInboundMessageSize(MAX_MESSAGE_BYTES)
                        .build();
                intercepted = ClientInterceptors.intercept(channel, interceptors.get());
            }
            return intercepted;
        }

        @Override
        public synchronized void destroy() throws InterruptedException {
            if (channel != null) {
                channel.shutdown();
                if (!channel.awaitTermination(5, TimeUnit.SECONDS)) {
                    channel.shutdownNow();
                }
            }
        }
    }
}
