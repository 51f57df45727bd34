package io.docvault.client;

import io.docvault.proto.v1.AdminServiceGrpc;
import io.docvault.proto.v1.CommandResult;
import io.docvault.proto.v1.CreateDocumentRequest;
import io.docvault.proto.v1.DeleteDocumentRequest;
import io.docvault.proto.v1.DiffVersionsRequest;
import io.docvault.proto.v1.DiffVersionsResponse;
import io.docvault.proto.v1.Document;
import io.docvault.proto.v1.DocumentChange;
import io.docvault.proto.v1.DocumentCommandServiceGrpc;
import io.docvault.proto.v1.DocumentQueryServiceGrpc;
import io.docvault.proto.v1.GenerateDocumentRequest;
import io.docvault.proto.v1.GenerateDocumentResponse;
import io.docvault.proto.v1.GenerationServiceGrpc;
import io.docvault.proto.v1.GetAuditTrailRequest;
import io.docvault.proto.v1.GetAuditTrailResponse;
import io.docvault.proto.v1.GetDocumentRequest;
import io.docvault.proto.v1.GetProjectionStatusRequest;
import io.docvault.proto.v1.GetProjectionStatusResponse;
import io.docvault.proto.v1.ListDocumentsRequest;
import io.docvault.proto.v1.ListDocumentsResponse;
import io.docvault.proto.v1.ListVersionsRequest;
import io.docvault.proto.v1.ListVersionsResponse;
import io.docvault.proto.v1.ReplayProgress;
import io.docvault.proto.v1.ReplayProjectionsRequest;
import io.docvault.proto.v1.RestoreDocumentRequest;
import io.docvault.proto.v1.RevertDocumentRequest;
import io.docvault.proto.v1.UpdateDocumentRequest;
import io.docvault.proto.v1.VerifyHistoryRequest;
import io.docvault.proto.v1.VerifyHistoryResponse;
import io.docvault.proto.v1.WatchDocumentsRequest;
import io.grpc.Channel;
import io.grpc.ChannelCredentials;
import io.grpc.ClientInterceptors;
import io.grpc.Deadline;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsChannelCredentials;
import io.grpc.stub.MetadataUtils;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A client of a DocVault server: typed calls over the {@code docvault.v1} services.
 *
 * <ul>
 *   <li>Every unary call has a deadline ({@link Builder#timeout}, 30 s by default;
 *       {@link Builder#generationTimeout}, 120 s, for {@link #generate}); the deadline covers all of
 *       the call's attempts. {@link #withTimeout} gives a view with another deadline.</li>
 *   <li>A unary call failing with {@code UNAVAILABLE} is retried with exponential backoff and jitter
 *       ({@link RetryPolicy}); no other code is retried. Commands are safe to retry: a request without
 *       a {@code request_id} gets a fresh UUID, and every attempt of one call sends the same one, so
 *       the server applies the command once.</li>
 *   <li>Streams ({@link #watch}, {@link #replay}) have no deadline and are not retried: close the
 *       returned {@link ServerStream} to end them.</li>
 *   <li>Failures are the call's {@link StatusRuntimeException}, with the server's status code and
 *       {@code google.rpc} details.</li>
 * </ul>
 *
 * <pre>{@code
 * try (DocVaultClient docvault = DocVaultClient.builder().target("localhost:50051").actor("alice").build()) {
 *     CommandResult created = docvault.create(CreateDocumentRequest.newBuilder().setTitle("Plan").build());
 *     Document document = docvault.getAfter(created);
 * }
 * }</pre>
 */
public final class DocVaultClient implements AutoCloseable {

    /** The header the server takes the actor from when authentication is off. */
    public static final Metadata.Key<String> ACTOR_HEADER = Metadata.Key.of("x-actor", Metadata.ASCII_STRING_MARSHALLER);
    /** The header carrying the bearer token. */
    public static final Metadata.Key<String> AUTHORIZATION_HEADER =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    private final ManagedChannel ownedChannel;
    private final Channel channel;
    private final Duration timeout;
    private final Duration generationTimeout;
    private final RetryPolicy retryPolicy;

    private DocVaultClient(ManagedChannel ownedChannel, Channel channel, Duration timeout, Duration generationTimeout,
                           RetryPolicy retryPolicy) {
        this.ownedChannel = ownedChannel;
        this.channel = channel;
        this.timeout = timeout;
        this.generationTimeout = generationTimeout;
        this.retryPolicy = retryPolicy;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The same client (same connection, headers and retry policy) with another deadline for every unary
     * call, generation included. Closing the view does not close the connection.
     */
    public DocVaultClient withTimeout(Duration callTimeout) {
        requirePositive(callTimeout, "callTimeout");
        return new DocVaultClient(null, channel, callTimeout, callTimeout, retryPolicy);
    }

    // --- DocumentCommandService ---

    /** Creates a document; see {@code CreateDocument}. */
    public CommandResult create(CreateDocumentRequest request) {
        CreateDocumentRequest keyed = request.getRequestId().isEmpty()
                ? request.toBuilder().setRequestId(newRequestId()).build() : request;
        return call(timeout, deadline -> commands(deadline).createDocument(keyed));
    }

    /** Changes fields of a document; see {@code UpdateDocument}. */
    public CommandResult update(UpdateDocumentRequest request) {
        UpdateDocumentRequest keyed = request.getRequestId().isEmpty()
                ? request.toBuilder().setRequestId(newRequestId()).build() : request;
        return call(timeout, deadline -> commands(deadline).updateDocument(keyed));
    }

    /** Soft-deletes a document; see {@code DeleteDocument}. */
    public CommandResult delete(DeleteDocumentRequest request) {
        DeleteDocumentRequest keyed = request.getRequestId().isEmpty()
                ? request.toBuilder().setRequestId(newRequestId()).build() : request;
        return call(timeout, deadline -> commands(deadline).deleteDocument(keyed));
    }

    /** Restores a soft-deleted document; see {@code RestoreDocument}. */
    public CommandResult restore(RestoreDocumentRequest request) {
        RestoreDocumentRequest keyed = request.getRequestId().isEmpty()
                ? request.toBuilder().setRequestId(newRequestId()).build() : request;
        return call(timeout, deadline -> commands(deadline).restoreDocument(keyed));
    }

    /** Sets a document back to an earlier version's fields; see {@code RevertDocument}. */
    public CommandResult revert(RevertDocumentRequest request) {
        RevertDocumentRequest keyed = request.getRequestId().isEmpty()
                ? request.toBuilder().setRequestId(newRequestId()).build() : request;
        return call(timeout, deadline -> commands(deadline).revertDocument(keyed));
    }

    // --- DocumentQueryService ---

    /** Reads a document; see {@code GetDocument}. */
    public Document get(GetDocumentRequest request) {
        return call(timeout, deadline -> queries(deadline).getDocument(request));
    }

    /** Reads the latest version of a live document. */
    public Document get(String documentId) {
        return get(GetDocumentRequest.newBuilder().setDocumentId(documentId).build());
    }

    /**
     * Read-your-writes: the document as of at least the version a command produced, waiting for the read
     * side to get there ({@code min_version}; the server answers {@code UNAVAILABLE} when it takes too long,
     * which is retried within this call's deadline). A deleted document is returned too, since a delete's
     * result is a deleted version.
     */
    public Document getAfter(CommandResult written) {
        return get(GetDocumentRequest.newBuilder()
                .setDocumentId(written.getDocumentId())
                .setMinVersion(written.getVersion())
                .setIncludeDeleted(true)
                .build());
    }

    /** Lists documents, a page at a time; see {@code ListDocuments}. */
    public ListDocumentsResponse list(ListDocumentsRequest request) {
        return call(timeout, deadline -> queries(deadline).listDocuments(request));
    }

    /** Lists a document's versions, oldest first; see {@code ListVersions}. */
    public ListVersionsResponse listVersions(ListVersionsRequest request) {
        return call(timeout, deadline -> queries(deadline).listVersions(request));
    }

    /** Compares two versions of a document; see {@code DiffVersions}. */
    public DiffVersionsResponse diff(DiffVersionsRequest request) {
        return call(timeout, deadline -> queries(deadline).diffVersions(request));
    }

    /** Reads the audit trail, newest first; see {@code GetAuditTrail}. */
    public GetAuditTrailResponse auditTrail(GetAuditTrailRequest request) {
        return call(timeout, deadline -> queries(deadline).getAuditTrail(request));
    }

    /** Streams changes from now on until the stream is closed; see {@code WatchDocuments}. */
    public ServerStream<DocumentChange> watch(WatchDocumentsRequest request) {
        return ServerStream.open(() -> DocumentQueryServiceGrpc.newBlockingStub(channel).watchDocuments(request));
    }

    // --- AdminService ---

    /** Rebuilds the read model, streaming progress until {@code REPLAY_PHASE_DONE}; see {@code ReplayProjections}. */
    public ServerStream<ReplayProgress> replay(ReplayProjectionsRequest request) {
        return ServerStream.open(() -> AdminServiceGrpc.newBlockingStub(channel).replayProjections(request));
    }

    /** Each event processor's position and lag; see {@code GetProjectionStatus}. */
    public GetProjectionStatusResponse projectionStatus() {
        return call(timeout, deadline -> AdminServiceGrpc.newBlockingStub(channel).withDeadline(deadline)
                .getProjectionStatus(GetProjectionStatusRequest.getDefaultInstance()));
    }

    /** Recomputes the hash chain of one document's events (or every document's); see {@code VerifyHistory}. */
    public VerifyHistoryResponse verifyHistory(VerifyHistoryRequest request) {
        return call(timeout, deadline -> AdminServiceGrpc.newBlockingStub(channel).withDeadline(deadline)
                .verifyHistory(request));
    }

    // --- GenerationService ---

    /**
     * Fills a DOCX template and stores the PDF as a new document; see {@code GenerateDocument}. Runs under
     * the generation timeout (120 s by default); the output's store is keyed by {@code request_id} like a
     * command, so a retry stores it once.
     */
    public GenerateDocumentResponse generate(GenerateDocumentRequest request) {
        GenerateDocumentRequest keyed = request.getRequestId().isEmpty()
                ? request.toBuilder().setRequestId(newRequestId()).build() : request;
        return call(generationTimeout, deadline -> GenerationServiceGrpc.newBlockingStub(channel).withDeadline(deadline)
                .generateDocument(keyed));
    }

    /** Closes the connection this client opened (not a channel given to {@link Builder#channel}). */
    @Override
    public void close() {
        if (ownedChannel == null) {
            return;
        }
        ownedChannel.shutdown();
        try {
            if (!ownedChannel.awaitTermination(5, TimeUnit.SECONDS)) {
                ownedChannel.shutdownNow();
            }
        } catch (InterruptedException e) {
            ownedChannel.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    private DocumentCommandServiceGrpc.DocumentCommandServiceBlockingStub commands(Deadline deadline) {
        return DocumentCommandServiceGrpc.newBlockingStub(channel).withDeadline(deadline);
    }

    private DocumentQueryServiceGrpc.DocumentQueryServiceBlockingStub queries(Deadline deadline) {
        return DocumentQueryServiceGrpc.newBlockingStub(channel).withDeadline(deadline);
    }

    /** Runs one unary call under one deadline, retrying it on UNAVAILABLE as the retry policy allows. */
    private <R> R call(Duration callTimeout, Function<Deadline, R> attempt) {
        Deadline deadline = Deadline.after(callTimeout.toNanos(), TimeUnit.NANOSECONDS);
        for (int attempts = 1; ; attempts++) {
            try {
                return attempt.apply(deadline);
            } catch (StatusRuntimeException failure) {
                if (failure.getStatus().getCode() != Status.Code.UNAVAILABLE || attempts >= retryPolicy.maxAttempts()) {
                    throw failure;
                }
                Duration pause = retryPolicy.backoff(attempts, ThreadLocalRandom.current());
                if (deadline.timeRemaining(TimeUnit.NANOSECONDS) <= pause.toNanos()) {
                    throw failure;
                }
                try {
                    TimeUnit.NANOSECONDS.sleep(pause.toNanos());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    failure.addSuppressed(e);
                    throw failure;
                }
            }
        }
    }

    private static String newRequestId() {
        return UUID.randomUUID().toString();
    }

    private static void requirePositive(Duration duration, String name) {
        Objects.requireNonNull(duration, name);
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, was " + duration);
        }
    }

    /** Settings of a {@link DocVaultClient}; only the target (or a channel) is required. */
    public static final class Builder {

        private String target;
        private ManagedChannel channel;
        private ChannelCredentials credentials = InsecureChannelCredentials.create();
        private String bearerToken;
        private String actor;
        private Duration timeout = Duration.ofSeconds(30);
        private Duration generationTimeout = Duration.ofSeconds(120);
        private RetryPolicy retryPolicy = RetryPolicy.DEFAULT;
        private int maxInboundMessageSize = 64 << 20;

        private Builder() {
        }

        /** The server, as {@code host:port} or any grpc-java target string. */
        public Builder target(String target) {
            this.target = Objects.requireNonNull(target, "target");
            return this;
        }

        /**
         * Use this channel instead of opening one; the caller keeps owning it ({@link #close()} leaves it
         * open), and {@link #tls} and {@link #maxInboundMessageSize} do not apply.
         */
        public Builder channel(ManagedChannel channel) {
            this.channel = Objects.requireNonNull(channel, "channel");
            return this;
        }

        /** Plain text, no TLS (the default). */
        public Builder plaintext() {
            this.credentials = InsecureChannelCredentials.create();
            return this;
        }

        /** TLS, trusting the JVM's default certificate authorities. */
        public Builder tls() {
            this.credentials = TlsChannelCredentials.create();
            return this;
        }

        /** TLS, trusting only the certificate authorities in this PEM file. */
        public Builder tls(Path trustedCertificates) {
            try {
                this.credentials = TlsChannelCredentials.newBuilder().trustManager(trustedCertificates.toFile()).build();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read trusted certificates from " + trustedCertificates, e);
            }
            return this;
        }

        /**
         * Mutual TLS: trusts the certificate authorities in {@code trustedCertificates} and presents the
         * client certificate chain and its PKCS#8 private key (PEM files) to the server.
         */
        public Builder mutualTls(Path trustedCertificates, Path certificateChain, Path privateKey) {
            try {
                this.credentials = TlsChannelCredentials.newBuilder()
                        .trustManager(trustedCertificates.toFile())
                        .keyManager(certificateChain.toFile(), privateKey.toFile())
                        .build();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the TLS files " + trustedCertificates + ", "
                        + certificateChain + ", " + privateKey, e);
            }
            return this;
        }

        /** Sends {@code authorization: Bearer <token>} with every call; null or blank sends none. */
        public Builder bearerToken(String token) {
            this.bearerToken = token == null || token.isBlank() ? null : token.strip();
            return this;
        }

        /** Sends {@code x-actor: <actor>} with every call; null or blank sends none (the server records "anonymous"). */
        public Builder actor(String actor) {
            this.actor = actor == null || actor.isBlank() ? null : actor.strip();
            return this;
        }

        /** Deadline of every unary call except generation, all attempts included (default 30 s). */
        public Builder timeout(Duration timeout) {
            requirePositive(timeout, "timeout");
            this.timeout = timeout;
            return this;
        }

        /** Deadline of {@link DocVaultClient#generate} (default 120 s). */
        public Builder generationTimeout(Duration generationTimeout) {
            requirePositive(generationTimeout, "generationTimeout");
            this.generationTimeout = generationTimeout;
            return this;
        }

        /** Retries on UNAVAILABLE (default {@link RetryPolicy#DEFAULT}; {@link RetryPolicy#NONE} turns them off). */
        public Builder retryPolicy(RetryPolicy retryPolicy) {
            this.retryPolicy = Objects.requireNonNull(retryPolicy, "retryPolicy");
            return this;
        }

        /** Largest response accepted, in bytes (default 64 MiB: documents near the content limit, generated files). */
        public Builder maxInboundMessageSize(int bytes) {
            if (bytes <= 0) {
                throw new IllegalArgumentException("maxInboundMessageSize must be positive");
            }
            this.maxInboundMessageSize = bytes;
            return this;
        }

        public DocVaultClient build() {
            if ((target == null) == (channel == null)) {
                throw new IllegalStateException("give exactly one of target(...) and channel(...)");
            }
            ManagedChannel owned = channel != null ? null
                    : Grpc.newChannelBuilder(target, credentials).maxInboundMessageSize(maxInboundMessageSize).build();
            ManagedChannel base = channel != null ? channel : owned;
            Metadata headers = new Metadata();
            if (bearerToken != null) {
                headers.put(AUTHORIZATION_HEADER, "Bearer " + bearerToken);
            }
            if (actor != null) {
                headers.put(ACTOR_HEADER, actor);
            }
            Channel intercepted = ClientInterceptors.intercept(base, MetadataUtils.newAttachHeadersInterceptor(headers));
            return new DocVaultClient(owned, intercepted, timeout, generationTimeout, retryPolicy);
        }
    }
}
