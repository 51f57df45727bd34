package io.docvault.generation.client;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.ErrorInfo;
import io.docvault.common.grpc.CallerContext;
import io.docvault.generation.application.DocumentGenerations;
import io.docvault.generation.application.GenerationOutcome;
import io.docvault.generation.application.OutputDocument;
import io.docvault.generation.application.Provenance;
import io.docvault.generation.application.StoredOutput;
import io.docvault.generation.application.Template;
import io.docvault.generation.application.TemplateSource;
import io.docvault.generation.application.Uploads;
import io.docvault.generation.engine.ConversionTimedOutException;
import io.docvault.generation.engine.ConverterUnavailableException;
import io.docvault.generation.engine.GenerationEngine;
import io.docvault.generation.engine.PdfConverter;
import io.docvault.generation.grpc.GenerationGrpcService;
import io.docvault.generation.infrastructure.DocVaultDocuments;
import io.docvault.proto.v1.GenerateDocumentRequest;
import io.docvault.proto.v1.GenerateDocumentResponse;
import io.docvault.proto.v1.GenerationServiceGrpc;
import io.grpc.Channel;
import io.grpc.ClientInterceptor;
import io.grpc.Deadline;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.MetadataUtils;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client of {@code docvault.v1.GenerationService} for JVM callers. Each generation runs under one
 * deadline (default 120 s); an UNAVAILABLE answer is retried with exponential back-off. When the
 * service stays unreachable, or says it is not serving (health NOT_SERVING, or generation disabled),
 * and a fallback converter was given, the client generates in-process with the same engine the
 * service uses: the template is read from DocVault if it answers, else from the offline templates;
 * the PDF is stored as a document if DocVault answers, else it waits in a pending queue that
 * {@link #flushPending()} uploads later. Every fallback is logged and marked in the result.
 *
 * <p>Each generation carries a request id (one is assigned when the request has none), so a retried
 * call and a flushed pending upload each create the output document once.
 */
public final class GenerationClient {

    private static final Logger log = LoggerFactory.getLogger(GenerationClient.class);

    public static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(120);

    private final Channel channel;
    private final Duration deadline;
    private final int maxAttempts;
    private final Duration initialBackoff;
    private final Duration probeTimeout;
    private final String actor;
    private final DocVaultDocuments documents;
    private final DocumentGenerations fallback;
    private final ConcurrentLinkedDeque<PendingUpload> pending = new ConcurrentLinkedDeque<>();

    private GenerationClient(Builder builder) {
        this.channel = builder.channel;
        this.deadline = builder.deadline;
        this.maxAttempts = builder.maxAttempts;
        this.initialBackoff = builder.initialBackoff;
        this.probeTimeout = builder.probeTimeout;
        this.actor = builder.actor;
        this.documents = new DocVaultDocuments(() -> channel, () -> actor, probeTimeout);
        this.fallback = builder.fallbackConverter == null ? null : new DocumentGenerations(
                new ServerThenOffline(documents, builder.offlineTemplates),
                new GenerationEngine(builder.fallbackConverter),
                documents,
                Uploads.none());
    }

    public static Builder builder(Channel channel) {
        return new Builder(channel);
    }

    /**
     * Generates through the service, or in-process when it cannot be reached (see the class comment).
     *
     * @throws StatusRuntimeException what the service answered (INVALID_ARGUMENT, NOT_FOUND, ...), or
     *         UNAVAILABLE when it stayed unreachable and no fallback was configured
     */
    public GenerationResult generate(GenerateDocumentRequest request) {
        GenerateDocumentRequest keyed = request.getRequestId().isEmpty()
                ? request.toBuilder().setRequestId(UUID.randomUUID().toString()).build()
                : request;
        Deadline until = Deadline.after(deadline.toMillis(), TimeUnit.MILLISECONDS);
        StatusRuntimeException last = null;
        Duration backoff = initialBackoff;
        for (int attempt = 1; attempt <= maxAttempts && !until.isExpired(); attempt++) {
            Optional<String> notServing = notServing(until);
            if (notServing.isPresent()) {
                return fallBack(keyed, notServing.get(), null);
            }
            try {
                GenerateDocumentResponse response = GenerationServiceGrpc.newBlockingStub(channel)
                        .withInterceptors(actorHeader())
                        .withDeadline(until)
                        .generateDocument(keyed);
                return new GenerationResult(response, false, !response.getDocumentId().isEmpty(), Optional.empty());
            } catch (StatusRuntimeException e) {
                if (e.getStatus().getCode() != Status.Code.UNAVAILABLE
                        || ConversionTimedOutException.REASON.equals(reasonOf(e))) {
                    throw e;
                }
                if (ConverterUnavailableException.REASON.equals(reasonOf(e))) {
                    return fallBack(keyed, "the generation service is disabled: " + e.getStatus().getDescription(), e);
                }
                last = e;
                log.info("generation attempt {} of {} failed: {}", attempt, maxAttempts, e.getStatus());
            }
            if (attempt < maxAttempts) {
                pause(backoff, until);
                backoff = backoff.multipliedBy(2);
            }
        }
        String reason = last == null ? "the deadline passed before the service answered"
                : "the generation service is unreachable: " + last.getStatus();
        return fallBack(keyed, reason,
                last != null ? last : Status.DEADLINE_EXCEEDED.withDescription(reason).asRuntimeException());
    }

    /** The outputs generated in-process that wait to be stored, oldest first. */
    public List<PendingUpload> pending() {
        return List.copyOf(pending);
    }

    /**
     * Stores the pending outputs as documents, oldest first, while DocVault answers.
     *
     * @return the documents stored by this call; outputs it could not store stay pending
     */
    public List<StoredOutput> flushPending() {
        List<StoredOutput> stored = new ArrayList<>();
        if (channel instanceof ManagedChannel managed && !pending.isEmpty()) {
            // Reconnect now rather than after the channel's back-off from the outage.
            managed.resetConnectBackoff();
        }
        for (PendingUpload upload = pending.peekFirst(); upload != null; upload = pending.peekFirst()) {
            try {
                stored.add(documents.store(upload.output()));
            } catch (StatusRuntimeException e) {
                if (!transientFailure(e)) {
                    throw e;
                }
                log.info("{} outputs still pending: DocVault is not reachable ({})", pending.size(), e.getStatus());
                break;
            }
            pending.remove(upload);
            log.info("pending output of request {} stored as document {}", upload.requestId(),
                    stored.get(stored.size() - 1).documentId());
        }
        return stored;
    }

    private GenerationResult fallBack(GenerateDocumentRequest request, String reason, StatusRuntimeException failure) {
        if (fallback == null) {
            if (failure != null) {
                throw failure;
            }
            throw Status.UNAVAILABLE.withDescription(reason).asRuntimeException();
        }
        log.warn("falling back to in-process generation: {}", reason);
        GenerationOutcome rendered = fallback.render(GenerationGrpcService.toRequest(request));
        Map<String, String> metadata = new HashMap<>(rendered.output().metadata());
        metadata.put(Provenance.FALLBACK, "in-process");
        OutputDocument output = new OutputDocument(rendered.output().documentId(), rendered.output().title(),
                rendered.output().pdf(), metadata);
        GenerationOutcome outcome = new GenerationOutcome(rendered.template(), rendered.files(), output, Optional.empty());
        try {
            outcome = fallback.store(outcome);
        } catch (StatusRuntimeException e) {
            if (!transientFailure(e)) {
                throw e;
            }
            pending.add(new PendingUpload(request.getRequestId(), output));
            log.warn("the PDF generated in-process for request {} is not stored: DocVault is not reachable ({}); "
                    + "it waits for flushPending()", request.getRequestId(), e.getStatus());
        }
        GenerateDocumentResponse response = GenerationGrpcService.toResponse(request, outcome);
        return new GenerationResult(response, true, outcome.stored().isPresent(), Optional.of(reason));
    }

    /** Why the service cannot serve, by its health check; empty when it can or the check says nothing. */
    private Optional<String> notServing(Deadline until) {
        try {
            ServingStatus status = HealthGrpc.newBlockingStub(channel)
                    .withDeadline(earlier(until, probeTimeout))
                    .check(HealthCheckRequest.newBuilder().setService(GenerationServiceGrpc.SERVICE_NAME).build())
                    .getStatus();
            return status == ServingStatus.SERVING ? Optional.empty()
                    : Optional.of("the generation service reports " + status);
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
                return Optional.of("the server has no generation service");
            }
            // Unreachable: the call itself finds out and is retried; no health service: just call.
            return Optional.empty();
        }
    }

    private ClientInterceptor actorHeader() {
        Metadata headers = new Metadata();
        if (!actor.isEmpty()) {
            headers.put(CallerContext.ACTOR_HEADER, actor);
        }
        return MetadataUtils.newAttachHeadersInterceptor(headers);
    }

    private static boolean transientFailure(StatusRuntimeException e) {
        return e.getStatus().getCode() == Status.Code.UNAVAILABLE
                || e.getStatus().getCode() == Status.Code.DEADLINE_EXCEEDED;
    }

    private static String reasonOf(StatusRuntimeException e) {
        com.google.rpc.Status status = StatusProto.fromThrowable(e);
        if (status == null) {
            return "";
        }
        return status.getDetailsList().stream()
                .filter(any -> any.is(ErrorInfo.class))
                .map(any -> {
                    try {
                        return any.unpack(ErrorInfo.class).getReason();
                    } catch (InvalidProtocolBufferException malformed) {
                        return "";
                    }
                })
                .findFirst().orElse("");
    }

    private static Deadline earlier(Deadline until, Duration timeout) {
        return until.minimum(Deadline.after(timeout.toMillis(), TimeUnit.MILLISECONDS));
    }

    private static void pause(Duration backoff, Deadline until) {
        long millis = Math.min(backoff.toMillis(), until.timeRemaining(TimeUnit.MILLISECONDS));
        if (millis <= 0) {
            return;
        }
        try {
            TimeUnit.MILLISECONDS.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw Status.CANCELLED.withDescription("interrupted while waiting to retry").asRuntimeException();
        }
    }

    /** Templates from DocVault while it answers, else from the templates the caller keeps offline. */
    private record ServerThenOffline(TemplateSource server, TemplateSource offline) implements TemplateSource {

        @Override
        public Template read(String templateId, long version) {
            try {
                return server.read(templateId, version);
            } catch (StatusRuntimeException e) {
                if (offline == null || !transientFailure(e)) {
                    throw e;
                }
                log.warn("DocVault is not reachable ({}); reading template {} from the offline templates",
                        e.getStatus(), templateId);
                return offline.read(templateId, version);
            }
        }
    }

    /** Settings of a client; only the channel is required. */
    public static final class Builder {
        private final Channel channel;
        private Duration deadline = DEFAULT_DEADLINE;
        private int maxAttempts = 3;
        private Duration initialBackoff = Duration.ofMillis(200);
        private Duration probeTimeout = Duration.ofSeconds(5);
        private String actor = "";
        private PdfConverter fallbackConverter;
        private TemplateSource offlineTemplates;

        private Builder(Channel channel) {
            this.channel = Objects.requireNonNull(channel, "channel");
        }

        /** The whole generation's deadline, retries and the service's work included (default 120 s). */
        public Builder deadline(Duration deadline) {
            this.deadline = deadline;
            return this;
        }

        /** Calls made while the service answers UNAVAILABLE (default 3), with doubling pauses in between. */
        public Builder retries(int maxAttempts, Duration initialBackoff) {
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("at least one attempt");
            }
            this.maxAttempts = maxAttempts;
            this.initialBackoff = initialBackoff;
            return this;
        }

        /** Bounds the health check and the document calls of a fallback (default 5 s). */
        public Builder probeTimeout(Duration probeTimeout) {
            this.probeTimeout = probeTimeout;
            return this;
        }

        /** Sent as the {@code x-actor} header, recorded as the creator of stored outputs. */
        public Builder actor(String actor) {
            this.actor = actor;
            return this;
        }

        /**
         * Enables the fallback: generations run in-process on this converter (e.g. an
         * {@code OfficePdfConverter} the caller owns) when the service cannot serve.
         */
        public Builder fallback(PdfConverter converter) {
            this.fallbackConverter = converter;
            return this;
        }

        /** Where a fallback reads templates when DocVault itself is unreachable (e.g. local copies). */
        public Builder offlineTemplates(TemplateSource templates) {
            this.offlineTemplates = templates;
            return this;
        }

        public GenerationClient build() {
            return new GenerationClient(this);
        }
    }
}
