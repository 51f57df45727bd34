package io.docvault.common.grpc;

import io.docvault.common.auth.Caller;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import java.util.Optional;

/**
 * Who is calling. With authentication on, the actor is the verified token's subject and the
 * {@code x-actor} header is ignored; without, the actor is taken from the {@code x-actor} request
 * header, else {@code anonymous}. It is recorded in every event the call produces.
 */
public final class CallerContext implements ServerInterceptor {

    public static final Metadata.Key<String> ACTOR_HEADER =
            Metadata.Key.of("x-actor", Metadata.ASCII_STRING_MARSHALLER);
    public static final String ANONYMOUS = "anonymous";
    static final int MAX_ACTOR_LENGTH = 256;

    private static final Context.Key<String> ACTOR = Context.key("docvault-actor");

    /** The actor of the current call. */
    public static String actor() {
        String actor = ACTOR.get();
        return actor == null ? ANONYMOUS : actor;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                       ServerCallHandler<Q, R> next) {
        Optional<Caller> authenticated = Caller.current();
        String actor = authenticated.isPresent() ? authenticated.get().subject() : headers.get(ACTOR_HEADER);
        if (actor == null || actor.isBlank()) {
            actor = ANONYMOUS;
        } else if (authenticated.isEmpty()) {
            RequestChecks checks = new RequestChecks();
            checks.text("x-actor", actor, MAX_ACTOR_LENGTH);
            checks.throwIfAny();
        }
        return Contexts.interceptCall(Context.current().withValue(ACTOR, actor.strip()), call, headers, next);
    }
}
