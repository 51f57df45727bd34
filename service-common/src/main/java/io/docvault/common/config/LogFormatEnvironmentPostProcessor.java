package io.docvault.common.config;

import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Turns {@code docvault.log.format=json} ({@code DOCVAULT_LOG_FORMAT=json}) into Spring Boot's
 * structured console logging in the Elastic Common Schema: one JSON object per line, MDC entries such
 * as {@code request_id} as fields. Runs before the logging system is initialized, which happens
 * before DocVaultProperties exist; an explicit {@code logging.structured.format.console} wins.
 */
public final class LogFormatEnvironmentPostProcessor implements EnvironmentPostProcessor {

    static final String STRUCTURED_CONSOLE = "logging.structured.format.console";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        DocVaultProperties.LogFormat format = Binder.get(environment)
                .bind("docvault.log.format", DocVaultProperties.LogFormat.class)
                .orElse(DocVaultProperties.LogFormat.TEXT);
        if (format == DocVaultProperties.LogFormat.JSON && !environment.containsProperty(STRUCTURED_CONSOLE)) {
            environment.getPropertySources().addLast(
                    new MapPropertySource("docvaultLogFormat", Map.of(STRUCTURED_CONSOLE, "ecs")));
        }
    }
}
