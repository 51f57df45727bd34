package io.docvault.server;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.docvault.common.auth.AuthenticationInterceptor;
import io.grpc.Metadata;
import io.grpc.stub.AbstractStub;
import io.grpc.stub.MetadataUtils;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/** Mints bearer tokens the way an identity provider would, for a server under test. */
final class Tokens {

    static final String ISSUER = "https://login.docvault.test";
    static final String AUDIENCE = "docvault";

    private final JWSAlgorithm algorithm;
    private final JWSSigner signer;

    private Tokens(JWSAlgorithm algorithm, JWSSigner signer) {
        this.algorithm = algorithm;
        this.signer = signer;
    }

    static Tokens hs256(String secret) {
        try {
            return new Tokens(JWSAlgorithm.HS256, new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (JOSEException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static Tokens rs256(PrivateKey key) {
        return new Tokens(JWSAlgorithm.RS256, new RSASSASigner(key));
    }

    /** Settings of a server that requires tokens signed with {@code secret} and issued for it. */
    static Map<String, Object> serverRequiringHs256(String secret) {
        return Map.of(
                "docvault.auth.enabled", true,
                "docvault.auth.hs256-secret", secret,
                "docvault.auth.issuer", ISSUER,
                "docvault.auth.audience", AUDIENCE);
    }

    /** A random secret, new for each test run. */
    static String newSecret() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /** A token for {@code subject} with {@code roles}, valid for five minutes, for this issuer and audience. */
    String token(String subject, String... roles) {
        return token(subject, List.of(roles), claims -> claims);
    }

    String token(String subject, List<String> roles, UnaryOperator<JWTClaimsSet.Builder> change) {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .subject(subject)
                .issuer(ISSUER)
                .audience(AUDIENCE)
                .issueTime(new Date())
                .expirationTime(Date.from(Instant.now().plusSeconds(300)))
                .claim("roles", roles);
        SignedJWT jwt = new SignedJWT(new JWSHeader(algorithm), change.apply(claims).build());
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }

    /** The stub, sending {@code token} as its bearer token. */
    static <S extends AbstractStub<S>> S withToken(S stub, String token) {
        Metadata headers = new Metadata();
        headers.put(AuthenticationInterceptor.AUTHORIZATION, "Bearer " + token);
        return stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
    }
}
