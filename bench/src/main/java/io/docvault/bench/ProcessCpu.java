package io.docvault.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

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
    private final Path tasks;

    ProcessCpu(long pid) {
        this.stat = Path.of("/proc", Long.toString(pid), "stat");
        this.tasks = Path.of("/proc", Long.toString(pid), "task");
    }

    /** CPU microseconds so far; NaN where there is no {@code /proc} (not Linux) or the process ended. */
    double micros() {
        try {
            return micros(Files.readString(stat));
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /**
     * CPU microseconds so far of the JVM's JIT compiler threads alive now (HotSpot names them "C1
     * CompilerThread<n>" and "C2 CompilerThread<n>"); NaN where there is no {@code /proc}.
     */
    double compilerMicros() {
        try (Stream<Path> threads = Files.list(tasks)) {
            double total = 0;
            for (Path thread : (Iterable<Path>) threads::iterator) {
                try {
                    if (Files.readString(thread.resolve("comm")).contains("CompilerThre")) {
                        total += micros(Files.readString(thread.resolve("stat")));
                    }
                } catch (IOException e) {
                    // The thread ended between the listing and the read: its time is no longer counted.
                }
            }
            return total;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    private static double micros(String statLine) {
        // Fields after the command, which is in parentheses and may hold spaces: state is first, utime the
        // 12th and stime the 13th.
        String[] fields = statLine.substring(statLine.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * (double) MICROS_PER_TICK;
    }
}
