package io.docvault.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.docvault.generation.engine.ConversionTimedOutException;
import io.docvault.generation.infrastructure.OfficePdfConverter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.jodconverter.local.office.LocalOfficeUtils;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The office pool's supervision against real LibreOffice processes that fail: stopped (SIGSTOP),
 * killed (SIGKILL), or aborting while they start. The office home here is a folder whose
 * {@code program/soffice.bin} is a script that runs the installed LibreOffice, except on the starts
 * listed in its {@code crash-on} file, where it aborts (exit code 134) the way LibreOffice has been
 * seen to when two processes create fresh profiles at once. It counts a start per new profile folder
 * (each process the converter starts gets one) and records the pid of each launch. Skipped where
 * LibreOffice is not installed.
 *
 * <p>The waits here do not fail on uncaught exceptions of other threads (Awaitility's default): when a
 * replaced office process is killed, JODConverter's connection thread may try to restart it on a
 * manager already stopping and die of the executor's RejectedExecutionException, which is harmless.
 */
class OfficeRecoveryIT {

    static final Duration TASK_TIMEOUT = Duration.ofSeconds(10);

    @TempDir
    Path officeHome;

    Path realBinary;

    @BeforeEach
    void fakeOfficeHome() throws IOException {
        Optional<Path> installed = Optional.ofNullable(LocalOfficeUtils.getDefaultOfficeHome())
                .map(home -> home.toPath().resolve("program").resolve("soffice.bin"))
                .filter(Files::isRegularFile);
        Assumptions.assumeTrue(installed.isPresent(),
                "LibreOffice is not installed (apt-get install libreoffice-writer-nogui): office recovery tests skipped");
        realBinary = installed.get();
        Path program = Files.createDirectories(officeHome.resolve("program"));
        Path script = program.resolve("soffice.bin");
        Files.writeString(script, """
                #!/bin/sh
                # Runs LibreOffice. A start is the first launch on a new profile folder (LibreOffice relaunches
                # itself once when it has created one); the starts whose number is listed in crash-on abort.
                dir=$(dirname "$0")
                profile=""
                for arg in "$@"; do
                  case "$arg" in *UserInstallation=*) profile=${arg#*UserInstallation=} ;; esac
                done
                if [ -n "$profile" ] && ! grep -qxF "$profile" "$dir/profiles" 2>/dev/null; then
                  echo "$profile" >> "$dir/profiles"
                  if grep -qx "$(wc -l < "$dir/profiles")" "$dir/crash-on" 2>/dev/null; then kill -ABRT $$; fi
                fi
                [ -n "$profile" ] && echo $$ >> "$dir/pids"
                exec "%1$s" "$@"
                """.formatted(realBinary));
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @Test
    @DisplayName("a process that aborts while starting is started again, and the first conversion succeeds")
    void aStartThatAbortsIsTriedAgain() {
        crashOn(1);
        try (OfficePdfConverter converter = converter(1)) {
            assertThat(pages(converter.toPdf(DocxTemplates.invoice("FIRST START ABORTS")))).isPositive();
            assertThat(converter.available()).isTrue();
        }
        assertThat(starts()).as("the one that aborted, its second try").isEqualTo(2);
    }

    @Test
    @DisplayName("a process that times out is replaced, even when its replacement aborts on its first start")
    void aTimedOutProcessIsReplacedThoughTheRestartAborts() {
        crashOn(2);
        try (OfficePdfConverter converter = converter(1)) {
            byte[] docx = DocxTemplates.invoice("RESTART ABORTS");
            assertThat(pages(converter.toPdf(docx))).isPositive();
            ProcessHandle office = lastOfficeProcess();
            Signals.send("STOP", office);
            try {
                assertThatThrownBy(() -> converter.toPdf(docx)).isInstanceOf(ConversionTimedOutException.class);
                await().dontCatchUncaughtExceptions().atMost(Duration.ofSeconds(30)).until(() -> !office.isAlive());
            } finally {
                if (office.isAlive()) {
                    Signals.send("CONT", office);
                }
            }
            assertThat(pages(converter.toPdf(docx))).isPositive();
        }
        assertThat(starts()).as("the first, the one that aborted, its second try").isEqualTo(3);
    }

    @Test
    @DisplayName("with every process hung, each conversion times out, and the pool serves again soon after")
    void everyProcessHungRecoversSoonAfterTheTimeouts() throws Exception {
        try (OfficePdfConverter converter = converter(2)) {
            byte[] docx = DocxTemplates.invoice("ALL HUNG");
            List<ProcessHandle> hung = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                assertThat(pages(converter.toPdf(docx))).isPositive();
            }
            read(officeHome.resolve("program").resolve("pids")).lines()
                    .map(pid -> ProcessHandle.of(Long.parseLong(pid)))
                    .flatMap(Optional::stream).filter(ProcessHandle::isAlive).forEach(hung::add);
            assertThat(hung).hasSize(2);
            hung.forEach(office -> Signals.send("STOP", office));
            ExecutorService callers = Executors.newFixedThreadPool(2);
            try {
                List<Future<byte[]>> stuck = List.of(callers.submit(() -> converter.toPdf(docx)),
                        callers.submit(() -> converter.toPdf(docx)));
                for (Future<byte[]> call : stuck) {
                    assertThatThrownBy(() -> call.get(TASK_TIMEOUT.multipliedBy(3).toMillis(), TimeUnit.MILLISECONDS))
                            .hasCauseInstanceOf(ConversionTimedOutException.class);
                }
                long started = System.nanoTime();
                assertThat(pages(converter.toPdf(docx))).isPositive();
                assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(TASK_TIMEOUT.multipliedBy(2));
            } finally {
                callers.shutdownNow();
                hung.stream().filter(ProcessHandle::isAlive).forEach(office -> Signals.send("CONT", office));
            }
            await().dontCatchUncaughtExceptions().atMost(Duration.ofSeconds(30)).until(() -> hung.stream().noneMatch(ProcessHandle::isAlive));
        }
    }

    @Test
    @DisplayName("a hung process is killed, not waited for, when its slot is let go (here: the converter closing)")
    void aHungProcessDoesNotHoldTheStop() {
        OfficePdfConverter converter = converter(1);
        ProcessHandle office;
        try {
            assertThat(pages(converter.toPdf(DocxTemplates.invoice("HUNG AT CLOSE")))).isPositive();
            office = lastOfficeProcess();
            Signals.send("STOP", office);
        } catch (RuntimeException e) {
            converter.close();
            throw e;
        }
        long started = System.nanoTime();
        try {
            converter.close();
            // JODConverter's own stop asks the process to terminate first, and waits up to two minutes.
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(TASK_TIMEOUT);
            await().dontCatchUncaughtExceptions().atMost(Duration.ofSeconds(10)).until(() -> !office.isAlive());
        } finally {
            if (office.isAlive()) {
                Signals.send("CONT", office);
            }
        }
    }

    @Test
    @DisplayName("a process killed between conversions is replaced before the next one, which does not wait out the timeout")
    void aKilledProcessIsReplacedBeforeTheNextConversion() {
        crashOn(2);
        try (OfficePdfConverter converter = converter(2)) {
            byte[] docx = DocxTemplates.invoice("KILLED");
            assertThat(pages(converter.toPdf(docx))).isPositive();
            ProcessHandle office = lastOfficeProcess();
            office.destroyForcibly();
            await().dontCatchUncaughtExceptions().atMost(Duration.ofSeconds(30)).until(() -> !office.isAlive());
            for (int i = 0; i < 4; i++) {
                long started = System.nanoTime();
                assertThat(pages(converter.toPdf(docx))).isPositive();
                assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(TASK_TIMEOUT);
            }
        }
    }

    private OfficePdfConverter converter(int poolSize) {
        OfficePdfConverter converter = OfficePdfConverter.create(Optional.of(officeHome), poolSize, TASK_TIMEOUT);
        converter.start();
        return converter;
    }

    private void crashOn(int... starts) {
        String lines = Arrays.stream(starts).mapToObj(Integer::toString).collect(Collectors.joining("\n", "", "\n"));
        write(officeHome.resolve("program").resolve("crash-on"), lines);
    }

    private int starts() {
        return (int) read(officeHome.resolve("program").resolve("profiles")).lines().count();
    }

    private ProcessHandle lastOfficeProcess() {
        List<String> pids = read(officeHome.resolve("program").resolve("pids")).lines().toList();
        long pid = Long.parseLong(pids.get(pids.size() - 1));
        return ProcessHandle.of(pid).orElseThrow(() -> new AssertionError("office process " + pid + " is not running"));
    }

    private static int pages(byte[] pdf) {
        try (PDDocument document = Loader.loadPDF(pdf)) {
            return document.getNumberOfPages();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
