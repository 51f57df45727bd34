package io.docvault.query.document.infrastructure.cache;

import io.docvault.common.config.DocVaultProperties;
import io.docvault.common.grpc.StorageFailures;
import io.docvault.query.document.model.DocumentViews;
import io.docvault.query.document.projection.ReadModelSignal;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.lettuce.core.RedisURI;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.NettyCustomizer;
import io.netty.channel.Channel;
import io.netty.handler.flush.FlushConsolidationHandler;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.RedisTemplate;
import org.springframework.data.redis.serializer.RedisSerializer;

/**
 * What the query side reads documents through: the chosen store's {@code documentViewsStore}, with
 * retries on transient failures and, when {@code docvault.redis.url} is set, the Redis cache in front.
 */
@Configuration(proxyBeanMethods = false)
public class ReadModelCacheConfiguration {

    @Bean
    @ConditionalOnMissingBean
    MeterRegistry meterRegistry() {
        return new SimpleMeterRegistry();
    }

    /**
     * Retries transient read-model failures. A dropped connection usually means the whole pool is
     * dead (a failover, a restart), and the pool hands out recently used connections unchecked, so
     * before each retry the pool's connections are evicted and the retry gets a fresh one.
     */
    @Bean
    Retry readModelRetry(DocVaultProperties properties, DataSource dataSource) {
        DocVaultProperties.Cache cache = properties.cache();
        Retry retry = Retry.of("read-model", RetryConfig.custom()
                .maxAttempts(cache.readAttempts())
                .intervalFunction(IntervalFunction.ofExponentialBackoff(cache.readBackoff(), 2.0))
                .retryOnException(StorageFailures::isTransient)
                .build());
        if (dataSource instanceof HikariDataSource pool) {
            retry.getEventPublisher().onRetry(event -> {
                if (pool.getHikariPoolMXBean() != null) {
                    pool.getHikariPoolMXBean().softEvictConnections();
                }
            });
        }
        return retry;
    }

    /** The Redis connection, or none when the cache is off; closed with the application. */
    @Bean(destroyMethod = "close")
    RedisConnection readModelRedis(DocVaultProperties properties) {
        if (!properties.redis().enabled()) {
            return new RedisConnection(null, null, Optional.empty());
        }
        RedisURI uri = RedisURI.create(properties.redis().url());
        RedisStandaloneConfiguration server = new RedisStandaloneConfiguration(uri.getHost(), uri.getPort());
        server.setDatabase(uri.getDatabase());
        if (uri.getPassword() != null) {
            server.setPassword(uri.getPassword());
        }
        ClientResources resources = ClientResources.builder().nettyCustomizer(new NettyCustomizer() {
            @Override
            public void afterChannelInitialized(Channel channel) {
                // Lettuce's event loop writes each call thread's command with a flush of its own, one
                // socket write per command: half of that loop's samples under cache hits. Flushes asked
                // for within one turn of the loop go out as one write.
                channel.pipeline().addFirst(new FlushConsolidationHandler(
                        FlushConsolidationHandler.DEFAULT_EXPLICIT_FLUSH_AFTER_FLUSHES, true));
            }
        }).build();
        LettuceConnectionFactory factory = new LettuceConnectionFactory(server, LettuceClientConfiguration.builder()
                .clientResources(resources)
                .commandTimeout(properties.cache().timeout())
                .build());
        factory.afterPropertiesSet();
        factory.start();
        Optional<LocalCopies> local = LocalCopies.connect(uri, resources, properties.cache().timeout(),
                properties.cache().localSize().toBytes());
        return new RedisConnection(factory, resources, local);
    }

    @Bean
    @Primary
    DocumentViews documentViews(@Qualifier("documentViewsStore") DocumentViews store, Retry readModelRetry,
                                RedisConnection readModelRedis, ReadModelSignal signal, MeterRegistry meters,
                                DocVaultProperties properties) {
        DocumentViews retrying = new RetryingDocumentViews(store, readModelRetry);
        if (readModelRedis.factory() == null) {
            return retrying;
        }
        DocVaultProperties.Cache cache = properties.cache();
        RedisTemplate<String, byte[]> redis = new RedisTemplate<>();
        redis.setConnectionFactory(readModelRedis.factory());
        redis.setKeySerializer(RedisSerializer.string());
        redis.setValueSerializer(RedisSerializer.byteArray());
        redis.afterPropertiesSet();
        CircuitBreaker breaker = CircuitBreaker.of("redis-cache", CircuitBreakerConfig.custom()
                .slidingWindowSize(20)
                .minimumNumberOfCalls(10)
                .failureRateThreshold(cache.breakerFailureRate())
                .waitDurationInOpenState(cache.breakerOpenFor())
                .permittedNumberOfCallsInHalfOpenState(3)
                .build());
        RedisCache redisCache = new RedisCache(redis, readModelRedis.local(), breaker, meters);
        CachingDocumentViews cached = new CachingDocumentViews(retrying, redisCache,
                new CachingDocumentViews.CacheSettings(cache.latestTtl(), cache.versionTtl(), cache.listTtl(),
                        cache.maxEntrySize().toBytes()));
        signal.onChange(cached::invalidate);
        return cached;
    }

    /**
     * Holds the Redis connection factory, its client resources and the local copies' tracked connection
     * (or none) for their lifecycle.
     */
    record RedisConnection(LettuceConnectionFactory factory, ClientResources resources, Optional<LocalCopies> local)
            implements AutoCloseable {
        @Override
        public void close() {
            local.ifPresent(LocalCopies::close);
            if (factory != null) {
                factory.destroy();
            }
            if (resources != null) {
                // Given to the factory from outside, so the factory leaves them running.
                resources.shutdown();
            }
        }
    }
}
