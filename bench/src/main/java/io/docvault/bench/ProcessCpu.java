package io.docvault.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The CPU time a process has used so far (user plus system, all its threads, including those that
 * ended), from {@code /proc/<pid>/stat}. Per call, it is less at the mercy of what else the shared
 * machine runs than a throughput is: a neighbour slows the calls down, but hardly changes the CPU
 * each one takes.
 */
final class ProcessCpu {

    /** Linux's USER_HZ, the unit of utime and stime, is 100 on every architecture it runs on. */
    private static final long MICROS_PER_TICK = 10_000;

    private final Path stat;

    ProcessCpu(long pid) {
        this.stat = Path.of("/proc", Long.toString(pid), "stat");
    }

    /** CPU microseconds so far; NaN where there is no {@code /proc} (not Linux) or the process ended. */
    double micros() {
        try {
            String line = Files.readString(stat);
            // Fields after the command, which is in parentheses and may hold spaces: state is first,
            // utime the 12th and stime the 13th.
            String[] fields = line.substring(line.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * (double) MICROS_PER_TICK;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }
}
