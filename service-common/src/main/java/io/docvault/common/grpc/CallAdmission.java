package io.docvault.common.grpc;

import io.docvault.api.error.ServerBusyException;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.StatusRuntimeException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
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
 * about, not exactly, the number of calls waiting. What is queued while call threads are free does not
 * count: a previous call's completion, queued for a thread about to take it, does not refuse the next.
 * Nor are the calls an admitted call makes to this same server (a generation reading its template and
 * storing its output over the loopback channel): they carry {@link #ownCallHeaders()}, a value drawn at random when the process starts, and are
 * admitted as steps of the call they serve; refusing them would throw away a conversion already done.
 */
final class CallAdmission {

    /** Set on a refused call's headers by {@link #admit}; a caller's own value is discarded by {@link #forget}. */
    private static final Metadata.Key<String> REFUSED = Metadata.Key.of("docvault-internal-refused",
            Metadata.ASCII_STRING_MARSHALLER);

    /** Set by this process on its calls to itself ({@link #ownCallHeaders}); only this process knows the value. */
    private static final Metadata.Key<String> OWN_CALL = Metadata.Key.of("docvault-internal-own-call",
            Metadata.ASCII_STRING_MARSHALLER);

    private static final Context.Key<Boolean> OWN_CALL_CONTEXT = Context.key("docvault-own-call");

    private final int maxQueued;
    private final AtomicLong refused = new AtomicLong();
    private final String ownCallKey = newKey();
    private final byte[] ownCallBytes = ownCallKey.getBytes(StandardCharsets.US_ASCII);

    /** {@code maxQueued} 0: no limit. */
    CallAdmission(int maxQueued) {
        this.maxQueued = maxQueued;
    }

    /** Drops a mark a caller sent itself; to be called on every new call's headers, before anything else. */
    void forget(Metadata headers) {
        headers.discardAll(REFUSED);
    }

    /** Headers for this process's calls to itself, which are admitted whatever waits. */
    Metadata ownCallHeaders() {
        Metadata headers = new Metadata();
        headers.put(OWN_CALL, ownCallKey);
        return headers;
    }

    /** Whether a new call may wait for one of {@code calls}' threads; marks {@code headers} when not. */
    boolean admit(ThreadPoolExecutor calls, Metadata headers) {
        int waiting = refusal(calls);
        if (waiting < 0 || isOwnCall(headers)) {
            return true;
        }
        headers.put(REFUSED, Integer.toString(waiting));
        refused.incrementAndGet();
        return false;
    }

    /** Counts a refusal that {@link #refusal} decided and the caller carried out. */
    void countRefusal() {
        refused.incrementAndGet();
    }

    /** -1 when work may wait for one of {@code calls}' threads, else the number of calls waiting. */
    int refusal(ThreadPoolExecutor calls) {
        int waiting = calls.getQueue().size();
        if (maxQueued == 0 || waiting < maxQueued) {
            return -1;
        }
        // Only now, as the pool's counts take its lock: a step just queued for a thread that is free
        // (or not yet started) is not waiting, and must not make a call be refused while threads idle.
        waiting -= Math.max(0, calls.getCorePoolSize() - calls.getActiveCount());
        return waiting < maxQueued ? -1 : waiting;
    }

    /** Whether the current call is one this process made to itself (set by {@link #interceptor()}). */
    static boolean isOwnCall(Context context) {
        return OWN_CALL_CONTEXT.get(context) != null;
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
                    // Known to work continued on a call thread later (CallThreads), which admits it as this call.
                    return isOwnCall(headers)
                            ? Contexts.interceptCall(Context.current().withValue(OWN_CALL_CONTEXT, Boolean.TRUE),
                                    call, headers, next)
                            : next.startCall(call, headers);
                }
                StatusRuntimeException busy = GrpcErrorMapper.toStatusException(
                        new ServerBusyException(Integer.parseInt(waiting)));
                call.close(busy.getStatus(), busy.getTrailers() == null ? new Metadata() : busy.getTrailers());
                return new ServerCall.Listener<>() {
                };
            }
        };
    }

    /** Compared in constant time: the value must not be guessable from how fast a wrong one is refused. */
    private boolean isOwnCall(Metadata headers) {
        String value = headers.get(OWN_CALL);
        return value != null && MessageDigest.isEqual(ownCallBytes, value.getBytes(StandardCharsets.US_ASCII));
    }

    private static String newKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return HexFormat.of().formatHex(key);
    }
}
