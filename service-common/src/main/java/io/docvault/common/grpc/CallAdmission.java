package io.docvault.common.grpc;

import io.docvault.api.error.ServerBusyException;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.StatusRuntimeException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Admission control for the call threads: a new call that finds {@code maxQueued} calls already waiting
 * for a thread is refused at once, with UNAVAILABLE (reason SERVER_BUSY, through the one error mapper),
 * instead of joining a queue that would hold it past its use (an open-loop load on a server that fell
 * behind queued tens of thousands of calls, seconds of waiting and hundreds of megabytes).
 *
 * <p>The decision is made where grpc-java asks for a call's executor ({@link #admit}), on the transport
 * thread, before the call is queued; a refused call stays on that thread and {@link #interceptor()}
 * closes it there, without running the service or the interceptors inside it (the outer ones, such
 * as the metrics interceptor, see it). Calls already admitted are never refused: their later steps
 * (messages, half-close, completion) queue as before, and count towards the limit, which is therefore
 * about, not exactly, the number of calls waiting.
 */
final class CallAdmission {

    /** Set on a refused call's headers by {@link #admit}; a caller's own value is discarded by {@link #forget}. */
    private static final Metadata.Key<String> REFUSED = Metadata.Key.of("docvault-internal-refused",
            Metadata.ASCII_STRING_MARSHALLER);

    private final int maxQueued;
    private final AtomicLong refused = new AtomicLong();

    /** {@code maxQueued} 0: no limit. */
    CallAdmission(int maxQueued) {
        this.maxQueued = maxQueued;
    }

    /** Drops a mark a caller sent itself; to be called on every new call's headers, before anything else. */
    void forget(Metadata headers) {
        headers.discardAll(REFUSED);
    }

    /** Whether a new call may wait for one of {@code calls}' threads; marks {@code headers} when not. */
    boolean admit(ThreadPoolExecutor calls, Metadata headers) {
        int waiting = calls.getQueue().size();
        if (maxQueued == 0 || waiting < maxQueued) {
            return true;
        }
        headers.put(REFUSED, Integer.toString(waiting));
        refused.incrementAndGet();
        return false;
    }

    /** Calls refused so far. */
    double refused() {
        return refused.get();
    }

    /** Closes the calls {@link #admit} refused; lets every other call through untouched. */
    ServerInterceptor interceptor() {
        return new ServerInterceptor() {
            @Override
            public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call, Metadata headers,
                                                                         ServerCallHandler<ReqT, RespT> next) {
                String waiting = headers.get(REFUSED);
                if (waiting == null) {
                    return next.startCall(call, headers);
                }
                StatusRuntimeException busy = GrpcErrorMapper.toStatusException(
                        new ServerBusyException(Integer.parseInt(waiting)));
                call.close(busy.getStatus(), busy.getTrailers() == null ? new Metadata() : busy.getTrailers());
                return new ServerCall.Listener<>() {
                };
            }
        };
    }
}
