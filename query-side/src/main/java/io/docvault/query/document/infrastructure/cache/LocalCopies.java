package io.docvault.query.document.infrastructure.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.KeyValue;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.TrackingArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.protocol.ProtocolVersion;
import io.lettuce.core.resource.ClientResources;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies in this process of the Redis keys it read, kept exact by Redis itself: the reads go over a
 * connection of their own with {@code CLIENT TRACKING} on (RESP3), so Redis sends an invalidation for
 * every key this connection read once the key changes (a write by any process, an expiry, an eviction)
 * and the copy is dropped. A read whose keys are all held is answered without a round trip; otherwise
 * all its keys are read in one {@code MGET} and kept.
 *
 * <p>Three races are closed. An invalidation can be handled on Lettuce's event loop after a read's
 * reply was received but before the reader keeps what it read: each key's stripe carries a counter
 * bumped by every invalidation, taken before the read and compared, under the key's lock in the map,
 * when the value is kept. A connection lost drops every copy and stops keeping any (the new connection
 * is not tracked) until tracking is switched on again, by the next read. A Redis that cannot track
 * (before 6.0) gets no copies at all ({@link #connect} gives none) and every read goes to Redis.
 *
 * <p>What a copy may miss is an invalidation still on its way, sent when another process changed the
 * key: the copy then lags Redis by that message's trip (a fraction of a millisecond on one host).
 * Within this process reads stay monotonic: a reply that shows a change comes after the invalidation
 * of the change on the same connection, which drops the copies first.
 */
final class LocalCopies implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LocalCopies.class);

    /** A key Redis does not hold, kept as such; compared by identity (an empty value is another array). */
    private static final byte[] ABSENT = new byte[0];

    /** Per entry beside key and value: the map's node, the strings' headers. */
    private static final int ENTRY_OVERHEAD = 96;

    private static final int STRIPES = 4096;

    private final RedisClient client;
    private final StatefulRedisConnection<String, byte[]> connection;
    private final RedisCommands<String, byte[]> commands;
    private final Cache<String, byte[]> copies;
    private final AtomicLongArray stripes = new AtomicLongArray(STRIPES);
    /** Bumped whenever every copy is dropped (the connection lost, Redis flushed). */
    private final AtomicLong epoch = new AtomicLong();
    private final AtomicBoolean tracked = new AtomicBoolean();
    private final AtomicBoolean switching = new AtomicBoolean();
    private final AtomicLong hits = new AtomicLong();
    private volatile boolean closed;

    private LocalCopies(RedisClient client, StatefulRedisConnection<String, byte[]> connection, long maxBytes) {
        this.client = client;
        this.connection = connection;
        this.commands = connection.sync();
        this.copies = Caffeine.newBuilder()
                .maximumWeight(maxBytes)
                .weigher((String key, byte[] value) -> ENTRY_OVERHEAD + 2 * key.length() + value.length)
                .build();
    }

    /**
     * Local copies over a tracked connection to {@code uri}, holding at most about {@code maxBytes}; none
     * (empty) when {@code maxBytes} is 0 or the server cannot track keys for its clients.
     */
    static Optional<LocalCopies> connect(RedisURI uri, ClientResources resources, Duration timeout, long maxBytes) {
        if (maxBytes <= 0) {
            return Optional.empty();
        }
        RedisURI tracking = RedisURI.builder(uri).withClientName("docvault-local-copies").build();
        RedisClient client = RedisClient.create(resources, tracking);
        client.setOptions(ClientOptions.builder()
                .protocolVersion(ProtocolVersion.RESP3)
                .timeoutOptions(TimeoutOptions.enabled(timeout))
                // While the connection is down, reads go to the read model at once rather than waiting.
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .build());
        StatefulRedisConnection<String, byte[]> connection;
        try {
            connection = client.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
        } catch (RuntimeException e) {
            log.warn("Redis local copies off: cannot open a RESP3 connection ({}); every cache read goes to Redis",
                    e.getMessage());
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
            return Optional.empty();
        }
        LocalCopies local = new LocalCopies(client, connection, maxBytes);
        if (!local.track()) {
            local.close();
            log.warn("Redis local copies off: the server does not track keys for its clients (CLIENT TRACKING, "
                    + "Redis 6 or later); every cache read goes to Redis");
            return Optional.empty();
        }
        connection.addListener(message -> {
            if ("invalidate".equals(message.getType())) {
                local.invalidated(message.getContent(StringCodec.UTF8::decodeKey));
            }
        });
        client.addListener(new RedisConnectionStateListener() {
            @Override
            public void onRedisDisconnected(RedisChannelHandler<?, ?> channel) {
                local.dropAll("connection lost");
            }

            @Override
            public void onRedisConnected(RedisChannelHandler<?, ?> channel, SocketAddress address) {
                // A new connection is not tracked: no copy is kept until the next read switches it on.
                local.dropAll("connection (re)opened");
            }
        });
        log.info("Redis local copies on: up to {} MB, kept exact by Redis's invalidations", maxBytes >> 20);
        return Optional.of(local);
    }

    /**
     * The values of {@code keys} (null where Redis holds none), from the copies when all are held, else
     * from Redis in one {@code MGET}, whose values are then kept.
     *
     * @throws RuntimeException when Redis cannot answer
     */
    List<byte[]> get(List<String> keys) {
        List<byte[]> held = held(keys);
        if (held != null) {
            return held;
        }
        long epochBefore = epoch.get();
        boolean keep = tracked.get() || track();
        long[] stamps = new long[keys.size()];
        for (int i = 0; i < stamps.length; i++) {
            stamps[i] = stripes.get(stripe(keys.get(i)));
        }
        List<KeyValue<String, byte[]>> read = commands.mget(keys.toArray(String[]::new));
        List<byte[]> values = new ArrayList<>(read.size());
        for (int i = 0; i < read.size(); i++) {
            byte[] value = read.get(i).getValueOrElse(null);
            values.add(value);
            if (keep) {
                keep(keys.get(i), value == null ? ABSENT : value, stamps[i], epochBefore);
            }
        }
        return values;
    }

    /** Drops the copy of {@code key} now (this process changed it; Redis's invalidation follows). */
    void drop(String key) {
        stripes.incrementAndGet(stripe(key));
        copies.invalidate(key);
    }

    /** Reads answered from the copies alone. */
    long hits() {
        return hits.get();
    }

    /** Keys held now (an estimate). */
    long size() {
        return copies.estimatedSize();
    }

    @Override
    public void close() {
        closed = true;
        dropAll("closed");
        connection.close();
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }

    /** The values of {@code keys} (null where Redis holds none) when the copies hold them all; else null. No I/O. */
    List<byte[]> held(List<String> keys) {
        List<byte[]> values = new ArrayList<>(keys.size());
        for (String key : keys) {
            byte[] value = copies.getIfPresent(key);
            if (value == null) {
                return null;
            }
            values.add(value == ABSENT ? null : value);
        }
        hits.incrementAndGet();
        return values;
    }

    /** Keeps a value read when neither its key nor every key was invalidated since the read began. */
    private void keep(String key, byte[] value, long stamp, long epochBefore) {
        int stripe = stripe(key);
        // Under the key's lock: an invalidation that bumps the stripe after this check waits for it and
        // then drops what was kept.
        copies.asMap().compute(key, (k, old) ->
                !closed && epoch.get() == epochBefore && stripes.get(stripe) == stamp ? value : old);
    }

    /**
     * Switches tracking on for the current connection; whether it is on. One reader at a time does it;
     * the others keep nothing meanwhile.
     */
    private boolean track() {
        if (closed || !switching.compareAndSet(false, true)) {
            return false;
        }
        try {
            long epochBefore = epoch.get();
            commands.clientTracking(TrackingArgs.Builder.enabled());
            // Lost again meanwhile: the next read tries again.
            if (epoch.get() != epochBefore) {
                return false;
            }
            tracked.set(true);
            return true;
        } catch (RuntimeException e) {
            log.debug("Redis local copies: CLIENT TRACKING failed: {}", e.toString());
            return false;
        } finally {
            switching.set(false);
        }
    }

    private void invalidated(List<Object> content) {
        Object keys = content.size() > 1 ? content.get(1) : null;
        if (!(keys instanceof List<?> list)) {
            // No keys: Redis flushed its databases, every copy goes.
            dropAll("Redis flushed");
            tracked.set(!closed);
            return;
        }
        for (Object key : list) {
            drop(key instanceof ByteBuffer buffer ? StringCodec.UTF8.decodeKey(buffer) : String.valueOf(key));
        }
    }

    private void dropAll(String why) {
        tracked.set(false);
        epoch.incrementAndGet();
        copies.invalidateAll();
        log.debug("Redis local copies dropped: {}", why);
    }

    private static int stripe(String key) {
        return (key.hashCode() & 0x7fffffff) % STRIPES;
    }
}
