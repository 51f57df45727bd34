package io.docvault.common.observability;

import io.docvault.common.config.DocVaultProperties;
import io.grpc.BindableService;
import io.grpc.Status;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.grpc.MetricCollectingServerInterceptor;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Metrics without Spring Boot Actuator: one Prometheus registry for the process, JVM and process
 * meters, a meter per gRPC method and status, every {@link MeterBinder} bean of the application bound
 * to the registry, and {@code /metrics} served over HTTP. Import it before any configuration that
 * falls back to a registry of its own when none is defined.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(DocVaultProperties.class)
public class MetricsConfiguration {

    @Bean
    PrometheusMeterRegistry meterRegistry() {
        return new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    }

    /** Binds every {@link MeterBinder} bean once all singletons exist (Actuator does the same for its binders). */
    @Bean
    SmartInitializingSingleton meterBinderRegistrar(MeterRegistry registry, ObjectProvider<MeterBinder> binders) {
        return () -> binders.orderedStream().forEach(binder -> binder.bindTo(registry));
    }

    @Bean
    JvmMemoryMetrics jvmMemoryMetrics() {
        return new JvmMemoryMetrics();
    }

    @Bean
    JvmGcMetrics jvmGcMetrics() {
        return new JvmGcMetrics();
    }

    @Bean
    JvmThreadMetrics jvmThreadMetrics() {
        return new JvmThreadMetrics();
    }

    @Bean
    ClassLoaderMetrics classLoaderMetrics() {
        return new ClassLoaderMetrics();
    }

    @Bean
    ProcessorMetrics processorMetrics() {
        return new ProcessorMetrics();
    }

    @Bean
    UptimeMetrics uptimeMetrics() {
        return new UptimeMetrics();
    }

    @Bean
    FileDescriptorMetrics fileDescriptorMetrics() {
        return new FileDescriptorMetrics();
    }

    /**
     * Micrometer's own gRPC interceptor: {@code grpc.server.requests.received} and
     * {@code grpc.server.responses.sent} per method, and the timer {@code grpc.server.processing.duration}
     * per method and status code, published as a histogram. Every method of the process is registered
     * up front (with status OK), so its series exist before the first call.
     */
    @Bean
    MetricCollectingServerInterceptor grpcServerMetrics(MeterRegistry registry, List<BindableService> services) {
        UnaryOperator<io.micrometer.core.instrument.Timer.Builder> histogram = timer -> timer
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(30));
        MetricCollectingServerInterceptor interceptor =
                new MetricCollectingServerInterceptor(registry, UnaryOperator.identity(), histogram, Status.Code.OK);
        services.forEach(interceptor::preregisterService);
        return interceptor;
    }

    @Bean
    MetricsHttpServer metricsHttpServer(DocVaultProperties properties, PrometheusMeterRegistry registry) {
        return new MetricsHttpServer(properties.metrics(), registry);
    }
}
