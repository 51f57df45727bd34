package io.docvault.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ProcessCpuTest {

    @Test
    void compilerTimeIsEachThreadsOwnIncrease() {
        // Thread 11 ended in between (its past time must not make the slice look negative or quiet),
        // thread 13 started (counted from 0), thread 12 used 300 µs more.
        Map<String, Double> before = Map.of("11", 5_000_000.0, "12", 1_000.0);
        Map<String, Double> after = Map.of("12", 1_300.0, "13", 200.0);

        assertThat(ProcessCpu.compilerMicrosSince(before, after)).isEqualTo(500.0);
    }

    @Test
    void noCompilerThreadToReadIsNotQuiet() {
        assertThat(ProcessCpu.compilerMicrosSince(Map.of(), Map.of())).isNaN();
    }

    @Test
    void thisJvmsCompilerThreadsAreFound() {
        assertThat(new ProcessCpu(ProcessHandle.current().pid()).compilerThreads()).isNotEmpty();
    }
}
