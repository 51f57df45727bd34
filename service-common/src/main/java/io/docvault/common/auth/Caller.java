package io.docvault.common.auth;

import io.docvault.api.error.PermissionDeniedException;
import io.grpc.Context;
import java.util.Optional;
import java.util.Set;

/**
 * A caller whose bearer token was verified: its subject (the actor recorded in events) and its
 * roles. Present in the gRPC context of a call only when authentication is on.
 */
public record Caller(String subject, Set<Role> roles) {

    static final Context.Key<Caller> KEY = Context.key("docvault-caller");
    static final Context.Key<String> TOKEN = Context.key("docvault-caller-token");

    public Caller {
        roles = Set.copyOf(roles);
    }

    /** The verified caller of the current call; empty when authentication is off. */
    public static Optional<Caller> current() {
        return Optional.ofNullable(KEY.get());
    }

    /**
     * The verified bearer token of the current call, for calls this server makes to itself on the
     * caller's behalf (they are checked with the caller's own roles); empty when authentication is off.
     */
    public static Optional<String> currentToken() {
        return Optional.ofNullable(TOKEN.get());
    }

    /**
     * Fails with PERMISSION_DENIED unless the current caller holds {@code role}. For rules that depend
     * on the request, not only on the method (those are in {@link AccessPolicy}); with authentication
     * off there is no caller and nothing to check.
     */
    public static void require(Role role, String action) {
        Caller caller = KEY.get();
        if (caller != null && !caller.has(role)) {
            AuthenticationInterceptor.logDenied(action, caller, role);
            throw new PermissionDeniedException(action + " needs role " + role.claimValue());
        }
    }

    public boolean has(Role required) {
        return roles.stream().anyMatch(role -> role.includes(required));
    }
}
