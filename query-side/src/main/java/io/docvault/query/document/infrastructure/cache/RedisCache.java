package io.docvault.query.document.infrastructure.cache;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
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
     * Stores a document's latest entry ("<epoch>:<generation>:<version>|<payload>") unless the key holds
     * one at least as new, comparing epoch, then generation, then version: a reader that saw an older
     * generation cannot replace what a reader of the newer one wrote.
     */
    private static final DefaultRedisScript<Long> SET_LATEST_IF_NEWER = new DefaultRedisScript<>("""
            local current = redis.call('GET', KEYS[1])
            if current then
              local e, g, v = string.match(current, '^(%d+):(%d+):(%d+)|')
              if e then
                local new = {tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])}
                local old = {tonumber(e), tonumber(g), tonumber(v)}
                for i = 1, 3 do
                  if new[i] < old[i] then return 0 end
                  if new[i] > old[i] then break end
                  if i == 3 then return 0 end
                end
              end
            end
            redis.call('SET', KEYS[1], ARGV[4], 'PX', ARGV[5])
            return 1""", Long.class);

    static final String EPOCH = "dv:epoch";

    private final java.util.concurrent.atomic.AtomicBoolean missedInvalidations = new java.util.concurrent.atomic.AtomicBoolean();
    private final RedisTemplate<String, byte[]> redis;
    /** This process's copies of what it read (null: none); reads go through them when present. */
    private final LocalCopies local;
    private final CircuitBreaker breaker;
    private final MeterRegistry meters;
    private final Map<String, Map<String, Counter>> counters = new ConcurrentHashMap<>();

    RedisCache(RedisTemplate<String, byte[]> redis, Optional<LocalCopies> local, CircuitBreaker breaker,
               MeterRegistry meters) {
        this.redis = redis;
        this.local = local.orElse(null);
        this.breaker = breaker;
        this.meters = meters;
        local.ifPresent(copies -> {
            FunctionCounter.builder("docvault.cache.local.hits", copies, LocalCopies::hits)
                    .description("cache reads answered from this process's copies of Redis entries, without a round trip")
                    .register(meters);
            Gauge.builder("docvault.cache.local.entries", copies, LocalCopies::size)
                    .description("Redis entries this process holds copies of").register(meters);
        });
        breaker.getEventPublisher().onStateTransition(event ->
                log.warn("Redis cache circuit {}: {}", event.getStateTransition(),
                        event.getStateTransition().getToState() == CircuitBreaker.State.OPEN
                                ? "queries bypass the cache" : "trying the cache again"));
    }

    /** The cached value, or empty on a miss and when Redis cannot answer. */
    Optional<byte[]> get(String kind, String key) {
        Optional<Optional<byte[]>> answer = call(kind, () -> Optional.ofNullable(
                local != null ? local.get(List.of(key)).get(0) : redis.opsForValue().get(key)));
        answer.ifPresent(value -> count(kind, value.isPresent() ? "hit" : "miss"));
        return answer.flatMap(value -> value);
    }

    /**
     * The global epoch and the generation of {@code key} (0 when unset), in one round trip; empty when
     * Redis cannot answer, or while this process still owes the epoch bump for invalidations it could
     * not deliver (so entries that missed them are never served).
     */
    Optional<String> generation(String kind, String key) {
        return generationAnd(kind, key, null).map(Generation::generation);
    }

    /**
     * A document's latest entry (written by {@link #setLatestIfNewer}) with the epoch and generation it
     * must match to be served, in one round trip; empty as {@link #generation} is.
     */
    Optional<Generation> latest(String kind, String generationKey, String entryKey) {
        Optional<Generation> answer = generationAnd(kind, generationKey, entryKey);
        answer.ifPresent(found -> count(kind, found.matches() ? "hit" : "miss"));
        return answer;
    }

    /**
     * A document's latest entry when this process's copies hold it, its epoch and its generation, and
     * they match; empty otherwise. No I/O: for a thread that must not block.
     */
    Optional<Generation> latestHeld(String kind, String generationKey, String entryKey) {
        if (local == null || missedInvalidations.get()) {
            return Optional.empty();
        }
        List<byte[]> values = local.held(List.of(EPOCH, generationKey, entryKey));
        if (values == null) {
            return Optional.empty();
        }
        Generation found = Generation.of(values);
        if (!found.matches()) {
            return Optional.empty();
        }
        count(kind, "hit");
        return Optional.of(found);
    }

    private Optional<Generation> generationAnd(String kind, String generationKey, String entryKey) {
        if (missedInvalidations.get()) {
            if (call("invalidation", () -> redis.opsForValue().increment(EPOCH)).isEmpty()) {
                count(kind, "bypass");
                return Optional.empty();
            }
            dropLocal(EPOCH);
            missedInvalidations.set(false);
            log.info("Redis cache back: epoch bumped, entries written before the outage are no longer used");
        }
        return call(kind, () -> {
            List<String> keys = entryKey == null ? List.of(EPOCH, generationKey) : List.of(EPOCH, generationKey, entryKey);
            return Generation.of(local != null ? local.get(keys) : redis.opsForValue().multiGet(keys));
        });
    }

    /**
     * The global epoch and a key's generation counter as Redis holds them now, and the entry read with
     * them (null when there is none, or none was asked for).
     */
    record Generation(long epoch, long counter, byte[] entry) {

        /** From the values of the epoch, the generation and (when read) the entry, in that order. */
        static Generation of(List<byte[]> values) {
            return new Generation(number(values.get(0)), number(values.get(1)),
                    values.size() > 2 ? values.get(2) : null);
        }

        /** "<epoch>:<counter>": what changes whenever an entry read under it may no longer be current. */
        String generation() {
            return epoch + ":" + counter;
        }

        /** Whether the entry was written under this epoch and generation. */
        boolean matches() {
            return entry != null && startsWith(entry, (generation() + ":").getBytes(StandardCharsets.US_ASCII));
        }

        /** The entry's version (after epoch and generation). */
        long version() {
            int start = generation().length() + 1;
            int bar = start;
            while (entry[bar] != '|') {
                bar++;
            }
            return Long.parseLong(new String(entry, start, bar - start, StandardCharsets.US_ASCII));
        }

        /** The entry's payload. */
        byte[] payload() {
            return RedisCache.payload(entry);
        }

        private static boolean startsWith(byte[] bytes, byte[] prefix) {
            return bytes.length > prefix.length && java.util.Arrays.equals(bytes, 0, prefix.length, prefix, 0, prefix.length);
        }
    }

    /** Moves a generation on; when Redis cannot take it, the whole cache is invalidated once it can. */
    void bump(String key) {
        if (call("invalidation", () -> redis.opsForValue().increment(key)).isEmpty()) {
            missedInvalidations.set(true);
        }
        // Redis's invalidation of the copy follows; this process's next read must not wait for it.
        dropLocal(key);
    }

    /** Stores a latest entry read under {@code generation} unless Redis holds one at least as new. */
    void setLatestIfNewer(String kind, String key, Generation generation, long version, byte[] payload, Duration ttl) {
        byte[] value = concat((generation.generation() + ":" + version + "|").getBytes(StandardCharsets.US_ASCII), payload);
        call(kind, () -> redis.execute(SET_LATEST_IF_NEWER, List.of(key), ascii(generation.epoch()),
                ascii(generation.counter()), ascii(version), value, ascii(ttl.toMillis())));
        dropLocal(key);
    }

    /** Removes an entry (one that does not decode), so that the next read stores it anew. */
    void delete(String kind, String key) {
        call(kind, () -> redis.delete(key));
        dropLocal(key);
    }

    void setIfAbsent(String kind, String key, byte[] payload, Duration ttl) {
        call(kind, () -> redis.opsForValue().setIfAbsent(key, payload, ttl));
        dropLocal(key);
    }

    private void dropLocal(String key) {
        if (local != null) {
            local.drop(key);
        }
    }

    /** What follows the first '|' of an entry: its payload. */
    private static byte[] payload(byte[] versioned) {
        int bar = 0;
        while (versioned[bar] != '|') {
            bar++;
        }
        return java.util.Arrays.copyOfRange(versioned, bar + 1, versioned.length);
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

    private static byte[] ascii(long number) {
        return Long.toString(number).getBytes(StandardCharsets.US_ASCII);
    }

    private static long number(byte[] value) {
        return value == null ? 0 : Long.parseLong(new String(value, StandardCharsets.US_ASCII));
    }

    private void count(String kind, String result) {
        // Looked up by name and tags, a counter costs a new meter id per call; every read counts once.
        counters.computeIfAbsent(kind, k -> new ConcurrentHashMap<>())
                .computeIfAbsent(result, r -> meters.counter("docvault.cache.requests", "kind", kind, "result", r))
                .increment();
    }

    private static byte[] concat(byte[] head, byte[] tail) {
        byte[] all = java.util.Arrays.copyOf(head, head.length + tail.length);
        System.arraycopy(tail, 0, all, head.length, tail.length);
        return all;
    }
}
