package io.docvault.common.grpc;

import io.docvault.common.config.DocVaultProperties;
import io.grpc.BindableService;
import java.util.List;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Serves every gRPC service bean of the application on one port. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(DocVaultProperties.class)
public class GrpcServerConfiguration {

    @Bean
    GrpcServerLifecycle grpcServer(DocVaultProperties properties, List<BindableService> services) {
        return new GrpcServerLifecycle(properties, services);
    }
}
