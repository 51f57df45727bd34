package io.docvault.generation.application;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Bounded concurrency for generations: a fixed number of workers (one per office process) and a
 * bounded queue in front of them; a generation that finds the queue full is refused at once with
 * {@link GenerationQueueFullException} instead of piling up.
 */
public final class GenerationQueue implements AutoCloseable {

    private final int workers;
    private final int queueSize;
    private final ThreadPoolExecutor executor;
    /**
     * Admission: one permit per worker and per queue place, taken before a task is handed to the
     * executor and given back when it ends. The executor's own queue is unbounded for that reason: a
     * bounded one refuses a burst while idle workers have not yet taken their tasks.
     */
    private final Semaphore places;

    public GenerationQueue(int workers, int queueSize) {
        if (workers < 1 || queueSize < 0) {
            throw new IllegalArgumentException("workers must be at least 1 and the queue size not negative");
        }
        this.workers = workers;
        this.queueSize = queueSize;
        AtomicInteger threads = new AtomicInteger();
        this.places = new Semaphore(workers + queueSize);
        this.executor = new ThreadPoolExecutor(workers, workers, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
                task -> {
                    Thread thread = new Thread(task, "generation-" + threads.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
    }

    /** Runs the task on a worker and waits for its result; its exceptions are rethrown as they are. */
    public <T> T run(Callable<T> task) {
        if (!places.tryAcquire()) {
            throw new GenerationQueueFullException(workers, queueSize);
        }
        AtomicBoolean started = new AtomicBoolean();
        AtomicBoolean given = new AtomicBoolean();
        Runnable giveBack = () -> {
            if (given.compareAndSet(false, true)) {
                places.release();
            }
        };
        Future<T> future;
        try {
            future = executor.submit(() -> {
                started.set(true);
                try {
                    return task.call();
                } finally {
                    giveBack.run();
                }
            });
        } catch (RuntimeException e) {
            giveBack.run();
            throw e;
        }
        try {
            return future.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException("generation failed", cause);
        } catch (InterruptedException e) {
            // A cancelled task that had not started never will: its place is free now. One that runs
            // gives its place back when it ends.
            if (future.cancel(true) && !started.get()) {
                giveBack.run();
            }
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a generation", e);
        }
    }

    /** Generations a worker is running. */
    public int running() {
        return executor.getActiveCount();
    }

    /** Generations waiting for a worker. */
    public int waiting() {
        return executor.getQueue().size();
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
