package io.docvault.common.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.docvault.common.config.DocVaultProperties;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** When authentication is on, bound the way the server binds DOCVAULT_* settings. */
class AuthenticationSettingsTest {

    private static final String SECRET = "a-test-secret-of-at-least-32-bytes-length";

    @Test
    @DisplayName("with an external database and no auth setting the server refuses to start")
    void externalDatabaseNeedsAnExplicitChoice() {
        assertThatThrownBy(() -> AuthenticationInterceptor.fromSettings(bind(Map.of(
                "docvault.db.url", "jdbc:postgresql://db:5432/docvault"))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("DOCVAULT_AUTH_ENABLED");
    }

    @Test
    @DisplayName("auth is off with the embedded database, or when explicitly disabled")
    void off() {
        assertThat(AuthenticationInterceptor.fromSettings(bind(Map.of())))
                .isNotInstanceOf(AuthenticationInterceptor.class);
        assertThat(AuthenticationInterceptor.fromSettings(bind(Map.of(
                "docvault.db.url", "jdbc:postgresql://db:5432/docvault", "docvault.auth.enabled", "false"))))
                .isNotInstanceOf(AuthenticationInterceptor.class);
    }

    @Test
    @DisplayName("enabled, it verifies tokens, and needs a key")
    void on() {
        assertThat(AuthenticationInterceptor.fromSettings(bind(Map.of(
                "docvault.auth.enabled", "true", "docvault.auth.hs256-secret", SECRET))))
                .isInstanceOf(AuthenticationInterceptor.class);
        assertThatThrownBy(() -> AuthenticationInterceptor.fromSettings(bind(Map.of("docvault.auth.enabled", "true"))))
                .hasMessageContaining("exactly one of DOCVAULT_AUTH_HS256_SECRET");
    }

    @Test
    @DisplayName("defaults: 60 s clock skew, roles in the roles claim")
    void defaults() {
        DocVaultProperties.Auth auth = bind(Map.of()).auth();
        assertThat(auth.enabled()).isNull();
        assertThat(auth.clockSkew()).hasSeconds(60);
        assertThat(auth.rolesClaim()).isEqualTo("roles");
    }

    private static DocVaultProperties bind(Map<String, String> settings) {
        return new Binder(new MapConfigurationPropertySource(new HashMap<>(settings)))
                .bindOrCreate("docvault", DocVaultProperties.class);
    }
}
