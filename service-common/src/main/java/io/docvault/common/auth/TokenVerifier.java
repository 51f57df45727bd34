package io.docvault.common.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSKeySelector;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.proc.SingleKeyJWSKeySelector;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.docvault.api.error.NotAuthenticatedException;
import io.docvault.common.config.DocVaultProperties;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifies a bearer JWT and turns it into a {@link Caller}: the signature with Nimbus JOSE+JWT
 * (HS256 with a shared secret, or RS256 with a public key or a JWK Set), then the claims here, so
 * each rejection has a fixed reason that says which check failed and nothing of what the token held.
 */
public final class TokenVerifier {

    /** Same bounds as an actor given in the x-actor header. */
    static final int MAX_SUBJECT_LENGTH = 256;
    private static final int MIN_HS256_SECRET_BYTES = 32;
    private static final Pattern PEM = Pattern.compile(
            "-----BEGIN ([A-Z ]+)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");

    private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
    private final String issuer;
    private final String audience;
    private final Duration clockSkew;
    private final String[] rolesClaimPath;
    private final Clock clock;

    private TokenVerifier(JWSKeySelector<SecurityContext> keys, DocVaultProperties.Auth settings, Clock clock) {
        processor.setJWSKeySelector(keys);
        // Claims are checked in verify(), after the signature, for precise and content-free reasons.
        processor.setJWTClaimsSetVerifier((claims, context) -> { });
        this.issuer = settings.issuer();
        this.audience = settings.audience();
        this.clockSkew = settings.clockSkew();
        this.rolesClaimPath = settings.rolesClaim().split("\\.");
        this.clock = clock;
    }

    /**
     * A verifier for the one key source the settings name. Fails at start-up when none or several are
     * named, or when the key cannot be read.
     */
    public static TokenVerifier fromSettings(DocVaultProperties.Auth settings, Clock clock) {
        boolean secret = !settings.hs256Secret().isEmpty();
        boolean publicKey = isSet(settings.publicKeyFile());
        boolean jwks = isSet(settings.jwksFile());
        if ((secret ? 1 : 0) + (publicKey ? 1 : 0) + (jwks ? 1 : 0) != 1) {
            throw new IllegalStateException("authentication is enabled: set exactly one of DOCVAULT_AUTH_HS256_SECRET, "
                    + "DOCVAULT_AUTH_PUBLIC_KEY_FILE and DOCVAULT_AUTH_JWKS_FILE");
        }
        if (settings.clockSkew().isNegative()) {
            throw new IllegalStateException("DOCVAULT_AUTH_CLOCK_SKEW must not be negative");
        }
        if (settings.rolesClaim().isBlank()) {
            throw new IllegalStateException("DOCVAULT_AUTH_ROLES_CLAIM must not be empty");
        }
        JWSKeySelector<SecurityContext> keys;
        if (secret) {
            byte[] bytes = settings.hs256Secret().getBytes(StandardCharsets.UTF_8);
            if (bytes.length < MIN_HS256_SECRET_BYTES) {
                throw new IllegalStateException("DOCVAULT_AUTH_HS256_SECRET must be at least "
                        + MIN_HS256_SECRET_BYTES + " bytes long");
            }
            keys = new SingleKeyJWSKeySelector<>(JWSAlgorithm.HS256, new SecretKeySpec(bytes, "HmacSHA256"));
        } else if (publicKey) {
            keys = new SingleKeyJWSKeySelector<>(JWSAlgorithm.RS256, readRsaPublicKey(settings.publicKeyFile()));
        } else {
            keys = new JWSVerificationKeySelector<>(JWSAlgorithm.RS256, new ImmutableJWKSet<>(readJwks(settings.jwksFile())));
        }
        return new TokenVerifier(keys, settings, clock);
    }

    /** The caller the token proves, or {@link NotAuthenticatedException} saying which check failed. */
    public Caller verify(String token) {
        JWTClaimsSet claims;
        try {
            claims = processor.process(token, null);
        } catch (ParseException e) {
            throw new NotAuthenticatedException("malformed bearer token");
        } catch (BadJOSEException | JOSEException e) {
            throw new NotAuthenticatedException("bearer token not signed by a trusted key");
        }
        Instant now = clock.instant();
        Date expires = claims.getExpirationTime();
        if (expires == null) {
            throw new NotAuthenticatedException("bearer token has no expiry (exp)");
        }
        if (now.isAfter(expires.toInstant().plus(clockSkew))) {
            throw new NotAuthenticatedException("bearer token expired");
        }
        Date notBefore = claims.getNotBeforeTime();
        if (notBefore != null && now.plus(clockSkew).isBefore(notBefore.toInstant())) {
            throw new NotAuthenticatedException("bearer token not valid yet (nbf)");
        }
        if (!issuer.isEmpty() && !issuer.equals(claims.getIssuer())) {
            throw new NotAuthenticatedException("bearer token from an issuer (iss) this server does not accept");
        }
        if (!audience.isEmpty() && (claims.getAudience() == null || !claims.getAudience().contains(audience))) {
            throw new NotAuthenticatedException("bearer token not meant for this server (aud)");
        }
        String subject = claims.getSubject();
        if (subject == null || subject.isBlank()) {
            throw new NotAuthenticatedException("bearer token has no subject (sub)");
        }
        if (subject.length() > MAX_SUBJECT_LENGTH || subject.chars().anyMatch(Character::isISOControl)) {
            throw new NotAuthenticatedException("bearer token subject (sub) is longer than " + MAX_SUBJECT_LENGTH
                    + " characters or holds control characters");
        }
        return new Caller(subject.strip(), roles(claims));
    }

    private Set<Role> roles(JWTClaimsSet claims) {
        Object value = claims.getClaim(rolesClaimPath[0]);
        for (int i = 1; i < rolesClaimPath.length && value != null; i++) {
            value = value instanceof Map<?, ?> object ? object.get(rolesClaimPath[i]) : null;
        }
        List<?> names;
        if (value instanceof List<?> list) {
            names = list;
        } else if (value instanceof String text) {
            names = List.of(text.trim().split("\\s+"));
        } else {
            names = List.of();
        }
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (Object name : names) {
            if (name instanceof String text) {
                Role.fromClaimValue(text).ifPresent(roles::add);
            }
        }
        return roles;
    }

    private static RSAPublicKey readRsaPublicKey(Path file) {
        String text = readText(file, "DOCVAULT_AUTH_PUBLIC_KEY_FILE");
        Matcher pem = PEM.matcher(text);
        if (!pem.find()) {
            throw new IllegalStateException("DOCVAULT_AUTH_PUBLIC_KEY_FILE " + file + " holds no PEM block");
        }
        byte[] der = Base64.getMimeDecoder().decode(pem.group(2));
        try {
            PublicKey key = switch (pem.group(1)) {
                case "PUBLIC KEY" -> KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der));
                case "CERTIFICATE" -> CertificateFactory.getInstance("X.509")
                        .generateCertificate(new ByteArrayInputStream(der)).getPublicKey();
                default -> throw new IllegalStateException("DOCVAULT_AUTH_PUBLIC_KEY_FILE " + file
                        + " must hold a PUBLIC KEY or CERTIFICATE PEM block, not " + pem.group(1));
            };
            if (key instanceof RSAPublicKey rsa) {
                return rsa;
            }
            throw new IllegalStateException("DOCVAULT_AUTH_PUBLIC_KEY_FILE " + file + " holds no RSA key");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("DOCVAULT_AUTH_PUBLIC_KEY_FILE " + file + " holds no readable RSA public key", e);
        }
    }

    private static JWKSet readJwks(Path file) {
        try {
            JWKSet keys = JWKSet.parse(readText(file, "DOCVAULT_AUTH_JWKS_FILE")).toPublicJWKSet();
            if (keys.getKeys().isEmpty()) {
                throw new IllegalStateException("DOCVAULT_AUTH_JWKS_FILE " + file + " holds no keys");
            }
            return keys;
        } catch (ParseException e) {
            // Without the parser's message: it may quote the file.
            throw new IllegalStateException("DOCVAULT_AUTH_JWKS_FILE " + file + " is not a JWK Set");
        }
    }

    private static boolean isSet(Path file) {
        return file != null && !file.toString().isBlank();
    }

    private static String readText(Path file, String setting) {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + setting + " " + file, e);
        }
    }
}
