package io.docvault.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Samples the server's VmRSS every 100 ms while open. */
final class RssSampler implements AutoCloseable {
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final Path status;
    private volatile long maxKb;
    private volatile long lastKb;

    RssSampler(long pid) {
        this.status = Path.of("/proc", Long.toString(pid), "status");
        timer.scheduleAtFixedRate(this::sample, 0, 100, TimeUnit.MILLISECONDS);
    }

    private void sample() {
        try {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith("VmRSS:")) {
                    lastKb = Long.parseLong(line.replaceAll("[^0-9]", ""));
                    maxKb = Math.max(maxKb, lastKb);
                }
            }
        } catch (IOException | RuntimeException gone) {
            // no /proc (not Linux) or the process ended: keep what was seen
        }
    }

    long maxKb() {
        return maxKb;
    }

    long lastKb() {
        return lastKb;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
