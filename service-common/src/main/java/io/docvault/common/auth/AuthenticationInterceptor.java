package io.docvault.common.auth;

import io.docvault.api.error.NotAuthenticatedException;
import io.docvault.api.error.PermissionDeniedException;
import io.docvault.common.config.DocVaultProperties;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import java.time.Clock;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Authenticates every call by its bearer JWT ({@code authorization: Bearer <token>}) and checks the
 * role {@link AccessPolicy} asks for, before the call reaches a service. Failures are thrown as domain
 * exceptions, so the error mapper turns them into UNAUTHENTICATED and PERMISSION_DENIED. The verified
 * {@link Caller} goes into the call's context; its subject becomes the actor. Denials are logged with
 * the method, the peer and the reason, never with the token.
 */
public final class AuthenticationInterceptor implements ServerInterceptor {

    public static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
    private static final String BEARER = "bearer ";

    private static final Logger log = LoggerFactory.getLogger(AuthenticationInterceptor.class);

    private final TokenVerifier verifier;

    AuthenticationInterceptor(TokenVerifier verifier) {
        this.verifier = verifier;
    }

    /**
     * The interceptor the settings ask for: this one when {@code docvault.auth.enabled} is true, one
     * that lets every call through when it is false. Unset, it is false with the embedded database,
     * while a server on an external database refuses to start: running one without authentication has
     * to be asked for.
     */
    public static ServerInterceptor fromSettings(DocVaultProperties properties) {
        DocVaultProperties.Auth auth = properties.auth();
        if (auth.enabled() == null && !properties.db().embedded()) {
            throw new IllegalStateException("DOCVAULT_DB_URL is set but DOCVAULT_AUTH_ENABLED is not: set it to true "
                    + "(with DOCVAULT_AUTH_HS256_SECRET, DOCVAULT_AUTH_PUBLIC_KEY_FILE or DOCVAULT_AUTH_JWKS_FILE), "
                    + "or to false to serve every caller without authentication");
        }
        if (!Boolean.TRUE.equals(auth.enabled())) {
            log.warn("AUTHENTICATION IS OFF: every caller may read, change and delete every document and rebuild "
                    + "the read model, and names itself in x-actor. Set DOCVAULT_AUTH_ENABLED=true to require tokens.");
            return new ServerInterceptor() {
                @Override
                public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                                   ServerCallHandler<Q, R> next) {
                    return next.startCall(call, headers);
                }
            };
        }
        TokenVerifier verifier = TokenVerifier.fromSettings(auth, Clock.systemUTC());
        log.info("authentication on: bearer tokens required{}{}; roles from claim '{}'",
                auth.issuer().isEmpty() ? "" : ", issuer " + auth.issuer(),
                auth.audience().isEmpty() ? "" : ", audience " + auth.audience(), auth.rolesClaim());
        return new AuthenticationInterceptor(verifier);
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                       ServerCallHandler<Q, R> next) {
        String method = call.getMethodDescriptor().getFullMethodName();
        if (AccessPolicy.isOpen(method)) {
            return next.startCall(call, headers);
        }
        Caller caller;
        String token;
        try {
            token = bearerToken(headers);
            caller = verifier.verify(token);
        } catch (NotAuthenticatedException e) {
            log.warn("unauthenticated call to {} from {}: {}", method,
                    call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR), e.getMessage());
            throw e;
        }
        Role required = AccessPolicy.requiredRole(method).orElse(null);
        if (required == null) {
            log.warn("call to {} by {} denied: no access rule names this service", method, caller.subject());
            throw new PermissionDeniedException(method + " is not open to any role");
        }
        if (!caller.has(required)) {
            logDenied(method, caller, required);
            throw new PermissionDeniedException(method + " needs role " + required.claimValue());
        }
        return Contexts.interceptCall(Context.current().withValue(Caller.KEY, caller).withValue(Caller.TOKEN, token),
                call, headers, next);
    }

    static void logDenied(String action, Caller caller, Role required) {
        log.warn("{} by {} denied: needs role {}, has {}", action, caller.subject(), required.claimValue(),
                caller.roles().stream().map(Role::claimValue).sorted().toList());
    }

    private static String bearerToken(Metadata headers) {
        String value = headers.get(AUTHORIZATION);
        if (value == null || value.isBlank()) {
            throw new NotAuthenticatedException("no bearer token: send the header authorization: Bearer <token>");
        }
        String trimmed = value.strip();
        if (!trimmed.toLowerCase(Locale.ROOT).startsWith(BEARER) || trimmed.length() == BEARER.length()) {
            throw new NotAuthenticatedException("the authorization header is not of the form Bearer <token>");
        }
        return trimmed.substring(BEARER.length()).strip();
    }
}
