package io.docvault.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;

/** Sends a POSIX signal to a process (STOP and CONT freeze and thaw it; the JDK has no call for them). */
final class Signals {

    private Signals() {
    }

    static void send(String signal, ProcessHandle process) {
        try {
            int exit = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO().start().waitFor();
            assertThat(exit).as("kill -" + signal + " " + process.pid()).isZero();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
