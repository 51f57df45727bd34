package io.docvault.server;

import java.util.Map;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ApplicationListener;

/**
 * What the command-side and query-side processes have in common: their own default ports (below any
 * configuration, so DOCVAULT_GRPC_PORT and DOCVAULT_METRICS_PORT still win) and a shared PostgreSQL.
 * Two processes cannot share an embedded database, so a split process refuses to start without
 * {@code docvault.db.url}.
 */
final class SplitProcess {

    private SplitProcess() {
    }

    static SpringApplicationBuilder application(Class<?> source, String process, String serviceName, int grpcPort,
                                                int metricsPort) {
        // Axon prints an advertisement for its hosted console at start-up unless told not to.
        System.setProperty("disable-axoniq-console-message", "true");
        return new SpringApplicationBuilder(source)
                .properties(Map.of("docvault.grpc.port", grpcPort, "docvault.metrics.port", metricsPort,
                        // Names the process in JSON log lines (ECS service.name), where both would say "docvault".
                        "logging.structured.ecs.service.name", serviceName))
                .listeners(new RequireSharedDatabase(process));
    }

    private record RequireSharedDatabase(String process) implements ApplicationListener<ApplicationEnvironmentPreparedEvent> {
        @Override
        public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
            String url = Binder.get(event.getEnvironment()).bind("docvault.db.url", String.class).orElse("");
            if (url.isBlank()) {
                throw new IllegalStateException(process + " shares its event store with the other side: set "
                        + "DOCVAULT_DB_URL (docvault.db.url) to the PostgreSQL both processes use");
            }
        }
    }
}
