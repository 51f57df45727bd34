package io.docvault.common.observability;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.docvault.common.config.DocVaultProperties;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Serves the Prometheus text format at {@code GET /metrics} from the JDK's own HTTP server on one
 * thread: no servlet container for one read-only endpoint. Starts before and stops after the gRPC
 * server, so a scrape during shutdown still answers.
 */
public final class MetricsHttpServer implements SmartLifecycle {

    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private static final Logger log = LoggerFactory.getLogger(MetricsHttpServer.class);

    private final DocVaultProperties.Metrics settings;
    private final PrometheusMeterRegistry registry;
    private volatile HttpServer server;
    private volatile ExecutorService executor;

    public MetricsHttpServer(DocVaultProperties.Metrics settings, PrometheusMeterRegistry registry) {
        this.settings = settings;
        this.registry = registry;
    }

    @Override
    public void start() {
        if (!settings.enabled()) {
            log.info("metrics endpoint disabled (docvault.metrics.enabled=false)");
            return;
        }
        try {
            HttpServer http = HttpServer.create(new InetSocketAddress(settings.port()), 0);
            http.createContext("/metrics", this::scrape);
            executor = Executors.newSingleThreadExecutor(runnable -> {
                Thread thread = new Thread(runnable, "docvault-metrics-http");
                thread.setDaemon(true);
                return thread;
            });
            http.setExecutor(executor);
            http.start();
            server = http;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serve metrics on port " + settings.port(), e);
        }
        log.info("metrics at http://0.0.0.0:{}/metrics", port());
    }

    private void scrape(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"/metrics".equals(exchange.getRequestURI().getPath())) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            String method = exchange.getRequestMethod();
            if (!"GET".equals(method) && !"HEAD".equals(method)) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            byte[] body = registry.scrape().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
            if ("HEAD".equals(method)) {
                exchange.sendResponseHeaders(200, -1);
                return;
            }
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public void stop() {
        HttpServer running = server;
        if (running != null) {
            running.stop(0);
            executor.shutdownNow();
            server = null;
        }
    }

    @Override
    public boolean isRunning() {
        return server != null;
    }

    /** Before the event processors and the gRPC server start; after they stop. */
    @Override
    public int getPhase() {
        return 0;
    }

    /** The port actually bound, useful when the configured port is 0. */
    public int port() {
        HttpServer running = server;
        if (running == null) {
            throw new IllegalStateException("the metrics endpoint is not running");
        }
        return running.getAddress().getPort();
    }
}
