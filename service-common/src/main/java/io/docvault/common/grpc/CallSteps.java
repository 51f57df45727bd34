package io.docvault.common.grpc;

import io.grpc.ForwardingServerCall.SimpleForwardingServerCall;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.io.InputStream;
import java.util.concurrent.Executor;

/**
 * Where one call's steps run. grpc-java hands each step of a call (its start, message, half-close,
 * completion) to the call's executor, one at a time and in order. Until the service closes the call,
 * every step goes to the call threads. A step that comes after the close is the call's completion
 * (or, for a stream, its cancellation): the interceptors' and the service's callbacks that record and
 * clean up, none of which blocks. It runs where grpc-java reports it, on the transport's event loop,
 * instead of waking a call thread for it and parking that thread again: a hand-over between threads
 * per call, which the profiles of the read path put among the costliest parts of a call.
 *
 * <p>A step reported before the close (a client's cancellation of a call still running) still goes to
 * the call threads: a cancellation handler may have more to do.
 *
 * <p>{@link #attach} makes a call's steps in grpc-java's executor supplier and puts them into the
 * call's headers (the one object that both it and the interceptors see), {@link #interceptor()} takes
 * them out and marks them when the call is closed.
 */
final class CallSteps implements Executor {

    /** Carries the steps from the executor supplier to the interceptor, in the received headers only. */
    private static final Metadata.Key<CallSteps> KEY = Metadata.Key.of("docvault-internal-call-steps-bin",
            new Metadata.BinaryStreamMarshaller<>() {
                @Override
                public InputStream toStream(CallSteps value) {
                    return new Holder(value);
                }

                @Override
                public CallSteps parseStream(InputStream stream) {
                    // Only what attach() put there; a value a caller sent under this name was discarded.
                    return stream instanceof Holder holder ? holder.steps : null;
                }
            });

    private final Executor calls;
    private volatile boolean closed;

    private CallSteps(Executor calls) {
        this.calls = calls;
    }

    /** The steps of a new call with these headers, on {@code calls} until the call is closed. */
    static CallSteps attach(Executor calls, Metadata headers) {
        headers.discardAll(KEY);
        CallSteps steps = new CallSteps(calls);
        headers.put(KEY, steps);
        return steps;
    }

    @Override
    public void execute(Runnable step) {
        if (closed) {
            step.run();
        } else {
            calls.execute(step);
        }
    }

    /** Marks a call's steps closed when its service closes it; lets calls without steps through untouched. */
    static ServerInterceptor interceptor() {
        return new ServerInterceptor() {
            @Override
            public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call, Metadata headers,
                                                                         ServerCallHandler<ReqT, RespT> next) {
                CallSteps steps = headers.get(KEY);
                if (steps == null) {
                    return next.startCall(call, headers);
                }
                headers.discardAll(KEY);
                return next.startCall(new SimpleForwardingServerCall<>(call) {
                    @Override
                    public void close(Status status, Metadata trailers) {
                        // Before the close is passed on: the transport may report the call's end on its
                        // own thread before this one returns.
                        steps.closed = true;
                        super.close(status, trailers);
                    }
                }, headers);
            }
        };
    }

    /** A stream that is only ever read back as the object it holds (see {@link #KEY}). */
    private static final class Holder extends InputStream {
        private final CallSteps steps;

        Holder(CallSteps steps) {
            this.steps = steps;
        }

        @Override
        public int read() {
            throw new UnsupportedOperationException("call steps never go over the wire");
        }
    }
}
