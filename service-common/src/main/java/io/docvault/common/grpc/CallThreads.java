package io.docvault.common.grpc;

import io.docvault.api.error.ServerBusyException;
import io.docvault.common.config.DocVaultProperties;
import io.grpc.Context;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.stub.StreamObserver;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The threads calls run on: a fixed pool of {@code docvault.grpc.call-threads}, behind
 * {@link CallAdmission}. A call is handed to one of them when it arrives, unless its method answers on
 * arrival ({@link #answerOnArrival}): such a method runs on the transport thread that read it, answers
 * there what memory alone answers, and hands the rest of its work over with {@link #continueOnCallThread}.
 * A hand-over costs about as much as a cache hit's own work (BENCHMARKS.md, "Cache hits from local
 * copies of Redis entries"), so a read that never blocks is better answered where it arrives, and work
 * that waits in a queue of its own is better answered from there ({@link #answerWhenDone}).
 */
public final class CallThreads {

    private static final Logger log = LoggerFactory.getLogger(CallThreads.class);

    private final ThreadPoolExecutor pool;
    private final CallAdmission admission;
    private final Set<String> onArrival = ConcurrentHashMap.newKeySet();

    public CallThreads(DocVaultProperties.Grpc grpc) {
        this.admission = new CallAdmission(grpc.maxQueuedCalls());
        AtomicInteger count = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(grpc.callThreads(), grpc.callThreads(), 60, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), runnable -> {
                    Thread thread = new Thread(runnable, "grpc-call-" + count.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        pool.allowCoreThreadTimeOut(true);
    }

    /**
     * Runs {@code method}'s calls on the transport thread that reads them. Its handler must not block:
     * whatever may wait (a database, Redis, a {@code min_version}) goes through {@link #continueOnCallThread}.
     */
    public void answerOnArrival(MethodDescriptor<?, ?> method) {
        onArrival.add(method.getFullMethodName());
    }

    /**
     * Continues the current call's work on a call thread, with the call's gRPC context and request id,
     * admitted as a new call would be ({@code UNAVAILABLE}, {@code SERVER_BUSY}, when too many wait; the
     * server's calls to itself are admitted whatever waits). Whatever {@code work} throws closes the call
     * with the status {@link GrpcErrorMapper} gives it, as for a handler that throws.
     */
    public void continueOnCallThread(StreamObserver<?> response, Runnable work) {
        Context context = Context.current();
        int refusedWith = CallAdmission.isOwnCall(context) ? -1 : admission.refusal(pool);
        if (refusedWith >= 0) {
            admission.countRefusal();
            fail(response, new ServerBusyException(refusedWith));
            return;
        }
        String requestId = RequestIds.current();
        try {
            pool.execute(() -> {
                Context previous = context.attach();
                if (requestId != null) {
                    MDC.put(RequestIds.MDC_KEY, requestId);
                }
                try {
                    work.run();
                } catch (RuntimeException e) {
                    fail(response, e);
                } finally {
                    MDC.remove(RequestIds.MDC_KEY);
                    context.detach(previous);
                }
            });
        } catch (RejectedExecutionException stopped) {
            // The server is stopping: the caller may try another instance.
            fail(response, new ServerBusyException(pool.getQueue().size()));
        }
    }

    /**
     * Answers the current call with {@code result} once it completes, on the thread that completes it:
     * for a method answered on arrival whose work waits in a queue of its own rather than on a call
     * thread (an update waiting for its group commit). The answer is sent with the call's gRPC context
     * and request id; a failure closes the call with the status {@link GrpcErrorMapper} gives it.
     */
    public static <T> void answerWhenDone(StreamObserver<T> response, CompletionStage<T> result) {
        Context context = Context.current();
        String requestId = RequestIds.current();
        result.whenComplete((value, failure) -> {
            Context previous = context.attach();
            // Done already (refused at once), this runs on the caller's thread, whose request id stays.
            String previousId = MDC.get(RequestIds.MDC_KEY);
            if (requestId != null) {
                MDC.put(RequestIds.MDC_KEY, requestId);
            }
            try {
                if (failure != null) {
                    fail(response, failure);
                } else {
                    response.onNext(value);
                    response.onCompleted();
                }
            } catch (RuntimeException closed) {
                log.debug("call closed before its answer could be sent: {}", closed.toString());
            } finally {
                if (previousId != null) {
                    MDC.put(RequestIds.MDC_KEY, previousId);
                } else {
                    MDC.remove(RequestIds.MDC_KEY);
                }
                context.detach(previous);
            }
        });
    }

    /** The executor for a new call: null (the transport thread) for health checks and methods answered on arrival. */
    Executor executorFor(ServerCall<?, ?> call, Metadata headers) {
        // Only this server marks a call refused, whatever a caller sent.
        admission.forget(headers);
        MethodDescriptor<?, ?> method = call.getMethodDescriptor();
        if (HealthGrpc.SERVICE_NAME.equals(method.getServiceName()) || onArrival.contains(method.getFullMethodName())) {
            return null;
        }
        // A refused call stays on the transport thread, where the admission interceptor ends it.
        return admission.admit(pool, headers) ? pool : null;
    }

    CallAdmission admission() {
        return admission;
    }

    /** Call threads running a call now. */
    int busy() {
        return pool.getActiveCount();
    }

    /** Calls (or their next steps) waiting for a call thread now. */
    int queued() {
        return pool.getQueue().size();
    }

    void shutdown() {
        pool.shutdownNow();
    }

    private static void fail(StreamObserver<?> response, Throwable e) {
        try {
            response.onError(GrpcErrorMapper.toStatusException(e));
        } catch (RuntimeException closed) {
            // Cancelled or closed meanwhile: nobody is waiting for the answer.
            log.debug("call closed before its failure could be sent: {}", closed.toString());
        }
    }
}
