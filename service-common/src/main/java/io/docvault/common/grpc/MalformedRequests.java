package io.docvault.common.grpc;

import io.docvault.api.error.InvalidRequestException;
import io.grpc.Attributes;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServiceDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.InputStream;

/**
 * Answers requests whose bytes are not a valid message (truncated, mutated, invalid UTF-8 in a
 * string field) with INVALID_ARGUMENT. grpc-java parses a request before any interceptor runs and
 * reports a parse failure as UNKNOWN; here each method is bound with a request marshaller that keeps
 * the failure instead of throwing it, and a handler that closes such calls through the error mapper.
 */
public final class MalformedRequests {

    private MalformedRequests() {
    }

    /** The same service, its requests parsed leniently. Schema descriptors are kept, for reflection. */
    public static ServerServiceDefinition rejectMalformed(ServerServiceDefinition service) {
        ServiceDescriptor original = service.getServiceDescriptor();
        ServiceDescriptor.Builder descriptor = ServiceDescriptor.newBuilder(original.getName())
                .setSchemaDescriptor(original.getSchemaDescriptor());
        java.util.List<ServerMethodDefinition<?, ?>> methods = new java.util.ArrayList<>();
        for (ServerMethodDefinition<?, ?> method : service.getMethods()) {
            ServerMethodDefinition<?, ?> lenient = lenient(method);
            descriptor.addMethod(lenient.getMethodDescriptor());
            methods.add(lenient);
        }
        ServerServiceDefinition.Builder builder = ServerServiceDefinition.builder(descriptor.build());
        methods.forEach(builder::addMethod);
        return builder.build();
    }

    /** A parsed request, or why it could not be parsed. */
    private record Parsed<Q>(Q request, RuntimeException failure) {
    }

    private static <Q, R> ServerMethodDefinition<Parsed<Q>, R> lenient(ServerMethodDefinition<Q, R> method) {
        MethodDescriptor<Q, R> strict = method.getMethodDescriptor();
        MethodDescriptor.Marshaller<Q> requests = strict.getRequestMarshaller();
        MethodDescriptor.Marshaller<Parsed<Q>> lenientRequests = new MethodDescriptor.Marshaller<>() {
            @Override
            public InputStream stream(Parsed<Q> value) {
                return requests.stream(value.request());
            }

            @Override
            public Parsed<Q> parse(InputStream stream) {
                try {
                    return new Parsed<>(requests.parse(stream), null);
                } catch (RuntimeException e) {
                    return new Parsed<>(null, e);
                }
            }
        };
        MethodDescriptor<Parsed<Q>, R> descriptor = strict.toBuilder(lenientRequests, strict.getResponseMarshaller()).build();
        ServerCallHandler<Parsed<Q>, R> handler = (call, headers) -> {
            ServerCall.Listener<Q> listener = method.getServerCallHandler().startCall(new StrictCall<>(call, strict), headers);
            return new ServerCall.Listener<>() {
                @Override
                public void onMessage(Parsed<Q> message) {
                    if (message.failure() == null) {
                        listener.onMessage(message.request());
                        return;
                    }
                    StatusRuntimeException mapped = GrpcErrorMapper.toStatusException(new InvalidRequestException(
                            "request", "not a valid " + strict.getFullMethodName() + " request message ("
                                    + describe(message.failure()) + ")"));
                    call.close(mapped.getStatus(), mapped.getTrailers() != null ? mapped.getTrailers() : new Metadata());
                }

                @Override
                public void onHalfClose() {
                    listener.onHalfClose();
                }

                @Override
                public void onCancel() {
                    listener.onCancel();
                }

                @Override
                public void onComplete() {
                    listener.onComplete();
                }

                @Override
                public void onReady() {
                    listener.onReady();
                }
            };
        };
        return ServerMethodDefinition.create(descriptor, handler);
    }

    private static String describe(RuntimeException failure) {
        Status status = Status.fromThrowable(failure);
        Throwable cause = status.getCause() != null ? status.getCause() : failure;
        String message = cause.getMessage() == null ? "unreadable bytes" : cause.getMessage();
        return message.length() > 200 ? message.substring(0, 200) : message;
    }

    /** The call as the service's own handler expects it, with its strict method descriptor. */
    private static final class StrictCall<Q, R> extends ServerCall<Q, R> {
        private final ServerCall<Parsed<Q>, R> call;
        private final MethodDescriptor<Q, R> method;

        StrictCall(ServerCall<Parsed<Q>, R> call, MethodDescriptor<Q, R> method) {
            this.call = call;
            this.method = method;
        }

        @Override
        public void request(int numMessages) {
            call.request(numMessages);
        }

        @Override
        public void sendHeaders(Metadata headers) {
            call.sendHeaders(headers);
        }

        @Override
        public void sendMessage(R message) {
            call.sendMessage(message);
        }

        @Override
        public boolean isReady() {
            return call.isReady();
        }

        @Override
        public void close(Status status, Metadata trailers) {
            call.close(status, trailers);
        }

        @Override
        public boolean isCancelled() {
            return call.isCancelled();
        }

        @Override
        public void setMessageCompression(boolean enabled) {
            call.setMessageCompression(enabled);
        }

        @Override
        public void setCompression(String compressor) {
            call.setCompression(compressor);
        }

        @Override
        public void setOnReadyThreshold(int numBytes) {
            call.setOnReadyThreshold(numBytes);
        }

        @Override
        public Attributes getAttributes() {
            return call.getAttributes();
        }

        @Override
        public String getAuthority() {
            return call.getAuthority();
        }

        @Override
        public MethodDescriptor<Q, R> getMethodDescriptor() {
            return method;
        }
    }
}
