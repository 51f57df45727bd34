package io.docvault.command.infrastructure;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.axonframework.common.caching.Cache;
import org.junit.jupiter.api.Test;

class AggregateCacheTest {

    @Test
    void holdsWhatWasPutUntilRemoved() {
        AggregateCache cache = new AggregateCache(10);
        cache.put("a", "state of a");
        assertThat(cache.<String, String>get("a")).isEqualTo("state of a");
        assertThat(cache.putIfAbsent("a", "other")).isFalse();
        assertThat(cache.remove("a")).isTrue();
        assertThat(cache.containsKey("a")).isFalse();
        assertThat(cache.<String, String>get("a")).isNull();
    }

    @Test
    void staysWithinItsSizeAndTellsListenersWhatItEvicted() {
        AggregateCache cache = new AggregateCache(100);
        List<Object> expired = new CopyOnWriteArrayList<>();
        cache.registerCacheEntryListener(new Cache.EntryListenerAdapter() {
            @Override
            public void onEntryExpired(Object key) {
                expired.add(key);
            }
        });
        for (int i = 0; i < 1_000; i++) {
            cache.put("document " + i, i);
        }
        assertThat(cache.size()).isEqualTo(100);
        assertThat(expired).hasSize(900);
    }

    @Test
    void removeAllEmptiesIt() {
        AggregateCache cache = new AggregateCache(10);
        cache.put("a", 1);
        cache.put("b", 2);
        cache.removeAll();
        assertThat(cache.containsKey("a")).isFalse();
        assertThat(cache.containsKey("b")).isFalse();
    }
}
