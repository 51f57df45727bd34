package io.docvault.common.config;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Every DocVault setting, bound from {@code docvault.*} properties. Environment variables map onto
 * them by Spring's relaxed binding: {@code DOCVAULT_GRPC_PORT} sets {@code docvault.grpc.port},
 * {@code DOCVAULT_DB_URL} sets {@code docvault.db.url}, and so on. README.md lists them all.
 */
@ConfigurationProperties(prefix = "docvault")
public record DocVaultProperties(
        @DefaultValue Grpc grpc,
        @DefaultValue Db db,
        @DefaultValue Content content,
        @DefaultValue Command command,
        @DefaultValue Query query,
        /* Where the query side keeps its read model. */
        @DefaultValue("postgres") ReadModelStore readModel,
        @DefaultValue Mongo mongo,
        @DefaultValue Redis redis,
        @DefaultValue Cache cache,
        @DefaultValue Auth auth,
        @DefaultValue Tls tls,
        @DefaultValue Generation generation,
        @DefaultValue Uploads uploads,
        @DefaultValue Metrics metrics,
        @DefaultValue Log log) {

    /** The stores the read model can live in. */
    public enum ReadModelStore { POSTGRES, MONGO }

    /** MongoDB, when it holds the read model. */
    public record Mongo(
            /* Connection string; its path names the database. */
            @DefaultValue("mongodb://localhost:27017/docvault") String uri) {
    }


    /** Redis, when it caches reads. */
    public record Redis(
            /* e.g. redis://localhost:6379; empty turns the cache off. */
            @DefaultValue("") String url) {

        public boolean enabled() {
            return url != null && !url.isBlank();
        }
    }

    /** The read cache in Redis, and the retries of read-model reads. */
    public record Cache(
            /* How long a latest document stays cached (it is invalidated on change anyway). */
            @DefaultValue("10m") Duration latestTtl,
            /* How long past versions and content (immutable) stay cached. */
            @DefaultValue("24h") Duration versionTtl,
            /* How long a list page stays cached (invalidated by any change). */
            @DefaultValue("1m") Duration listTtl,
            /* Longest wait for one Redis command before reading from the read model instead. */
            @DefaultValue("100ms") Duration timeout,
            /* Larger documents are not cached. */
            @DefaultValue("1MB") DataSize maxEntrySize,
            /* Share of failed Redis calls (over the last 20) that opens the circuit breaker. */
            @DefaultValue("50") int breakerFailureRate,
            /* How long the breaker stays open before it tries Redis again. */
            @DefaultValue("5s") Duration breakerOpenFor,
            /* Attempts of a read-model read that fails transiently, before UNAVAILABLE. */
            @DefaultValue("3") int readAttempts,
            /* Wait before the first retry; doubled for each further one. */
            @DefaultValue("50ms") Duration readBackoff,
            /* Memory for this process's copies of the Redis entries it read, kept exact by Redis's
               invalidations (CLIENT TRACKING); a read they hold makes no round trip. 0: none. */
            @DefaultValue("32MB") DataSize localSize) {

        public Cache {
            if (localSize.isNegative()) {
                throw new IllegalArgumentException("docvault.cache.local-size must be 0 (none) or more, got " + localSize);
            }
        }
    }

    /** The gRPC endpoint. */
    public record Grpc(
            /* TCP port; 0 picks a free one (tests). */
            @DefaultValue("50051") int port,
            /* How long a shutdown waits for in-flight calls before cancelling them. */
            @DefaultValue("10s") Duration shutdownGrace,
            /* Threads that run calls; calls beyond them wait their turn (started threads end after a minute idle). */
            @DefaultValue("64") int callThreads,
            /* Calls that may wait for a call thread; a new call beyond them is refused at once (UNAVAILABLE,
               SERVER_BUSY). 0: no limit. */
            @DefaultValue("1000") int maxQueuedCalls) {

        public Grpc {
            if (callThreads < 1) {
                throw new IllegalArgumentException("docvault.grpc.call-threads must be 1 or more, got " + callThreads);
            }
            if (maxQueuedCalls < 0) {
                throw new IllegalArgumentException("docvault.grpc.max-queued-calls must be 0 (no limit) or more, got "
                        + maxQueuedCalls);
            }
        }
    }

    /** The PostgreSQL database holding the event store and the read model. */
    public record Db(
            /* JDBC URL; when empty an embedded PostgreSQL is started. */
            @DefaultValue("") String url,
            @DefaultValue("postgres") String username,
            @DefaultValue("") String password,
            /* Data directory of the embedded PostgreSQL; kept across restarts. */
            @DefaultValue(".docvault/pgdata") Path embeddedDataDir,
            @DefaultValue("16") int maxPoolSize,
            /* Longest wait for a pooled connection; then the call fails UNAVAILABLE (e.g. the database is down). */
            @DefaultValue("5s") Duration connectionTimeout,
            /* Events the event store reads per query, for processors and aggregate loads (all held in memory at once). */
            @DefaultValue("100") int eventBatchSize) {

        public boolean embedded() {
            return url == null || url.isBlank();
        }
    }

    /** Limits on document content. */
    public record Content(@DefaultValue("4MB") DataSize maxSize) {
    }

    /** The command side. */
    public record Command(
            /* A document's aggregate is snapshotted every this many events, so loading it never replays more. */
            @DefaultValue("100") int snapshotEvery,
            /* Documents whose aggregate stays in memory between commands (least recently used go first); 0 = none. */
            @DefaultValue("10000") int aggregateCacheSize,
            /* Most commands committed in one transaction (group commit); 1 = each command in its own. */
            @DefaultValue("32") int groupCommitMaxBatch) {

        public Command {
            if (groupCommitMaxBatch < 1) {
                throw new IllegalArgumentException(
                        "docvault.command.group-commit-max-batch must be 1 or more, got " + groupCommitMaxBatch);
            }
        }
    }

    /** The query side. */
    public record Query(
            /* Longest a GetDocument with min_version waits for the read model, whatever the deadline. */
            @DefaultValue("10s") Duration minVersionMaxWait,
            /* Changes a WatchDocuments stream may fall behind before it is ended with RESOURCE_EXHAUSTED. */
            @DefaultValue("1000") int watchBuffer,
            /* Most content bytes one ListDocuments page with include_content carries (at least one document). */
            @DefaultValue("4MB") DataSize maxPageContent,
            /* How often a caught-up projection processor looks for new events (in its store's in-memory cache). */
            @DefaultValue("10ms") Duration projectionPollInterval,
            /* Events per transaction of a read-model rebuild (the live processor uses Axon's batch-size). */
            @DefaultValue("1000") int rebuildBatchSize,
            /* Most latest-version GetDocument reads one read-model query answers, when the cache is off: the reads
               waiting while the previous query ran (never waiting for more). 0: each read on a call thread. */
            @DefaultValue("64") int readBatchSize) {

        public Query {
            if (readBatchSize < 0) {
                throw new IllegalArgumentException("docvault.query.read-batch-size must not be negative, got " + readBatchSize);
            }
        }
    }

    /** Authentication of callers by bearer JWT, and their roles. SECURITY.md describes the model. */
    public record Auth(
            /* true: every call (but health and reflection) needs a valid token; false: none does.
               Unset means false with the embedded database and is refused with an external one. */
            Boolean enabled,
            /* Shared secret of HS256-signed tokens (at least 32 bytes); one of the three key sources. */
            @DefaultValue("") String hs256Secret,
            /* PEM file with the RSA public key (or a certificate) of RS256-signed tokens. */
            Path publicKeyFile,
            /* JWK Set file with the RSA public keys of RS256-signed tokens, chosen by the token's kid. */
            Path jwksFile,
            /* When set, the iss claim must equal it. */
            @DefaultValue("") String issuer,
            /* When set, the aud claim must contain it. */
            @DefaultValue("") String audience,
            /* Leeway for exp and nbf against this server's clock. */
            @DefaultValue("60s") Duration clockSkew,
            /* Claim holding the roles: a list or a space-separated string; dots walk into objects. */
            @DefaultValue("roles") String rolesClaim) {
    }

    /** TLS on the gRPC port, from PEM files; with a client CA, clients must present a certificate. */
    public record Tls(
            /* Certificate chain of the server (PEM). */
            Path certFile,
            /* Private key of the server (PEM, PKCS#8). */
            Path keyFile,
            /* CA certificates (PEM) that client certificates must be signed by; set, mTLS is required. */
            Path clientCaFile) {

        public boolean enabled() {
            return isSet(certFile) || isSet(keyFile);
        }

        public static boolean isSet(Path file) {
            return file != null && !file.toString().isBlank();
        }
    }

    /** Document generation: DOCX templates filled and converted to PDF by LibreOffice. */
    public record Generation(
            /* LibreOffice installation (the folder holding program/soffice.bin); empty = auto-detect. */
            @DefaultValue("") String officeHome,
            /* Office processes, and so generations running at once. */
            @DefaultValue("2") int poolSize,
            /* Longest one conversion may take; then its office process is killed and restarted. */
            @DefaultValue("60s") Duration taskTimeout,
            /* Generations that may wait for a free office process; more are RESOURCE_EXHAUSTED. */
            @DefaultValue("16") int queueSize,
            /* host:port of the DocVault serving templates and storing outputs; empty = this server. */
            @DefaultValue("") String documentsTarget) {
    }

    /** A folder that also receives every generated file. */
    public record Uploads(
            /* Folder path; empty = files are only returned and stored as documents. */
            @DefaultValue("") String dir) {

        public boolean enabled() {
            return dir != null && !dir.isBlank();
        }
    }

    /** The Prometheus endpoint. */
    public record Metrics(
            /* Serve /metrics over HTTP; false turns the endpoint off (meters are still kept). */
            @DefaultValue("true") boolean enabled,
            /* TCP port of the HTTP endpoint; 0 picks a free one (tests). */
            @DefaultValue("9464") int port) {
    }

    /** The log output. */
    public record Log(
            /* text: Spring Boot's console lines; json: one ECS JSON object per line. */
            @DefaultValue("text") LogFormat format) {
    }

    /** How log lines are written to standard output. */
    public enum LogFormat { TEXT, JSON }

    /** Largest gRPC message accepted: the content limit plus room for the other fields. */
    public int maxInboundMessageBytes() {
        return Math.toIntExact(content.maxSize().toBytes() + DataSize.ofMegabytes(1).toBytes());
    }
}
