package io.docvault.query.document.infrastructure.postgres;

import io.docvault.query.document.model.DocumentFilter;
import io.docvault.query.document.model.DocumentOrder;
import io.docvault.query.document.model.DocumentPage;
import io.docvault.query.document.model.DocumentView;
import io.docvault.query.document.model.DocumentViews;
import io.docvault.query.document.model.ListCursor;
import io.docvault.query.document.model.StoredDocument;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;

/** Documents from document_current (latest) and document_version (any version). */
class PostgresDocumentViews implements DocumentViews {

    // The hottest reads' statements are built once: the driver finds its prepared statement by the
    // text, and a string built per call is hashed again on every call.
    private static final String LATEST = select("document_current", false) + " WHERE d.document_id = ?::uuid";
    private static final String LATEST_WITH_CONTENT = select("document_current", true) + " WHERE d.document_id = ?::uuid";
    private static final String LATEST_ALL = select("document_current", true) + " WHERE d.document_id = ANY (?::uuid[])";
    private static final String VERSION = select("document_version", false)
            + " WHERE d.document_id = ?::uuid AND d.version = ?";
    private static final String VERSION_WITH_CONTENT = select("document_version", true)
            + " WHERE d.document_id = ?::uuid AND d.version = ?";

    private final JdbcTemplate jdbc;

    PostgresDocumentViews(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Optional<StoredDocument> latest(String documentId, boolean withContent) {
        return jdbc.query(withContent ? LATEST_WITH_CONTENT : LATEST,
                (rs, row) -> DocumentRows.stored(rs, "updated_at", "updated_by", withContent), documentId)
                .stream().findFirst();
    }

    @Override
    public Map<String, StoredDocument> latestAll(Collection<String> documentIds) {
        Map<String, StoredDocument> found = new HashMap<>();
        if (documentIds.isEmpty()) {
            return found;
        }
        jdbc.query(LATEST_ALL, rs -> {
            StoredDocument document = DocumentRows.stored(rs, "updated_at", "updated_by", true);
            found.put(document.view().documentId(), document);
        }, (Object) documentIds.toArray(String[]::new));
        return found;
    }

    @Override
    public Optional<StoredDocument> version(String documentId, long version, boolean withContent) {
        return jdbc.query(withContent ? VERSION_WITH_CONTENT : VERSION,
                (rs, row) -> DocumentRows.stored(rs, "changed_at", "changed_by", withContent), documentId, version)
                .stream().findFirst();
    }

    @Override
    public Optional<StoredDocument> asOf(String documentId, java.time.Instant at, boolean withContent) {
        return jdbc.query(select("document_version", withContent)
                        + " WHERE d.document_id = ?::uuid AND d.changed_at <= ? ORDER BY d.version DESC LIMIT 1",
                (rs, row) -> DocumentRows.stored(rs, "changed_at", "changed_by", withContent),
                documentId, DocumentRows.time(at)).stream().findFirst();
    }

    @Override
    public long currentVersion(String documentId) {
        List<Long> versions = jdbc.queryForList(
                "SELECT version FROM document_current WHERE document_id = ?::uuid", Long.class, documentId);
        return versions.isEmpty() ? 0 : versions.get(0);
    }

    @Override
    public DocumentPage list(DocumentFilter filter, DocumentOrder order, ListCursor cursor, int pageSize) {
        StringBuilder where = new StringBuilder(" WHERE TRUE");
        List<Object> args = new ArrayList<>();
        if (filter.status() != null) {
            where.append(" AND d.status = ?");
            args.add(filter.status().name());
        }
        if (filter.author() != null) {
            where.append(" AND d.author = ?");
            args.add(filter.author());
        }
        if (filter.tag() != null) {
            where.append(" AND d.tags @> ARRAY[?]::text[]");
            args.add(filter.tag());
        }
        if (filter.category() != null) {
            where.append(" AND d.category = ?");
            args.add(filter.category());
        }
        switch (filter.deleted()) {
            case EXCLUDE -> where.append(" AND NOT d.deleted");
            case ONLY -> where.append(" AND d.deleted");
            case INCLUDE -> { }
        }
        long total = jdbc.queryForObject("SELECT count(*) FROM document_current d" + where, Long.class, args.toArray());

        // Titles compare by code point (as in MongoDB); index document_current_title matches.
        String column = switch (order.key()) {
            case UPDATED_AT -> "d.updated_at";
            case CREATED_AT -> "d.created_at";
            case TITLE -> "(d.title COLLATE \"C\")";
        };
        String direction = order.descending() ? "DESC" : "ASC";
        List<Object> pageArgs = new ArrayList<>(args);
        StringBuilder sql = new StringBuilder(select("document_current", false)).append(where);
        if (!cursor.isFirst()) {
            sql.append(" AND (").append(column).append(", d.document_id) ")
                    .append(order.descending() ? "<" : ">").append(" (?, ?::uuid)");
            pageArgs.add(cursor.afterKey() instanceof Instant instant ? DocumentRows.time(instant) : cursor.afterKey());
            pageArgs.add(cursor.afterId());
        }
        sql.append(" ORDER BY ").append(column).append(' ').append(direction)
                .append(", d.document_id ").append(direction)
                .append(" LIMIT ? OFFSET ?");
        pageArgs.add(pageSize + 1);
        pageArgs.add(cursor.skip());
        List<DocumentView> rows = jdbc.query(sql.toString(),
                (rs, row) -> DocumentRows.view(rs, "updated_at", "updated_by"), pageArgs.toArray());
        boolean hasMore = rows.size() > pageSize;
        return new DocumentPage(List.copyOf(hasMore ? rows.subList(0, pageSize) : rows), hasMore, total);
    }

    @Override
    public Map<String, byte[]> contents(Collection<String> sha256s) {
        if (sha256s.isEmpty()) {
            return Map.of();
        }
        Map<String, byte[]> contents = new HashMap<>();
        jdbc.query("SELECT content_sha256, content FROM document_content WHERE content_sha256 = ANY (?)",
                rs -> {
                    contents.put(rs.getString(1), rs.getBytes(2));
                }, (Object) sha256s.toArray(String[]::new));
        return contents;
    }

    private static String select(String table, boolean withContent) {
        return withContent
                ? "SELECT d.*, c.content FROM " + table + " d JOIN document_content c USING (content_sha256)"
                : "SELECT d.* FROM " + table + " d";
    }
}
