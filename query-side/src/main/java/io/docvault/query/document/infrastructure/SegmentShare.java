package io.docvault.query.document.infrastructure;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.axonframework.eventhandling.pooled.MaxSegmentProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * How many segments of one event processor this process should hold, when several processes share
 * the database: its fair share, {@code ceil(segments / live processes)}, and every segment when alone.
 *
 * <p>Without it the first process to start claims every segment and a second one never gets any
 * (Axon balances segments by itself only with Axon Server). Each process records itself in
 * {@code query_instance} every {@link #HEARTBEAT}; one not seen for {@link #STALE_AFTER} (Axon's
 * token claim timeout) counts as gone. Axon's coordinator asks for the share at each claim round: a
 * process holding more releases the excess, which another claims through the token store; when a
 * process goes away, its claims time out and the others' shares grow to take them over.
 */
final class SegmentShare implements MaxSegmentProvider, SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(SegmentShare.class);

    static final Duration HEARTBEAT = Duration.ofSeconds(2);
    static final Duration STALE_AFTER = Duration.ofSeconds(10);

    private final JdbcTemplate jdbc;
    private final String processorName;
    private final String instanceId;
    private volatile int share = Short.MAX_VALUE;
    private volatile boolean storageFailing;
    private ScheduledExecutorService heartbeat;

    SegmentShare(DataSource dataSource, String processorName) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.processorName = processorName;
        this.instanceId = ManagementFactory.getRuntimeMXBean().getName() + "/"
                + UUID.randomUUID().toString().substring(0, 8);
    }

    @Override
    public int getMaxSegments(String processor) {
        return share;
    }

    /** Records this process as alive and recomputes its share; on a storage failure keeps the last share. */
    void beat() {
        try {
            jdbc.update("INSERT INTO query_instance (instance_id, processor_name, last_seen) VALUES (?, ?, now()) "
                    + "ON CONFLICT (processor_name, instance_id) DO UPDATE SET last_seen = now()", instanceId, processorName);
            Long live = jdbc.queryForObject("SELECT count(*) FROM query_instance WHERE processor_name = ? "
                    + "AND last_seen > now() - make_interval(secs => ?)", Long.class, processorName, STALE_AFTER.toSeconds());
            Long segments = jdbc.queryForObject("SELECT count(*) FROM token_entry WHERE processor_name = ?",
                    Long.class, processorName);
            int next = segments == null || segments == 0 || live == null || live <= 1
                    ? Short.MAX_VALUE
                    : (int) ((segments + live - 1) / live);
            if (next != share) {
                log.info("{}: {} live processes share {} segments; this one ({}) now takes at most {}",
                        processorName, live, segments, instanceId, next == Short.MAX_VALUE ? "all" : next);
            }
            share = next;
            if (storageFailing) {
                log.info("{}: segment share heartbeat recovered", processorName);
                storageFailing = false;
            }
        } catch (DataAccessException e) {
            if (!storageFailing) {
                log.warn("{}: segment share heartbeat failed, keeping a share of {}: {}", processorName, share, e.toString());
                storageFailing = true;
            }
        }
    }

    int share() {
        return share;
    }

    /** Before the event processors start, so the first claim round already sees the others. */
    @Override
    public int getPhase() {
        return Integer.MIN_VALUE + 1000;
    }

    @Override
    public void start() {
        beat();
        heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "segment-share-" + processorName);
            thread.setDaemon(true);
            return thread;
        });
        heartbeat.scheduleWithFixedDelay(this::beat, HEARTBEAT.toMillis(), HEARTBEAT.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** After the event processors stopped (and released their claims): the others may take over at once. */
    @Override
    public void stop() {
        heartbeat.shutdownNow();
        heartbeat = null;
        try {
            jdbc.update("DELETE FROM query_instance WHERE processor_name = ? AND instance_id = ?", processorName, instanceId);
        } catch (DataAccessException e) {
            log.info("{}: could not deregister {} (its entry goes stale by itself): {}", processorName, instanceId,
                    e.toString());
        }
    }

    @Override
    public boolean isRunning() {
        return heartbeat != null;
    }
}
