package io.docvault.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.docvault.proto.v1.ReplayPhase;
import io.docvault.proto.v1.ReplayProgress;
import io.docvault.proto.v1.ReplayProjectionsRequest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * Looks straight into a server's database, beside the API: the event streams, the request log and
 * the read-model tables, to check what the fault tests claim.
 */
final class StoreAudit implements AutoCloseable {

    private final SingleConnectionDataSource dataSource;
    private final JdbcTemplate jdbc;

    StoreAudit(String jdbcUrl) {
        this.dataSource = new SingleConnectionDataSource(jdbcUrl, true);
        this.jdbc = new JdbcTemplate(dataSource);
    }

    JdbcTemplate jdbc() {
        return jdbc;
    }

    /** Each document's stored versions (event sequence number + 1), in order. */
    Map<String, List<Long>> eventVersions() {
        Map<String, List<Long>> versions = new HashMap<>();
        jdbc.query("SELECT aggregate_identifier, sequence_number FROM domain_event_entry "
                        + "ORDER BY aggregate_identifier, sequence_number",
                rs -> {
                    versions.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getLong(2) + 1);
                });
        return versions;
    }

    /** Every document's events are numbered 1..N without a gap or a duplicate. */
    void assertDenseStreams() {
        eventVersions().forEach((id, versions) -> assertThat(versions).as("versions of %s", id)
                .containsExactlyElementsOf(LongStream.rangeClosed(1, versions.size()).boxed().toList()));
    }

    /** The change note of each stored version, read from the read model's version rows. */
    Map<String, String> notesByVersion() {
        Map<String, String> notes = new HashMap<>();
        jdbc.query("SELECT document_id, version, change_note FROM document_version",
                rs -> {
                    notes.put(rs.getString(1) + "@" + rs.getLong(2), rs.getString(3));
                });
        return notes;
    }

    /** The request log: request id to "document@version". */
    Map<String, String> requestLog() {
        Map<String, String> log = new HashMap<>();
        jdbc.query("SELECT request_id, document_id, version FROM command_request",
                rs -> {
                    log.put(rs.getString(1), rs.getString(2) + "@" + rs.getLong(3));
                });
        return log;
    }

    long count(String sql) {
        return jdbc.queryForObject(sql, Long.class);
    }

    /**
     * The whole PostgreSQL read model as text rows: every version row, every current row, every content
     * hash. Two read models are equal when these are.
     */
    List<String> readModel() {
        List<String> rows = new ArrayList<>();
        rows.addAll(jdbc.queryForList("SELECT v::text FROM (SELECT * FROM document_version "
                + "ORDER BY document_id, version) v", String.class));
        rows.addAll(jdbc.queryForList("SELECT c::text FROM (SELECT * FROM document_current "
                + "ORDER BY document_id) c", String.class));
        rows.addAll(jdbc.queryForList("SELECT content_sha256 || ':' || length(content) FROM document_content "
                + "ORDER BY content_sha256", String.class));
        return rows;
    }

    /**
     * Rebuilds the read model from the event store through {@code server} (ReplayProjections) and checks
     * that the rebuilt one equals the one the live processors had built.
     */
    void assertEqualsFullReplay(ServerJvm server) {
        List<String> live = readModel();
        List<ReplayProgress> progress = new ArrayList<>();
        server.admin().withDeadlineAfter(120, TimeUnit.SECONDS)
                .replayProjections(ReplayProjectionsRequest.getDefaultInstance()).forEachRemaining(progress::add);
        assertThat(progress).isNotEmpty();
        assertThat(progress.get(progress.size() - 1).getPhase()).isEqualTo(ReplayPhase.REPLAY_PHASE_DONE);
        List<String> rebuilt = readModel();
        assertThat(rebuilt).as("read model rebuilt from the event store").hasSize(live.size());
        assertThat(rebuilt).containsExactlyElementsOf(live);
    }

    @Override
    public void close() {
        dataSource.destroy();
    }
}
