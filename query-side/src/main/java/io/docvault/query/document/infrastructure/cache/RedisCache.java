package io.docvault.query.document.infrastructure.cache;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.RedisTemplate;
import org.springframework.data.redis.core.script.DefaultRedisScript;

/**
 * Redis operations for the read-model cache, none of which may hurt a query: each runs under a short
 * command timeout and a circuit breaker, and any failure or open breaker is answered as "not cached"
 * (counted as an error or a bypass) so the caller goes to the read model. The breaker half-opens by
 * itself, so caching resumes when Redis is back.
 */
class RedisCache {

    private static final Logger log = LoggerFactory.getLogger(RedisCache.class);

    /**
     * Stores a versioned value ("<version>|<payload>") unless the key already holds the same or a newer
     * version: an entry only ever moves forward, whatever order concurrent readers fill it in.
     */
    private static final DefaultRedisScript<Long> SET_IF_NEWER = new DefaultRedisScript<>("""
            local current = redis.call('GET', KEYS[1])
            if current then
              local version = tonumber(string.match(current, '^(%d+)|'))
              if version and version >= tonumber(ARGV[1]) then return 0 end
            end
            redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
            return 1""", Long.class);

    static final String EPOCH = "dv:epoch";

    private final java.util.concurrent.atomic.AtomicBoolean missedInvalidations = new java.util.concurrent.atomic.AtomicBoolean();
    private final RedisTemplate<String, byte[]> redis;
    private final CircuitBreaker breaker;
    private final MeterRegistry meters;

    RedisCache(RedisTemplate<String, byte[]> redis, CircuitBreaker breaker, MeterRegistry meters) {
        this.redis = redis;
        this.breaker = breaker;
        this.meters = meters;
        breaker.getEventPublisher().onStateTransition(event ->
                log.warn("Redis cache circuit {}: {}", event.getStateTransition(),
                        event.getStateTransition().getToState() == CircuitBreaker.State.OPEN
                                ? "queries bypass the cache" : "trying the cache again"));
    }

    /** The cached value, or empty on a miss and when Redis cannot answer. */
    Optional<byte[]> get(String kind, String key) {
        Optional<Optional<byte[]>> answer = call(kind, () -> Optional.ofNullable(redis.opsForValue().get(key)));
        answer.ifPresent(value -> count(kind, value.isPresent() ? "hit" : "miss"));
        return answer.flatMap(value -> value);
    }

    /**
     * The global epoch and the generation of {@code key} (0 when unset), in one round trip; empty when
     * Redis cannot answer, or while this process still owes the epoch bump for invalidations it could
     * not deliver (so entries that missed them are never served).
     */
    Optional<String> generation(String kind, String key) {
        if (missedInvalidations.get()) {
            if (call("invalidation", () -> redis.opsForValue().increment(EPOCH)).isEmpty()) {
                count(kind, "bypass");
                return Optional.empty();
            }
            missedInvalidations.set(false);
            log.info("Redis cache back: epoch bumped, entries written before the outage are no longer used");
        }
        return call(kind, () -> {
            List<byte[]> values = redis.opsForValue().multiGet(List.of(EPOCH, key));
            return number(values.get(0)) + ":" + number(values.get(1));
        });
    }

    /** Moves a generation on; when Redis cannot take it, the whole cache is invalidated once it can. */
    void bump(String key) {
        if (call("invalidation", () -> redis.opsForValue().increment(key)).isEmpty()) {
            missedInvalidations.set(true);
        }
    }

    void setIfNewer(String kind, String key, long version, byte[] payload, Duration ttl) {
        byte[] value = concat((version + "|").getBytes(StandardCharsets.US_ASCII), payload);
        call(kind, () -> redis.execute(SET_IF_NEWER, List.of(key), Long.toString(version).getBytes(StandardCharsets.US_ASCII),
                value, Long.toString(ttl.toMillis()).getBytes(StandardCharsets.US_ASCII)));
    }

    void setIfAbsent(String kind, String key, byte[] payload, Duration ttl) {
        call(kind, () -> redis.opsForValue().setIfAbsent(key, payload, ttl));
    }

    /** The payload of a versioned value written by {@link #setIfNewer}. */
    static byte[] payload(byte[] versioned) {
        int bar = 0;
        while (versioned[bar] != '|') {
            bar++;
        }
        return java.util.Arrays.copyOfRange(versioned, bar + 1, versioned.length);
    }

    static long version(byte[] versioned) {
        int bar = 0;
        while (versioned[bar] != '|') {
            bar++;
        }
        return Long.parseLong(new String(versioned, 0, bar, StandardCharsets.US_ASCII));
    }

    /** The operation's result, or empty when Redis failed or the breaker is open. */
    private <T> Optional<T> call(String kind, Supplier<T> operation) {
        try {
            return Optional.ofNullable(breaker.executeSupplier(operation));
        } catch (CallNotPermittedException e) {
            count(kind, "bypass");
            return Optional.empty();
        } catch (RuntimeException e) {
            count(kind, "error");
            log.debug("Redis cache {} failed: {}", kind, e.toString());
            return Optional.empty();
        }
    }

    private static long number(byte[] value) {
        return value == null ? 0 : Long.parseLong(new String(value, StandardCharsets.US_ASCII));
    }

    private void count(String kind, String result) {
        meters.counter("docvault.cache.requests", "kind", kind, "result", result).increment();
    }

    private static byte[] concat(byte[] head, byte[] tail) {
        byte[] all = java.util.Arrays.copyOf(head, head.length + tail.length);
        System.arraycopy(tail, 0, all, head.length, tail.length);
        return all;
    }
}
