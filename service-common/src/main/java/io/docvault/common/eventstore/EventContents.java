package io.docvault.common.eventstore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.docvault.api.document.ContentDigest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The bytes of the contents events name by SHA-256. Events store them once per hash in
 * {@code event_content}, in their own transaction; events stored before that table existed carry
 * theirs in their payload (revision 1 of DocumentCreatedEvent, revisions 1 and 2 of
 * DocumentUpdatedEvent, whose upcasters drop the bytes on reading), and are read from there. Every
 * content is checked against its hash: a content row or event edited outside DocVault fails loudly.
 */
public class EventContents {

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;

    public EventContents(DataSource dataSource, ObjectMapper json) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.json = json;
    }

    /** A content to find: its hash, and the event that brought it (where older events keep it). */
    public record Ref(String sha256, String documentId, long sequence) {
    }

    /** The contents of {@code refs} by SHA-256, all of them (or a failure naming the one missing). */
    public Map<String, byte[]> find(Collection<Ref> refs) {
        Map<String, byte[]> found = new HashMap<>();
        if (refs.isEmpty()) {
            return found;
        }
        jdbc.query("SELECT content_sha256, content FROM event_content WHERE content_sha256 = ANY (?)",
                rs -> {
                    found.put(rs.getString(1), rs.getBytes(2));
                }, (Object) refs.stream().map(Ref::sha256).distinct().toArray(String[]::new));
        Map<String, Ref> missing = new LinkedHashMap<>();
        for (Ref ref : refs) {
            if (!found.containsKey(ref.sha256())) {
                missing.putIfAbsent(ref.sha256(), ref);
            }
        }
        if (!missing.isEmpty()) {
            found.putAll(fromStoredEvents(missing.values()));
        }
        for (Ref ref : refs) {
            byte[] content = found.get(ref.sha256());
            if (content == null) {
                throw new IllegalStateException("the content " + ref.sha256() + " of document " + ref.documentId()
                        + " (event " + ref.sequence() + ") is neither in event_content nor in its stored event");
            }
        }
        found.forEach((sha256, content) -> {
            if (!ContentDigest.sha256Hex(content).equals(sha256)) {
                throw new IllegalStateException("the content stored as " + sha256 + " has another SHA-256: "
                        + "it was changed outside DocVault");
            }
        });
        return found;
    }

    /** Contents from the payloads of the events that brought them: {@code content}, or {@code content.bytes}. */
    private Map<String, byte[]> fromStoredEvents(Collection<Ref> refs) {
        List<String> documents = new ArrayList<>();
        List<Long> sequences = new ArrayList<>();
        Map<String, String> shaByEvent = new HashMap<>();
        for (Ref ref : refs) {
            documents.add(ref.documentId());
            sequences.add(ref.sequence());
            shaByEvent.put(ref.documentId() + "/" + ref.sequence(), ref.sha256());
        }
        Map<String, byte[]> found = new HashMap<>();
        jdbc.query("""
                SELECT e.aggregate_identifier, e.sequence_number, e.payload FROM domain_event_entry e
                JOIN unnest(?::varchar[], ?::bigint[]) AS k(aggregate_identifier, sequence_number)
                  ON e.aggregate_identifier = k.aggregate_identifier AND e.sequence_number = k.sequence_number""",
                rs -> {
                    String sha256 = shaByEvent.get(rs.getString(1) + "/" + rs.getLong(2));
                    byte[] content = contentOf(rs.getBytes(3));
                    if (sha256 != null && content != null) {
                        found.put(sha256, content);
                    }
                }, documents.toArray(String[]::new), sequences.toArray(Long[]::new));
        return found;
    }

    private byte[] contentOf(byte[] payload) {
        try {
            JsonNode content = json.readTree(payload).get("content");
            if (content != null && content.isObject()) {
                content = content.get("bytes");
            }
            return content == null || content.isNull() ? null : content.binaryValue();
        } catch (IOException e) {
            throw new IllegalStateException("a stored event's payload is not the JSON it was written as", e);
        }
    }
}
