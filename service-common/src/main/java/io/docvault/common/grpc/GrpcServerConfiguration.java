package io.docvault.common.grpc;

import io.docvault.common.config.DocVaultProperties;
import io.grpc.BindableService;
import io.grpc.ServerInterceptor;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Serves every gRPC service bean of the application on one port; {@link ServerInterceptor} beans (such
 * as the metrics interceptor) wrap every call, in their {@code @Order}.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(DocVaultProperties.class)
public class GrpcServerConfiguration {

    @Bean
    CallThreads callThreads(DocVaultProperties properties) {
        return new CallThreads(properties.grpc());
    }

    @Bean
    GrpcServerLifecycle grpcServer(DocVaultProperties properties, CallThreads callThreads,
                                   List<BindableService> services, ObjectProvider<ServerInterceptor> interceptors) {
        return new GrpcServerLifecycle(properties, callThreads, services, interceptors.orderedStream().toList());
    }
}
