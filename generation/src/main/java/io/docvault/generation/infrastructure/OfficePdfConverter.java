package io.docvault.generation.infrastructure;

import io.docvault.generation.engine.ConversionTimedOutException;
import io.docvault.generation.engine.ConverterUnavailableException;
import io.docvault.generation.engine.PdfConverter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import org.jodconverter.core.document.DefaultDocumentFormatRegistry;
import org.jodconverter.core.office.OfficeException;
import org.jodconverter.local.LocalConverter;
import org.jodconverter.local.office.LocalOfficeManager;
import org.jodconverter.local.office.LocalOfficeUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DOCX to PDF with LibreOffice headless, through JODConverter: a pool of office processes, each
 * converting one document at a time and each supervised here, not left to JODConverter's own
 * restarts. A process whose conversion times out, whose connection is lost, or which has done its
 * share of conversions is stopped and replaced in the background, its slot back in the pool once the
 * new process answers. A start that fails (LibreOffice can abort while it creates a fresh profile)
 * is tried again; only one process starts at a time. JODConverter, left to itself, logs a failed
 * restart and keeps the dead process in its pool, where every later task waits out its timeout.
 *
 * <p>The pool starts with the first conversion (or {@link #start()}), so a server that never
 * generates never runs LibreOffice. Where LibreOffice is not installed, or its first process does
 * not start, the converter is unavailable: the server runs on with generation disabled.
 */
public final class OfficePdfConverter implements PdfConverter, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(OfficePdfConverter.class);

    /** How long an office process may take to start (a first start creates its user profile). */
    private static final long PROCESS_START_TIMEOUT_MILLIS = 120_000;
    /** A process is replaced after this many conversions, which keeps its memory in check. */
    private static final int MAX_CONVERSIONS_PER_PROCESS = 200;
    /** Starts of one process before it counts as failed; the pause between them doubles from the first. */
    private static final int START_ATTEMPTS = 3;
    private static final long FIRST_RETRY_PAUSE_MILLIS = 500;

    private final Path officeHome;
    private final int poolSize;
    private final long taskTimeoutMillis;
    private final BlockingQueue<OfficeProcess> idle = new LinkedBlockingQueue<>();
    /** One process starts at a time: two fresh profiles created at once have made LibreOffice abort. */
    private final ReentrantLock startLock = new ReentrantLock();
    private final ExecutorService replacements = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "office-replacement");
        thread.setDaemon(true);
        return thread;
    });
    private final List<OfficeProcess> processes = new ArrayList<>();
    private volatile boolean started;
    private volatile String unavailableReason;

    private OfficePdfConverter(Path officeHome, int poolSize, long taskTimeoutMillis, String unavailableReason) {
        this.officeHome = officeHome;
        this.poolSize = poolSize;
        this.taskTimeoutMillis = taskTimeoutMillis;
        this.unavailableReason = unavailableReason;
    }

    /**
     * A converter over the LibreOffice installation, not started yet.
     *
     * @param officeHome the installation (the folder holding {@code program/soffice.bin}); empty = auto-detect
     * @param poolSize office processes
     * @param taskTimeout longest one conversion may take
     */
    public static OfficePdfConverter create(Optional<Path> officeHome, int poolSize, Duration taskTimeout) {
        if (poolSize < 1) {
            throw new IllegalArgumentException("the office pool needs at least one process");
        }
        Optional<Path> home = officeHome.or(OfficePdfConverter::detectOfficeHome);
        if (home.isEmpty() || !Files.isRegularFile(home.get().resolve("program").resolve("soffice.bin"))) {
            String reason = home.map(h -> "no LibreOffice installation at " + h).orElse("LibreOffice is not installed");
            log.warn("document generation disabled: {}", reason);
            return new OfficePdfConverter(null, poolSize, taskTimeout.toMillis(), reason);
        }
        return new OfficePdfConverter(home.get(), poolSize, taskTimeout.toMillis(), null);
    }

    /**
     * Starts the office processes, one after the other, unless they run already; afterwards
     * {@link #available()} tells whether it worked. A process other than the first that does not
     * start is tried again when a conversion needs it.
     */
    public synchronized void start() {
        if (started || unavailableReason != null) {
            return;
        }
        for (int i = 0; i < poolSize; i++) {
            OfficeProcess process = new OfficeProcess(i + 1);
            try {
                process.ensureRunning();
            } catch (OfficeException e) {
                if (i == 0) {
                    log.warn("document generation disabled: LibreOffice at {} did not start", officeHome, e);
                    unavailableReason = "LibreOffice did not start";
                    return;
                }
                log.warn("office process {} did not start; the next conversion on it starts it again", i + 1, e);
            }
            processes.add(process);
            idle.add(process);
        }
        started = true;
        log.info("LibreOffice at {} started: {} office processes, {} ms per conversion", officeHome, poolSize,
                taskTimeoutMillis);
    }

    @Override
    public byte[] toPdf(byte[] docx) {
        start();
        if (unavailableReason != null) {
            throw new ConverterUnavailableException("document generation is disabled on this server: " + unavailableReason);
        }
        OfficeProcess process = takeIdle();
        try {
            return process.convert(docx);
        } finally {
            if (process.failed) {
                replaceInBackground(process);
            } else if (process.conversions >= MAX_CONVERSIONS_PER_PROCESS) {
                log.info("office process {} did {} conversions; replacing it", process.slot, process.conversions);
                replaceInBackground(process);
            } else {
                idle.add(process);
            }
        }
    }

    private OfficeProcess takeIdle() {
        try {
            OfficeProcess process = idle.poll(taskTimeoutMillis + PROCESS_START_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
            if (process == null) {
                throw new ConverterUnavailableException("no office process became free for the conversion");
            }
            return process;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConverterUnavailableException("interrupted while waiting for an office process");
        }
    }

    private void replaceInBackground(OfficeProcess process) {
        try {
            replacements.execute(() -> {
                startLock.lock(); // the old manager may still start and stop one of JODConverter's own
                try {
                    process.discard();
                    process.ensureRunning();
                } catch (OfficeException e) {
                    log.warn("office process {} did not start again; the next conversion on it tries once more",
                            process.slot, e);
                } finally {
                    startLock.unlock();
                }
                idle.add(process);
            });
        } catch (RejectedExecutionException e) {
            process.stop(); // the converter is shut down
        }
    }

    @Override
    public boolean available() {
        return unavailableReason == null;
    }

    /** Why generation is disabled; empty while it is not. */
    public Optional<String> unavailableReason() {
        return Optional.ofNullable(unavailableReason);
    }

    @Override
    public synchronized void close() {
        unavailableReason = "the converter was shut down";
        replacements.shutdownNow();
        processes.forEach(OfficeProcess::stop);
        processes.clear();
        idle.clear();
    }

    /** One slot of the pool: at most one office process at a time, used by one conversion at a time. */
    private final class OfficeProcess {

        final int slot;
        int conversions;
        /** The last conversion found the process failing (timed out, lost, not starting): it is replaced. */
        boolean failed;
        private volatile LocalOfficeManager manager;
        private volatile int port;
        private volatile LocalConverter converter;

        OfficeProcess(int slot) {
            this.slot = slot;
        }

        byte[] convert(byte[] docx) {
            failed = false;
            try {
                ensureRunning();
            } catch (OfficeException e) {
                failed = true;
                throw new ConverterUnavailableException(
                        "no office process could be started for the conversion: " + e.getMessage());
            }
            LocalConverter running = converter;
            ByteArrayOutputStream pdf = new ByteArrayOutputStream(docx.length * 2);
            try {
                running.convert(new ByteArrayInputStream(docx)).as(DefaultDocumentFormatRegistry.DOCX)
                        .to(pdf).as(DefaultDocumentFormatRegistry.PDF)
                        .execute();
            } catch (OfficeException e) {
                if (causedBy(e, TimeoutException.class)) {
                    failed = true;
                    log.warn("conversion timed out after {} ms; office process {} is being replaced", taskTimeoutMillis, slot);
                    throw new ConversionTimedOutException(taskTimeoutMillis);
                }
                if (causedBy(e, CancellationException.class)) {
                    failed = true;
                    log.warn("office process {} was lost during a conversion; it is being replaced", slot, e);
                    throw new ConverterUnavailableException("the office process was lost during the conversion; try again");
                }
                throw new IllegalStateException("LibreOffice could not convert the document", e);
            } finally {
                conversions++;
            }
            return pdf.toByteArray();
        }

        /**
         * Starts a process in this slot unless one is connected, trying {@value #START_ATTEMPTS} times. One
         * that is not connected (it died, and JODConverter's restart of it failed or is under way) is
         * stopped first.
         */
        void ensureRunning() throws OfficeException {
            LocalOfficeManager current = manager;
            if (current != null && current.isRunning()) {
                return;
            }
            startLock.lock();
            try {
                if (manager != null) {
                    log.warn("office process {} is not connected; replacing it", slot);
                    discard();
                }
                OfficeException last = null;
                long pause = FIRST_RETRY_PAUSE_MILLIS;
                for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
                    int startingPort = freePort();
                    LocalOfficeManager starting = LocalOfficeManager.builder()
                            .officeHome(officeHome.toFile())
                            .portNumbers(startingPort)
                            .startFailFast(true)
                            .taskExecutionTimeout(taskTimeoutMillis)
                            .taskQueueTimeout(PROCESS_START_TIMEOUT_MILLIS)
                            .processTimeout(PROCESS_START_TIMEOUT_MILLIS)
                            // Replaced here after MAX_CONVERSIONS_PER_PROCESS; JODConverter's own restart never comes.
                            .maxTasksPerProcess(Integer.MAX_VALUE)
                            .build();
                    try {
                        starting.start();
                        port = startingPort;
                        manager = starting;
                        converter = LocalConverter.make(starting);
                        conversions = 0;
                        if (attempt > 1) {
                            log.info("office process {} started on attempt {}", slot, attempt);
                        }
                        return;
                    } catch (OfficeException e) {
                        last = e;
                        killOfficeOn(startingPort);
                        stopQuietly(starting);
                        log.warn("office process {} did not start (attempt {} of {})", slot, attempt, START_ATTEMPTS, e);
                    }
                    if (attempt < START_ATTEMPTS && !pause(pause)) {
                        break;
                    }
                    pause *= 2;
                }
                throw last;
            } finally {
                startLock.unlock();
            }
        }

        /** Kills this slot's office process and stops its manager, waiting for that (shutting down). */
        void stop() {
            LocalOfficeManager old = detach();
            if (old != null) {
                stopQuietly(old);
            }
        }

        /**
         * Kills this slot's office process and stops its manager in the background. A process that hangs
         * (or was stopped with SIGSTOP) would hold JODConverter's stop in its graceful terminate call for
         * its whole process timeout, two minutes, and the slot's replacement with it.
         */
        void discard() {
            LocalOfficeManager old = detach();
            if (old != null) {
                Thread stopping = new Thread(() -> stopQuietly(old), "office-stop-" + slot);
                stopping.setDaemon(true);
                stopping.start();
            }
        }

        private LocalOfficeManager detach() {
            LocalOfficeManager old = manager;
            manager = null;
            converter = null;
            if (old != null) {
                killOfficeOn(port);
            }
            return old;
        }
    }

    private static boolean pause(long millis) {
        try {
            Thread.sleep(millis);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static Optional<Path> detectOfficeHome() {
        try {
            File detected = LocalOfficeUtils.getDefaultOfficeHome();
            return Optional.ofNullable(detected).map(File::toPath);
        } catch (RuntimeException | LinkageError e) {
            return Optional.empty();
        }
    }

    /** Kills the office processes this JVM started that accept connections on {@code port}. */
    private static void killOfficeOn(int port) {
        String accept = "port=" + port + ",";
        try (Stream<ProcessHandle> descendants = ProcessHandle.current().descendants()) {
            descendants.filter(process -> process.info().arguments()
                            .map(arguments -> Arrays.stream(arguments).anyMatch(a -> a.contains("accept=") && a.contains(accept)))
                            .orElse(false))
                    .forEach(ProcessHandle::destroyForcibly);
        }
    }

    private static int freePort() {
        try (ServerSocket probe = new ServerSocket(0)) {
            return probe.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port for an office process", e);
        }
    }

    private static boolean causedBy(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private static void stopQuietly(LocalOfficeManager manager) {
        try {
            manager.stop();
        } catch (OfficeException e) {
            log.warn("an office process did not stop cleanly", e);
        }
    }
}
