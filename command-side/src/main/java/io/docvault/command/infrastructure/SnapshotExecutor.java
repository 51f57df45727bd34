package io.docvault.command.infrastructure;

import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread Axon's snapshotter takes snapshots on, off the committing thread. A snapshot is only a
 * shortcut for loading an aggregate: those still waiting when the process stops are dropped (each
 * aggregate's next {@code snapshot-every} events ask again), and closing lets the one being taken
 * finish, up to 10 s.
 */
final class SnapshotExecutor implements Executor, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SnapshotExecutor.class);

    private final ThreadPoolExecutor thread = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
            new LinkedBlockingQueue<>(), runnable -> {
                Thread created = new Thread(runnable, "snapshotter");
                created.setDaemon(true);
                return created;
            });

    @Override
    public void execute(Runnable snapshot) {
        try {
            thread.execute(snapshot);
        } catch (RejectedExecutionException stopping) {
            // Axon forgets a snapshot in progress only when the task runs or execute throws; a process
            // that stops has no later snapshot to be refused for that.
            log.debug("snapshot not taken: the process is stopping");
        }
    }

    @Override
    public void close() throws InterruptedException {
        int dropped = thread.getQueue().size();
        thread.getQueue().clear();
        thread.shutdown();
        if (dropped > 0) {
            log.info("{} snapshots not taken: the process is stopping", dropped);
        }
        if (!thread.awaitTermination(10, TimeUnit.SECONDS)) {
            log.warn("a snapshot was still being taken 10 s after the process began to stop");
        }
    }
}
