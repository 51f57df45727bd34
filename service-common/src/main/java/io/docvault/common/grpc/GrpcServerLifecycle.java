package io.docvault.common.grpc;

import io.docvault.common.auth.AuthenticationInterceptor;
import io.docvault.common.config.DocVaultProperties;
import io.grpc.BindableService;
import io.grpc.ClientInterceptor;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallExecutorSupplier;
import io.grpc.ServerCredentials;
import io.grpc.ServerInterceptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import io.grpc.stub.MetadataUtils;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Owns the one gRPC server of the process: every {@link BindableService} bean, plus health and
 * reflection, on one port. Starts after everything else (so calls find the event store and processors
 * running) and stops first, letting in-flight calls finish within the configured grace period.
 *
 * <p>Calls run on a fixed pool of {@code docvault.grpc.call-threads} threads, not grpc-java's default
 * unbounded cached pool: under more load than the database pool serves, the calls beyond the threads
 * wait in the pool's queue, not as threads in the connection pool's queue, where they made the
 * projection wait past the connection timeout and abort its batches. grpc-java looks a call's method up
 * on the server's own executor before it hands the call to the executor chosen for it; that one is the
 * transport thread (a map lookup, no hand-over), and health checks, which never block, stay on it: they
 * answer while every call thread is taken (e.g. by reads waiting for {@code min_version}). So do the
 * methods answered on arrival ({@link CallThreads#answerOnArrival}), which hand over only what may block.
 *
 * <p>About {@code docvault.grpc.max-queued-calls} calls at most wait for a thread; a new call beyond them
 * is refused at once ({@link CallAdmission}) and counted in {@code docvault.grpc.calls.refused}. Two gauges
 * show how close the pool is to its limit: {@code docvault.grpc.call.threads.busy} and
 * {@code docvault.grpc.calls.queued} (calls waiting for a thread).
 */
public final class GrpcServerLifecycle implements SmartLifecycle, MeterBinder {

    private static final Logger log = LoggerFactory.getLogger(GrpcServerLifecycle.class);

    private final DocVaultProperties properties;
    private final List<BindableService> services;
    private final ServerInterceptor authentication;
    private final ServerCredentials credentials;
    private final List<ServerInterceptor> outerInterceptors;
    private final CallThreads calls;
    private final CallAdmission admission;
    private final HealthStatusManager health = new HealthStatusManager();
    private volatile Server server;

    public GrpcServerLifecycle(DocVaultProperties properties, List<BindableService> services) {
        this(properties, new CallThreads(properties.grpc()), services, List.of());
    }

    /**
     * With {@code outerInterceptors} around every call, outside the request id, error mapping and caller
     * context (so, e.g., a metrics interceptor sees the status a call really ends with); the first
     * of the list is the outermost.
     */
    public GrpcServerLifecycle(DocVaultProperties properties, CallThreads calls, List<BindableService> services,
                               List<ServerInterceptor> outerInterceptors) {
        this.calls = calls;
        this.properties = properties;
        this.services = List.copyOf(services);
        // Built here, so that a wrong auth or TLS setting stops the start-up before anything runs.
        this.authentication = AuthenticationInterceptor.fromSettings(properties);
        this.credentials = TransportSecurity.serverCredentials(properties.tls());
        this.outerInterceptors = List.copyOf(outerInterceptors);
        this.admission = calls.admission();
    }

    @Override
    public void start() {
        NettyServerBuilder builder = NettyServerBuilder.forPort(properties.grpc().port(), credentials)
                .directExecutor()
                .callExecutor(new ServerCallExecutorSupplier() {
                    @Override
                    public <ReqT, RespT> Executor getExecutor(ServerCall<ReqT, RespT> call, Metadata headers) {
                        return calls.executorFor(call, headers);
                    }
                })
                .maxInboundMessageSize(properties.maxInboundMessageBytes())
                .addService(health.getHealthService())
                .addService(ProtoReflectionServiceV1.newInstance())
                // Interceptors run last-added first: errors are mapped around everything, including
                // a bad caller header.
                .intercept(new CallerContext())
                // Before the caller context, which takes the actor from the verified token.
                .intercept(authentication)
                .intercept(new ErrorMappingInterceptor())
                // Outside the error mapping, so its log lines carry the request id.
                .intercept(new RequestIds())
                // Outside the other interceptors of ours, so a refused call costs little more; inside
                // the outer ones, so that the metrics count it.
                .intercept(admission.interceptor());
        for (int i = outerInterceptors.size() - 1; i >= 0; i--) {
            builder.intercept(outerInterceptors.get(i));
        }
        services.forEach(service -> builder.addService(MalformedRequests.rejectMalformed(service.bindService())));
        try {
            server = builder.build().start();
        } catch (IOException e) {
            calls.shutdown();
            throw new UncheckedIOException("cannot start the gRPC server on port " + properties.grpc().port(), e);
        }
        services.forEach(service -> health.setStatus(service.bindService().getServiceDescriptor().getName(),
                !(service instanceof ServiceHealth h) || h.serving() ? ServingStatus.SERVING : ServingStatus.NOT_SERVING));
        health.setStatus(HealthStatusManager.SERVICE_NAME_ALL_SERVICES, ServingStatus.SERVING);
        log.info("gRPC server listening on port {} with {}", server.getPort(),
                services.stream().map(s -> s.bindService().getServiceDescriptor().getName()).toList());
    }

    @Override
    public void stop() {
        Server running = server;
        if (running == null) {
            return;
        }
        health.enterTerminalState();
        running.shutdown();
        try {
            long graceMillis = properties.grpc().shutdownGrace().toMillis();
            if (!running.awaitTermination(graceMillis, TimeUnit.MILLISECONDS)) {
                log.warn("in-flight gRPC calls did not finish within {} ms; cancelling them", graceMillis);
                running.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            running.shutdownNow();
            Thread.currentThread().interrupt();
        }
        server = null;
        calls.shutdown();
        log.info("gRPC server stopped");
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("docvault.grpc.call.threads.busy", this, GrpcServerLifecycle::callThreadsBusy)
                .description("gRPC call threads running a call").register(registry);
        Gauge.builder("docvault.grpc.calls.queued", this, GrpcServerLifecycle::callsQueued)
                .description("gRPC calls waiting for a call thread").register(registry);
        FunctionCounter.builder("docvault.grpc.calls.refused", admission, CallAdmission::refused)
                .description("gRPC calls refused because docvault.grpc.max-queued-calls were waiting already")
                .register(registry);
    }

    /** Call threads running a call now. */
    public int callThreadsBusy() {
        return calls.busy();
    }

    /** Calls (or their next steps) waiting for a call thread now. */
    public int callsQueued() {
        return calls.queued();
    }

    @Override
    public boolean isRunning() {
        return server != null;
    }

    /** Starts after the event processors (which use the default phase and below). */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 1000;
    }

    /** The port actually bound, useful when the configured port is 0. */
    public int port() {
        Server running = server;
        if (running == null) {
            throw new IllegalStateException("the gRPC server is not running");
        }
        return running.getPort();
    }

    public HealthStatusManager health() {
        return health;
    }

    /**
     * For a channel to this same server: its calls are admitted whatever waits for a call thread, as
     * steps of the admitted call they serve (see {@link CallAdmission}). Not for calls to other servers,
     * which do not know this process's value.
     */
    public ClientInterceptor ownCalls() {
        return MetadataUtils.newAttachHeadersInterceptor(admission.ownCallHeaders());
    }
}
