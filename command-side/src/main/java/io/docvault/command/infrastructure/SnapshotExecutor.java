package io.docvault.command.infrastructure;

import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread Axon's snapshotter takes snapshots on, off the committing thread. A snapshot is only a
 * shortcut for loading an aggregate: one asked for while the process stops is dropped (the aggregate's
 * next {@code snapshot-every} events ask again), and closing lets the one being taken finish first.
 */
final class SnapshotExecutor implements Executor, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SnapshotExecutor.class);

    private final ExecutorService thread = Executors.newSingleThreadExecutor(runnable -> {
        Thread created = new Thread(runnable, "snapshotter");
        created.setDaemon(true);
        return created;
    });

    @Override
    public void execute(Runnable snapshot) {
        try {
            thread.execute(snapshot);
        } catch (RejectedExecutionException stopping) {
            log.debug("snapshot not taken: the process is stopping");
        }
    }

    @Override
    public void close() throws InterruptedException {
        thread.shutdown();
        if (!thread.awaitTermination(10, TimeUnit.SECONDS)) {
            log.warn("a snapshot was still being taken 10 s after the process began to stop");
        }
    }
}
