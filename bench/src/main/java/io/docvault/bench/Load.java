package io.docvault.bench;

import com.google.common.util.concurrent.FutureCallback;
import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.util.concurrent.MoreExecutors;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Closed-loop load over async stubs: {@code inFlight} callers, each starting its next call when the
 * previous one completes. One warm-up, then {@code repetitions} windows of fixed length; a call counts
 * in the window it started in.
 */
final class Load {

    /** Starts call number {@code n} of caller {@code caller}. */
    interface Call {
        ListenableFuture<?> start(int caller, long n);
    }

    private static final AtomicLong FAILURES = new AtomicLong();

    private final int inFlight;
    private final Duration warmup;
    private final Duration window;
    private final int repetitions;
    private final ProcessCpu serverCpu;

    Load(int inFlight, Duration warmup, Duration window, int repetitions) {
        this(inFlight, warmup, window, repetitions, null);
    }

    private Load(int inFlight, Duration warmup, Duration window, int repetitions, ProcessCpu serverCpu) {
        this.inFlight = inFlight;
        this.warmup = warmup;
        this.window = window;
        this.repetitions = repetitions;
        this.serverCpu = serverCpu;
    }

    Load withInFlight(int callers) {
        return new Load(callers, warmup, window, repetitions, serverCpu);
    }

    /** The same load, also measuring the CPU the server process uses per completed call. */
    Load measuringCpuOf(long serverPid) {
        return new Load(inFlight, warmup, window, repetitions, new ProcessCpu(serverPid));
    }

    /** One measurement per repetition, after the warm-up. */
    List<Measurement> run(Call call) throws InterruptedException {
        drive(call, warmup, null);
        List<Measurement> results = new ArrayList<>();
        for (int r = 0; r < repetitions; r++) {
            Histogram latencies = new ConcurrentHistogram(TimeUnit.MINUTES.toNanos(1), 3);
            double cpuBefore = serverCpu == null ? Double.NaN : serverCpu.micros();
            long count = drive(call, window, latencies);
            double cpuPerCall = serverCpu == null || count == 0 ? Double.NaN : (serverCpu.micros() - cpuBefore) / count;
            results.add(Measurement.of(count / (window.toNanos() / 1e9), latencies, cpuPerCall));
        }
        return results;
    }

    /** Runs for {@code length}; returns the calls completed (successfully) that started in it. */
    long drive(Call call, Duration length, Histogram latencies) throws InterruptedException {
        long end = System.nanoTime() + length.toNanos();
        AtomicLong completed = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        AtomicLong sequence = new AtomicLong();
        CountDownLatch done = new CountDownLatch(inFlight);
        for (int caller = 0; caller < inFlight; caller++) {
            next(call, caller, end, sequence, completed, failed, latencies, done);
        }
        if (!done.await(length.toMillis() + 120_000, TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("calls still pending two minutes after the window");
        }
        if (failed.get() > 0) {
            System.err.printf("  %d calls failed in this window%n", failed.get());
        }
        return completed.get();
    }

    private static void next(Call call, int caller, long end, AtomicLong sequence, AtomicLong completed,
                             AtomicLong failed, Histogram latencies, CountDownLatch done) {
        long started = System.nanoTime();
        if (started >= end) {
            done.countDown();
            return;
        }
        Futures.addCallback(call.start(caller, sequence.getAndIncrement()), new FutureCallback<Object>() {
            @Override
            public void onSuccess(Object result) {
                if (latencies != null) {
                    latencies.recordValue(System.nanoTime() - started);
                }
                completed.incrementAndGet();
                next(call, caller, end, sequence, completed, failed, latencies, done);
            }

            @Override
            public void onFailure(Throwable error) {
                if (failed.getAndIncrement() == 0) {
                    System.err.println("  call failed: " + error);
                }
                next(call, caller, end, sequence, completed, failed, latencies, done);
            }
        }, MoreExecutors.directExecutor());
    }

    /** Calls until {@code total} succeeded (for seeding), with {@code inFlight} at once. */
    void until(Call call, long total) throws InterruptedException {
        AtomicLong sequence = new AtomicLong();
        AtomicLong succeeded = new AtomicLong();
        CountDownLatch done = new CountDownLatch(inFlight);
        for (int caller = 0; caller < inFlight; caller++) {
            seed(call, caller, total, sequence, succeeded, done);
        }
        done.await();
    }

    private static void seed(Call call, int caller, long total, AtomicLong sequence, AtomicLong succeeded,
                             CountDownLatch done) {
        if (sequence.get() >= total) {
            done.countDown();
            return;
        }
        Futures.addCallback(call.start(caller, sequence.getAndIncrement()), new FutureCallback<Object>() {
            @Override
            public void onSuccess(Object result) {
                succeeded.incrementAndGet();
                seed(call, caller, total, sequence, succeeded, done);
            }

            @Override
            public void onFailure(Throwable error) {
                if (FAILURES.incrementAndGet() > 1000) {
                    System.err.println("  seeding gave up after 1000 failed calls: " + error);
                    done.countDown();
                    return;
                }
                sequence.decrementAndGet();
                seed(call, caller, total, sequence, succeeded, done);
            }
        }, MoreExecutors.directExecutor());
    }
}
