package io.docvault.common.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.docvault.api.error.NotAuthenticatedException;
import io.docvault.common.config.DocVaultProperties;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenVerifierTest {

    private static final String SECRET = "a-test-secret-of-at-least-32-bytes-length";
    private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    @TempDir
    Path dir;

    private final TokenVerifier hs256 = TokenVerifier.fromSettings(settings(SECRET, null, null), CLOCK);

    @Test
    @DisplayName("a valid HS256 token gives its subject and roles")
    void valid() throws JOSEException {
        Caller caller = hs256.verify(hs256Token(SECRET, c -> c));
        assertThat(caller.subject()).isEqualTo("alice");
        assertThat(caller.roles()).containsExactly(Role.WRITER);
        assertThat(caller.has(Role.READER)).isTrue();
        assertThat(caller.has(Role.ADMIN)).isFalse();
    }

    @Test
    @DisplayName("each failed check is rejected with its own reason")
    void rejections() throws JOSEException {
        assertRejected(hs256Token("another-secret-of-at-least-32-bytes-length", c -> c), "not signed by a trusted key");
        assertRejected(hs256Token(SECRET, c -> c.expirationTime(Date.from(NOW.minusSeconds(61)))), "expired");
        assertRejected(hs256Token(SECRET, c -> c.expirationTime(null)), "no expiry");
        assertRejected(hs256Token(SECRET, c -> c.notBeforeTime(Date.from(NOW.plusSeconds(61)))), "not valid yet");
        assertRejected(hs256Token(SECRET, c -> c.issuer("someone-else")), "issuer");
        assertRejected(hs256Token(SECRET, c -> c.issuer(null)), "issuer");
        assertRejected(hs256Token(SECRET, c -> c.audience("another-service")), "not meant for this server");
        assertRejected(hs256Token(SECRET, c -> c.subject(null)), "no subject");
        assertRejected(hs256Token(SECRET, c -> c.subject("x".repeat(257))), "subject");
        assertRejected(hs256Token(SECRET, c -> c.subject("eve\nforged log line")), "subject");
        assertRejected("not-a-jwt", "malformed");
        assertRejected(new PlainJWT(claims().build()).serialize(), "not signed by a trusted key");
    }

    @Test
    @DisplayName("expiry and not-before allow the configured clock skew")
    void clockSkew() throws JOSEException {
        assertThat(hs256.verify(hs256Token(SECRET, c -> c.expirationTime(Date.from(NOW.minusSeconds(59))))).subject())
                .isEqualTo("alice");
        assertThat(hs256.verify(hs256Token(SECRET, c -> c.notBeforeTime(Date.from(NOW.plusSeconds(59))))).subject())
                .isEqualTo("alice");
    }

    @Test
    @DisplayName("roles come as a list or a space-separated string, unknown names are ignored, dots walk into objects")
    void roles() throws JOSEException {
        assertThat(hs256.verify(hs256Token(SECRET, c -> c.claim("roles", "reader admin other"))).roles())
                .containsExactlyInAnyOrder(Role.READER, Role.ADMIN);
        assertThat(hs256.verify(hs256Token(SECRET, c -> c.claim("roles", List.of("Writer", "superuser")))).roles())
                .isEmpty();
        TokenVerifier nested = TokenVerifier.fromSettings(new DocVaultProperties.Auth(true, SECRET, null, null,
                "https://issuer.test", "docvault", Duration.ofSeconds(60), "realm_access.roles"), CLOCK);
        assertThat(nested.verify(hs256Token(SECRET, c -> c.claim("realm_access", Map.of("roles", List.of("admin")))))
                .roles()).containsExactly(Role.ADMIN);
    }

    @Test
    @DisplayName("RS256 tokens verify with a PEM public key file, and with a JWK Set file by kid")
    void rs256() throws Exception {
        KeyPair keys = rsaKeys();
        KeyPair other = rsaKeys();
        Path pem = dir.resolve("public.pem");
        Files.writeString(pem, "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(keys.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n");
        TokenVerifier byPem = TokenVerifier.fromSettings(settings("", pem, null), CLOCK);
        assertThat(byPem.verify(rs256Token(keys, "k1")).subject()).isEqualTo("alice");
        assertThatThrownBy(() -> byPem.verify(rs256Token(other, "k1"))).isInstanceOf(NotAuthenticatedException.class);
        assertThatThrownBy(() -> byPem.verify(hs256Token(SECRET, c -> c)))
                .isInstanceOf(NotAuthenticatedException.class).hasMessageContaining("trusted key");

        Path jwks = dir.resolve("keys.json");
        Files.writeString(jwks, new JWKSet(List.of(
                new RSAKey.Builder((RSAPublicKey) keys.getPublic()).keyID("k1").build(),
                new RSAKey.Builder((RSAPublicKey) other.getPublic()).keyID("k2").build())).toString());
        TokenVerifier byJwks = TokenVerifier.fromSettings(settings("", null, jwks), CLOCK);
        assertThat(byJwks.verify(rs256Token(keys, "k1")).subject()).isEqualTo("alice");
        assertThat(byJwks.verify(rs256Token(other, "k2")).subject()).isEqualTo("alice");
        assertThatThrownBy(() -> byJwks.verify(rs256Token(keys, "k2"))).isInstanceOf(NotAuthenticatedException.class);
    }

    @Test
    @DisplayName("start-up fails without exactly one key source, or with a short secret")
    void badSettings() {
        assertThatThrownBy(() -> TokenVerifier.fromSettings(settings("", null, null), CLOCK))
                .hasMessageContaining("exactly one");
        assertThatThrownBy(() -> TokenVerifier.fromSettings(settings(SECRET, dir.resolve("k.pem"), null), CLOCK))
                .hasMessageContaining("exactly one");
        assertThatThrownBy(() -> TokenVerifier.fromSettings(settings("short", null, null), CLOCK))
                .hasMessageContaining("at least 32 bytes").hasMessageNotContaining("short");
        assertThatThrownBy(() -> TokenVerifier.fromSettings(settings("", dir.resolve("missing.pem"), null), CLOCK))
                .hasMessageContaining("cannot read");
    }

    private void assertRejected(String token, String reason) {
        assertThatThrownBy(() -> hs256.verify(token))
                .isInstanceOf(NotAuthenticatedException.class)
                .hasMessageContaining(reason);
    }

    private static DocVaultProperties.Auth settings(String secret, Path publicKey, Path jwks) {
        return new DocVaultProperties.Auth(true, secret, publicKey, jwks, "https://issuer.test", "docvault",
                Duration.ofSeconds(60), "roles");
    }

    private static JWTClaimsSet.Builder claims() {
        return new JWTClaimsSet.Builder()
                .subject("alice")
                .issuer("https://issuer.test")
                .audience(List.of("docvault", "another-service"))
                .expirationTime(Date.from(NOW.plusSeconds(300)))
                .claim("roles", List.of("writer"));
    }

    private static String hs256Token(String secret, UnaryOperator<JWTClaimsSet.Builder> change) throws JOSEException {
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), change.apply(claims()).build());
        jwt.sign(new MACSigner(secret.getBytes()));
        return jwt.serialize();
    }

    private static String rs256Token(KeyPair keys, String keyId) throws JOSEException {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(keyId).build(), claims().build());
        jwt.sign(new RSASSASigner(keys.getPrivate()));
        return jwt.serialize();
    }

    private static KeyPair rsaKeys() throws NoSuchAlgorithmException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return generator.generateKeyPair();
    }

}
