package io.docvault.bench;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Warms a fresh server process up until its JIT compilers are done, rather than for a fixed time: on two
 * shared cores a server under load was still compiling two minutes after its start (its C2 compiler
 * thread busy a fifth to a third of a core), and a window measured then pays for the compilation and for
 * running code not yet compiled (P1 after 20 s of warm-up cost 1,045 µs of server CPU per update; P7, the
 * same load later in the same run, 280 µs).
 *
 * <p>The load runs in slices of {@link #SLICE}, the calls taking turns slice by slice; after each slice
 * it prints the slice's rate, the server's CPU per call and its compilers' share of a core. It stops once
 * the compilers used less than {@link #QUIET} of a core in each slice of two rounds in a row (every call
 * twice: one call's code can be compiled while another's still is not), or at the limit (saying so:
 * what is measured next then includes compilation).
 */
final class ServerWarmup {

    static final Duration SLICE = Duration.ofSeconds(5);
    /** Compiler threads' CPU over a slice, as a share of one core, below which the JIT counts as done. */
    static final double QUIET = 0.05;
    /** Rounds of quiet slices (each call once per round) in a row that end the warm-up. */
    private static final int QUIET_ROUNDS = 2;

    private ServerWarmup() {
    }

    /** One call of the warm-up's load, named for its progress lines; the turns take a slice each in turn. */
    record Turn(String name, Load.Call call) {
    }

    /** Updates, then reads: the warm-up of a server that will be measured doing both. */
    static List<Turn> updatesAndReads(Load.Call update, Load.Call read) {
        return List.of(new Turn("UpdateDocument", update), new Turn("GetDocument", read));
    }

    /** What the warm-up ended with. */
    record Result(Duration took, boolean settled, double compilerShare) {
    }

    /**
     * Drives {@code turns}, one slice each in turn, against the server {@code pid} through {@code load}
     * until its JIT is quiet or {@code limit} has passed.
     */
    static Result run(Load load, long pid, List<Turn> turns, Duration limit, PrintStream out)
            throws InterruptedException {
        return run(load, pid, turns, limit, SLICE, out);
    }

    static Result run(Load load, long pid, List<Turn> turns, Duration limit, Duration sliceLength, PrintStream out)
            throws InterruptedException {
        ProcessCpu cpu = new ProcessCpu(pid);
        long start = System.nanoTime();
        int quietSlices = 0;
        double share = Double.NaN;
        for (int slice = 0; ; slice++) {
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
            Duration left = limit.minus(elapsed);
            if (quietSlices >= QUIET_ROUNDS * turns.size() || left.isNegative() || left.isZero()) {
                boolean settled = quietSlices >= QUIET_ROUNDS * turns.size();
                if (slice == 0) {
                    out.println("  no server warm-up (--server-warmup 0s): what is measured next includes compilation");
                } else if (settled) {
                    out.printf("  server warm after %s: its JIT compilers used under %.0f%% of a core in each of"
                            + " the last %d slices%n", seconds(elapsed), QUIET * 100, quietSlices);
                } else {
                    out.printf("  server warm-up stopped at its limit (%s) with the JIT compilers at %.0f%% of a core:"
                            + " what is measured next includes compilation%n", seconds(limit), share * 100);
                }
                return new Result(elapsed, settled, share);
            }
            Duration length = left.compareTo(sliceLength) < 0 ? left : sliceLength;
            Turn turn = turns.get(slice % turns.size());
            Map<String, Double> compilerBefore = cpu.compilerThreads();
            double serverBefore = cpu.micros();
            long sliceStart = System.nanoTime();
            long completed = load.drive(turn.call(), length, null);
            double sliceMicros = (System.nanoTime() - sliceStart) / 1e3;
            share = ProcessCpu.compilerMicrosSince(compilerBefore, cpu.compilerThreads()) / sliceMicros;
            double perCall = completed == 0 ? Double.NaN : (cpu.micros() - serverBefore) / completed;
            out.printf("  warm-up %s: %s %,.0f/s, server CPU %,.0f µs/call, JIT compilers %.0f%% of a core%n",
                    seconds(Duration.ofNanos(System.nanoTime() - start)), turn.name(),
                    completed / (sliceMicros / 1e6), perCall, share * 100);
            // NaN (no /proc) never counts as quiet: the warm-up then runs to its limit, as a fixed one did.
            quietSlices = share < QUIET ? quietSlices + 1 : 0;
        }
    }

    private static String seconds(Duration duration) {
        return String.format("%.1f s", duration.toMillis() / 1000.0);
    }
}
