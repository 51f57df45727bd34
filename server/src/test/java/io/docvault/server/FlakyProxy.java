package io.docvault.server;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientInterceptors;
import io.grpc.Grpc;
import io.grpc.HandlerRegistry;
import io.grpc.InsecureServerCredentials;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerCredentials;
import io.grpc.ServerMethodDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A gRPC proxy for unary calls in front of a real server, which can fail calls on purpose: the next
 * {@code n} attempts fail with a chosen code, either before they reach the server or after the server
 * has handled them (the response is lost on the way back). It records every attempt with its request
 * bytes and headers, so tests can count retries and check what each attempt carried.
 */
final class FlakyProxy implements AutoCloseable {

    /** Where an injected failure happens. */
    enum When {
        /** The server never sees the attempt. */
        BEFORE_FORWARDING,
        /** The server handles the attempt; its response is replaced by the failure. */
        AFTER_FORWARDING
    }

    /** One call as the proxy received it. */
    record Attempt(String method, byte[] request, Metadata headers) {
    }

    private static final Metadata.Key<String> ACTOR = Metadata.Key.of("x-actor", Metadata.ASCII_STRING_MARSHALLER);
    private static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
    /** Messages as their bytes: the proxy needs no generated classes. */
    static final MethodDescriptor.Marshaller<byte[]> BYTES = new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(byte[] value) {
            return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            try {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    };

    private final Channel upstream;
    private final Server server;
    private final List<Attempt> attempts = new CopyOnWriteArrayList<>();
    private final AtomicInteger failuresLeft = new AtomicInteger();
    private volatile Status.Code failWith = Status.Code.UNAVAILABLE;
    private volatile When when = When.BEFORE_FORWARDING;

    FlakyProxy(Channel upstream) {
        this(upstream, InsecureServerCredentials.create());
    }

    /** A proxy whose own port speaks with these credentials (e.g. TLS), forwarding to {@code upstream}. */
    FlakyProxy(Channel upstream, ServerCredentials credentials) {
        this.upstream = upstream;
        HandlerRegistry registry = new HandlerRegistry() {
            @Override
            public ServerMethodDefinition<?, ?> lookupMethod(String methodName, String authority) {
                MethodDescriptor<byte[], byte[]> method = MethodDescriptor.newBuilder(BYTES, BYTES)
                        .setFullMethodName(methodName)
                        .setType(MethodDescriptor.MethodType.UNARY)
                        .build();
                return ServerMethodDefinition.create(method, handler(method));
            }
        };
        try {
            this.server = Grpc.newServerBuilderForPort(0, credentials)
                    .fallbackHandlerRegistry(registry)
                    .build()
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int port() {
        return server.getPort();
    }

    /** Makes the next {@code count} attempts fail with {@code code}, at the given point. */
    void failNext(int count, Status.Code code, When point) {
        this.failWith = code;
        this.when = point;
        failuresLeft.set(count);
    }

    /** The attempts of one method (its simple name, e.g. "CreateDocument"), in arrival order. */
    List<Attempt> attempts(String methodName) {
        return attempts.stream().filter(a -> a.method().endsWith("/" + methodName)).toList();
    }

    private ServerCallHandler<byte[], byte[]> handler(MethodDescriptor<byte[], byte[]> method) {
        return (call, headers) -> {
            call.request(2);
            return new ServerCall.Listener<>() {
                private byte[] request;

                @Override
                public void onMessage(byte[] message) {
                    request = message;
                }

                @Override
                public void onHalfClose() {
                    forward(method, call, headers, request);
                }
            };
        };
    }

    private void forward(MethodDescriptor<byte[], byte[]> method, ServerCall<byte[], byte[]> call, Metadata headers,
                         byte[] request) {
        attempts.add(new Attempt(method.getFullMethodName(), request, headers));
        boolean fail = failuresLeft.getAndUpdate(left -> Math.max(0, left - 1)) > 0;
        Status injected = Status.fromCode(failWith).withDescription("injected by the test proxy");
        if (fail && when == When.BEFORE_FORWARDING) {
            call.close(injected, new Metadata());
            return;
        }
        Metadata forwarded = new Metadata();
        for (Metadata.Key<String> key : List.of(ACTOR, AUTHORIZATION)) {
            if (headers.containsKey(key)) {
                forwarded.put(key, headers.get(key));
            }
        }
        byte[] response;
        try {
            response = ClientCalls.blockingUnaryCall(
                    ClientInterceptors.intercept(upstream, MetadataUtils.newAttachHeadersInterceptor(forwarded)),
                    method, CallOptions.DEFAULT.withDeadlineAfter(30, TimeUnit.SECONDS), request);
        } catch (StatusRuntimeException e) {
            call.close(e.getStatus(), e.getTrailers() == null ? new Metadata() : e.getTrailers());
            return;
        }
        if (fail) {
            call.close(injected, new Metadata());
            return;
        }
        call.sendHeaders(new Metadata());
        call.sendMessage(response);
        call.close(Status.OK, new Metadata());
    }

    @Override
    public void close() {
        server.shutdownNow();
    }
}
