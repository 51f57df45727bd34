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
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import org.jodconverter.core.document.DefaultDocumentFormatRegistry;
import org.jodconverter.core.office.OfficeException;
import org.jodconverter.local.LocalConverter;
import org.jodconverter.local.office.LocalOfficeManager;
import org.jodconverter.local.office.LocalOfficeUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DOCX to PDF with LibreOffice headless, through JODConverter: a pool of office processes (one per
 * worker), each task bounded by a timeout after which its process is killed and started afresh.
 * The pool starts with the first conversion (or {@link #start()}), so a server that never generates
 * never runs LibreOffice. Where LibreOffice is not installed, or does not start, the converter is
 * unavailable: the server runs on with generation disabled.
 */
public final class OfficePdfConverter implements PdfConverter, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(OfficePdfConverter.class);

    /** How long an office process may take to start (a first start creates its user profile). */
    private static final long PROCESS_START_TIMEOUT_MILLIS = 120_000;
    /** A process is recycled after this many conversions, which keeps its memory in check. */
    private static final int MAX_TASKS_PER_PROCESS = 200;

    private final Path officeHome;
    private final int poolSize;
    private final long taskTimeoutMillis;
    private volatile String unavailableReason;
    private LocalOfficeManager manager;
    private volatile LocalConverter converter;

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

    /** Starts the office processes, unless they run already; afterwards {@link #available()} tells whether it worked. */
    public synchronized void start() {
        if (converter != null || unavailableReason != null) {
            return;
        }
        LocalOfficeManager starting = LocalOfficeManager.builder()
                .officeHome(officeHome.toFile())
                .portNumbers(freePorts(poolSize))
                .taskExecutionTimeout(taskTimeoutMillis)
                .taskQueueTimeout(taskTimeoutMillis + PROCESS_START_TIMEOUT_MILLIS)
                .processTimeout(PROCESS_START_TIMEOUT_MILLIS)
                .maxTasksPerProcess(MAX_TASKS_PER_PROCESS)
                .build();
        try {
            starting.start();
        } catch (OfficeException e) {
            log.warn("document generation disabled: LibreOffice at {} did not start", officeHome, e);
            stopQuietly(starting);
            unavailableReason = "LibreOffice did not start";
            return;
        }
        log.info("LibreOffice at {} started: {} office processes, {} ms per conversion", officeHome, poolSize,
                taskTimeoutMillis);
        manager = starting;
        converter = LocalConverter.make(starting);
    }

    @Override
    public byte[] toPdf(byte[] docx) {
        start();
        LocalConverter running = converter;
        if (running == null) {
            throw new ConverterUnavailableException("document generation is disabled on this server: " + unavailableReason);
        }
        ByteArrayOutputStream pdf = new ByteArrayOutputStream(docx.length * 2);
        try {
            running.convert(new ByteArrayInputStream(docx)).as(DefaultDocumentFormatRegistry.DOCX)
                    .to(pdf).as(DefaultDocumentFormatRegistry.PDF)
                    .execute();
        } catch (OfficeException e) {
            if (causedBy(e, TimeoutException.class)) {
                log.warn("conversion timed out after {} ms; its office process is being restarted", taskTimeoutMillis);
                throw new ConversionTimedOutException(taskTimeoutMillis);
            }
            throw new IllegalStateException("LibreOffice could not convert the document", e);
        }
        return pdf.toByteArray();
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
        if (manager != null) {
            stopQuietly(manager);
            manager = null;
            converter = null;
        }
        unavailableReason = "the converter was shut down";
    }

    private static Optional<Path> detectOfficeHome() {
        try {
            File detected = LocalOfficeUtils.getDefaultOfficeHome();
            return Optional.ofNullable(detected).map(File::toPath);
        } catch (RuntimeException | LinkageError e) {
            return Optional.empty();
        }
    }

    private static int[] freePorts(int count) {
        int[] ports = new int[count];
        ServerSocket[] sockets = new ServerSocket[count];
        try {
            for (int i = 0; i < count; i++) {
                sockets[i] = new ServerSocket(0);
                ports[i] = sockets[i].getLocalPort();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("no free port for an office process", e);
        } finally {
            for (ServerSocket socket : sockets) {
                if (socket != null) {
                    try {
                        socket.close();
                    } catch (IOException ignored) {
                        // the port was only probed
                    }
                }
            }
        }
        return ports;
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
            log.warn("office processes did not stop cleanly", e);
        }
    }
}
