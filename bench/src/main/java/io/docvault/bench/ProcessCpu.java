package io.docvault.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
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
     * CPU microseconds so far of each of the JVM's JIT compiler threads alive now (HotSpot names them
     * "C1 CompilerThread<n>" and "C2 CompilerThread<n>"), by thread id; empty where there is no
     * {@code /proc}. Compare two of them with {@link #compilerMicrosSince}: HotSpot starts and ends
     * compiler threads as the load changes, and a sum over the live ones would drop an ended thread's
     * past time.
     */
    Map<String, Double> compilerThreads() {
        Map<String, Double> threads = new HashMap<>();
        try (Stream<Path> tasksNow = Files.list(tasks)) {
            for (Path thread : (Iterable<Path>) tasksNow::iterator) {
                try {
                    if (Files.readString(thread.resolve("comm")).contains("CompilerThre")) {
                        threads.put(thread.getFileName().toString(), micros(Files.readString(thread.resolve("stat"))));
                    }
                } catch (IOException | RuntimeException e) {
                    // The thread ended between the listing and the read: it is not counted.
                }
            }
        } catch (IOException | RuntimeException e) {
            return Map.of();
        }
        return threads;
    }

    /**
     * The compiler threads' CPU microseconds from {@code before} to {@code after}: each thread's own
     * increase (a thread started in between from 0); NaN when {@code after} found no compiler thread.
     */
    static double compilerMicrosSince(Map<String, Double> before, Map<String, Double> after) {
        if (after.isEmpty()) {
            return Double.NaN;
        }
        double used = 0;
        for (Map.Entry<String, Double> thread : after.entrySet()) {
            used += Math.max(0, thread.getValue() - before.getOrDefault(thread.getKey(), 0.0));
        }
        return used;
    }

    private static double micros(String statLine) {
        // Fields after the command, which is in parentheses and may hold spaces: state is first, utime the
        // 12th and stime the 13th.
        String[] fields = statLine.substring(statLine.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * (double) MICROS_PER_TICK;
    }
}
