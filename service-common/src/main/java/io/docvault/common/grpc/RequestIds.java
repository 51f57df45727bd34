package io.docvault.common.grpc;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.ForwardingServerCall.SimpleForwardingServerCall;
import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import org.slf4j.MDC;

/**
 * One id per call, for logs: the caller's {@code x-request-id} header when it is a plausible id (1 to
 * 128 visible ASCII characters), else a new UUID. It is echoed in the response headers (or trailers,
 * when the call ends without headers) and put into the logging MDC as {@code request_id} for every
 * callback of the call. grpc-java runs a call's callbacks on whichever executor thread is free, so the
 * MDC is set around each callback and restored after it, never left behind on a pooled thread.
 */
public final class RequestIds implements ServerInterceptor {

    public static final Metadata.Key<String> HEADER = Metadata.Key.of("x-request-id", Metadata.ASCII_STRING_MARSHALLER);
    public static final String MDC_KEY = "request_id";
    static final int MAX_LENGTH = 128;

    private static final Context.Key<String> REQUEST_ID = Context.key("docvault-request-id");

    /** The id of the current call, or {@code null} outside a call. */
    public static String current() {
        return REQUEST_ID.get();
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                       ServerCallHandler<Q, R> next) {
        String id = accepted(headers.get(HEADER));
        ServerCall<Q, R> echoing = new EchoingCall<>(call, id);
        Context context = Context.current().withValue(REQUEST_ID, id);
        ServerCall.Listener<Q> listener = withMdc(id, () -> Contexts.interceptCall(context, echoing, headers, next));
        return new MdcListener<>(listener, id);
    }

    static String accepted(String given) {
        if (given == null || given.isEmpty() || given.length() > MAX_LENGTH) {
            return newId();
        }
        for (int i = 0; i < given.length(); i++) {
            char c = given.charAt(i);
            if (c <= ' ' || c > '~') {
                return newId();
            }
        }
        return given;
    }

    /**
     * A random (version 4) UUID from a thread-local generator: an id that tells log lines apart, not a
     * secret, so it needs no {@code SecureRandom}, whose shared lock and reads of the system's entropy
     * took 1.3% of the server's samples under reads of the read model (BENCHMARKS.md).
     */
    static String newId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (random.nextLong() & ~0xF000L) | 0x4000L;
        long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(high, low).toString();
    }

    private static <T> T withMdc(String id, Supplier<T> action) {
        String previous = MDC.get(MDC_KEY);
        MDC.put(MDC_KEY, id);
        try {
            return action.get();
        } finally {
            if (previous == null) {
                MDC.remove(MDC_KEY);
            } else {
                MDC.put(MDC_KEY, previous);
            }
        }
    }

    private static void withMdc(String id, Runnable action) {
        withMdc(id, () -> {
            action.run();
            return null;
        });
    }

    /** Adds the id to the response headers, or to the trailers of a call that never sent headers. */
    private static final class EchoingCall<Q, R> extends SimpleForwardingServerCall<Q, R> {
        private final String id;
        // A ServerCall's methods are called one at a time (grpc-java requires it), never concurrently.
        private boolean headersSent;

        EchoingCall(ServerCall<Q, R> delegate, String id) {
            super(delegate);
            this.id = id;
        }

        @Override
        public void sendHeaders(Metadata headers) {
            headers.put(HEADER, id);
            headersSent = true;
            super.sendHeaders(headers);
        }

        @Override
        public void close(Status status, Metadata trailers) {
            if (!headersSent) {
                trailers.put(HEADER, id);
            }
            super.close(status, trailers);
        }
    }

    private static final class MdcListener<Q> extends SimpleForwardingServerCallListener<Q> {
        private final String id;

        MdcListener(ServerCall.Listener<Q> delegate, String id) {
            super(delegate);
            this.id = id;
        }

        @Override
        public void onMessage(Q message) {
            withMdc(id, () -> super.onMessage(message));
        }

        @Override
        public void onHalfClose() {
            withMdc(id, super::onHalfClose);
        }

        @Override
        public void onCancel() {
            withMdc(id, super::onCancel);
        }

        @Override
        public void onComplete() {
            withMdc(id, super::onComplete);
        }

        @Override
        public void onReady() {
            withMdc(id, super::onReady);
        }
    }
}
