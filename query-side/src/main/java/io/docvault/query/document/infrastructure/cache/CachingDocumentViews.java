package io.docvault.query.document.infrastructure.cache;

import io.docvault.query.document.model.DocumentFilter;
import io.docvault.query.document.model.DocumentOrder;
import io.docvault.query.document.model.DocumentPage;
import io.docvault.query.document.model.DocumentViews;
import io.docvault.query.document.model.ListCursor;
import io.docvault.query.document.model.StoredDocument;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cache-aside over the read model, without KEYS scans:
 * <ul>
 *   <li>latest documents under {@code dv:latest:b1:<id>} ({@code b1}: the entries' format,
 *       {@link CacheCodec}), each entry tagged with the epoch and the
 *       document's generation ({@code dv:gen:<id>}) it was read under; the projection bumps the
 *       generation after it commits a change, and an entry is served only while its tag is current.
 *       A hit is one round trip (epoch, generation and entry in one MGET). An entry only ever moves
 *       forward (epoch, then generation, then version), so a reader never goes back to an older
 *       version once it saw a newer one;</li>
 *   <li>past versions (immutable) under {@code dv:version:b1:<id>:<version>} with a long TTL;</li>
 *   <li>content by its SHA-256 ({@code dv:content:<sha256>}), immutable too;</li>
 *   <li>list pages under the global list generation ({@code dv:lists}), bumped on every change.</li>
 * </ul>
 * Every mutable entry also carries a global epoch ({@code dv:epoch}; in its key, or for the latest
 * entries in their tag), bumped when invalidations could not be delivered during a Redis outage.
 * Anything Redis cannot answer in time is read from the read model.
 */
final class CachingDocumentViews implements DocumentViews {

    private static final Logger log = LoggerFactory.getLogger(CachingDocumentViews.class);

    private final DocumentViews store;
    private final RedisCache cache;
    private final CacheSettings settings;

    CachingDocumentViews(DocumentViews store, RedisCache cache, CacheSettings settings) {
        this.store = store;
        this.cache = cache;
        this.settings = settings;
    }

    /** Called after the projection committed a change of a document. */
    void invalidate(String documentId) {
        cache.bump(generationKey(documentId));
        cache.bump("dv:lists");
    }

    @Override
    public Optional<StoredDocument> latest(String documentId, boolean withContent) {
        return latest(documentId, withContent, 0);
    }

    @Override
    public Optional<StoredDocument> latest(String documentId, boolean withContent, long atLeast) {
        if (!withContent) {
            return store.latest(documentId, false);
        }
        String key = latestKey(documentId);
        Optional<RedisCache.Generation> generation = cache.latest("latest", generationKey(documentId), key);
        if (generation.isEmpty()) {
            return store.latest(documentId, true);
        }
        if (generation.get().matches()) {
            if (generation.get().version() >= atLeast) {
                Optional<StoredDocument> cached = decode("latest", key, generation.get().payload(), CacheCodec::document);
                if (cached.isPresent()) {
                    return cached;
                }
            } else {
                // The read model is known to be further on (the projection's invalidation is on its
                // way): move the generation on now, so nobody is served this entry again.
                invalidate(documentId);
            }
        }
        Optional<StoredDocument> loaded = store.latest(documentId, true);
        loaded.filter(this::small).ifPresent(document -> cache.setLatestIfNewer("latest", key, generation.get(),
                document.view().version(), CacheCodec.write(document), settings.latestTtl()));
        return loaded;
    }

    @Override
    public Optional<StoredDocument> latestHeld(String documentId) {
        return cache.latestHeld("latest", generationKey(documentId), latestKey(documentId)).flatMap(generation -> {
            try {
                return Optional.of(CacheCodec.document(generation.payload()));
            } catch (CacheCodec.MalformedEntryException e) {
                // latest(), on a thread that may call Redis, removes it.
                return Optional.empty();
            }
        });
    }

    @Override
    public Optional<StoredDocument> version(String documentId, long version, boolean withContent) {
        if (!withContent) {
            return store.version(documentId, version, false);
        }
        String key = "dv:version:" + CacheCodec.FORMAT_TAG + ":" + documentId + ":" + version;
        Optional<byte[]> cached = cache.get("version", key);
        Optional<StoredDocument> decoded = cached.flatMap(entry -> decode("version", key, entry, CacheCodec::document));
        if (decoded.isPresent()) {
            return decoded;
        }
        Optional<StoredDocument> loaded = store.version(documentId, version, true);
        loaded.filter(this::small).ifPresent(document ->
                cache.setIfAbsent("version", key, CacheCodec.write(document), settings.versionTtl()));
        return loaded;
    }

    @Override
    public Optional<StoredDocument> asOf(String documentId, Instant at, boolean withContent) {
        return store.asOf(documentId, at, withContent);
    }

    @Override
    public long currentVersion(String documentId) {
        return store.currentVersion(documentId);
    }

    @Override
    public DocumentPage list(DocumentFilter filter, DocumentOrder order, ListCursor cursor, int pageSize) {
        Optional<String> generation = cache.generation("list", "dv:lists");
        if (generation.isEmpty()) {
            return store.list(filter, order, cursor, pageSize);
        }
        String key = "dv:list:" + CacheCodec.FORMAT_TAG + ":" + generation.get() + ":"
                + digest(filter + "|" + order + "|" + cursor + "|" + pageSize);
        Optional<DocumentPage> cached = cache.get("list", key)
                .flatMap(entry -> decode("list", key, entry, CacheCodec::page));
        if (cached.isPresent()) {
            return cached.get();
        }
        DocumentPage page = store.list(filter, order, cursor, pageSize);
        cache.setIfAbsent("list", key, CacheCodec.write(page), settings.listTtl());
        return page;
    }

    @Override
    public Map<String, byte[]> contents(Collection<String> sha256s) {
        Map<String, byte[]> found = new HashMap<>();
        java.util.List<String> missing = new java.util.ArrayList<>();
        for (String sha256 : sha256s) {
            cache.get("content", "dv:content:" + sha256).ifPresentOrElse(bytes -> found.put(sha256, bytes),
                    () -> missing.add(sha256));
        }
        if (!missing.isEmpty()) {
            Map<String, byte[]> loaded = store.contents(missing);
            loaded.forEach((sha256, bytes) -> {
                if (bytes.length <= settings.maxEntryBytes()) {
                    cache.setIfAbsent("content", "dv:content:" + sha256, bytes, settings.versionTtl());
                }
            });
            found.putAll(loaded);
        }
        return found;
    }

    /**
     * The cached record, or empty (read the read model instead) when the entry does not decode; such an
     * entry is removed, or no write would replace it before it expires.
     */
    private <T> Optional<T> decode(String kind, String key, byte[] entry, Function<byte[], T> codec) {
        try {
            return Optional.of(codec.apply(entry));
        } catch (CacheCodec.MalformedEntryException e) {
            log.warn("Redis cache entry {} does not decode, removed: {}", key, e.getMessage());
            cache.delete(kind, key);
            return Optional.empty();
        }
    }

    private boolean small(StoredDocument document) {
        return document.content() == null || document.content().length <= settings.maxEntryBytes();
    }

    private static String latestKey(String documentId) {
        return "dv:latest:" + CacheCodec.FORMAT_TAG + ":" + documentId;
    }

    private static String generationKey(String documentId) {
        return "dv:gen:" + documentId;
    }

    private static String digest(String text) {
        return io.docvault.api.document.ContentDigest.sha256Hex(text.getBytes(StandardCharsets.UTF_8)).substring(0, 32);
    }

    /** TTLs and the largest entry cached. */
    record CacheSettings(Duration latestTtl, Duration versionTtl, Duration listTtl, long maxEntryBytes) {
    }
}
