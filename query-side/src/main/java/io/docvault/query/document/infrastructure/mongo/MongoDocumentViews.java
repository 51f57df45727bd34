package io.docvault.query.document.infrastructure.mongo;

import com.mongodb.client.FindIterable;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
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
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.bson.types.Binary;
import org.springframework.data.mongodb.core.MongoTemplate;

/** Documents from document_current (latest) and document_versions (any version). */
class MongoDocumentViews implements DocumentViews {

    private final MongoCollection<Document> current;
    private final MongoCollection<Document> versions;
    private final MongoCollection<Document> content;

    MongoDocumentViews(MongoTemplate mongo) {
        this.current = mongo.getCollection(MongoDocuments.CURRENT);
        this.versions = mongo.getCollection(MongoDocuments.VERSIONS);
        this.content = mongo.getCollection(MongoDocuments.CONTENT);
    }

    @Override
    public Optional<StoredDocument> latest(String documentId, boolean withContent) {
        return Optional.ofNullable(current.find(Filters.eq("_id", documentId)).first())
                .map(d -> stored(d, withContent));
    }

    @Override
    public Map<String, StoredDocument> latestAll(Collection<String> documentIds) {
        Map<String, StoredDocument> found = new HashMap<>();
        if (documentIds.isEmpty()) {
            return found;
        }
        List<DocumentView> views = new ArrayList<>();
        current.find(Filters.in("_id", documentIds)).forEach(d -> views.add(MongoDocuments.view(d)));
        Map<String, byte[]> contents = contents(views.stream().map(DocumentView::contentSha256).distinct().toList());
        views.forEach(view -> found.put(view.documentId(), new StoredDocument(view, contents.get(view.contentSha256()))));
        return found;
    }

    @Override
    public Optional<StoredDocument> version(String documentId, long version, boolean withContent) {
        return Optional.ofNullable(versions.find(Filters.eq("_id", MongoDocuments.versionKey(documentId, version))).first())
                .map(d -> stored(d, withContent));
    }

    @Override
    public Optional<StoredDocument> asOf(String documentId, Instant at, boolean withContent) {
        return Optional.ofNullable(versions.find(Filters.and(Filters.eq("documentId", documentId),
                        Filters.lte("updatedAt", Date.from(at))))
                        .sort(Sorts.descending("version")).limit(1).first())
                .map(d -> stored(d, withContent));
    }

    @Override
    public long currentVersion(String documentId) {
        Document d = current.find(Filters.eq("_id", documentId)).projection(Projections.include("version")).first();
        return d == null ? 0 : d.getLong("version");
    }

    @Override
    public DocumentPage list(DocumentFilter filter, DocumentOrder order, ListCursor cursor, int pageSize) {
        List<Bson> criteria = new ArrayList<>();
        if (filter.status() != null) criteria.add(Filters.eq("status", filter.status().name()));
        if (filter.author() != null) criteria.add(Filters.eq("author", filter.author()));
        if (filter.tag() != null) criteria.add(Filters.eq("tags", filter.tag()));
        if (filter.category() != null) criteria.add(Filters.eq("category", filter.category()));
        switch (filter.deleted()) {
            case EXCLUDE -> criteria.add(Filters.eq("deleted", false));
            case ONLY -> criteria.add(Filters.eq("deleted", true));
            case INCLUDE -> { }
        }
        Bson matching = criteria.isEmpty() ? new Document() : Filters.and(criteria);
        long total = current.countDocuments(matching);

        String field = switch (order.key()) {
            case UPDATED_AT -> "updatedAt";
            case CREATED_AT -> "createdAt";
            case TITLE -> "title";
        };
        List<Bson> page = new ArrayList<>(criteria);
        if (!cursor.isFirst()) {
            Object key = cursor.afterKey() instanceof Instant instant ? Date.from(instant) : cursor.afterKey();
            page.add(order.descending()
                    ? Filters.or(Filters.lt(field, key), Filters.and(Filters.eq(field, key), Filters.lt("_id", cursor.afterId())))
                    : Filters.or(Filters.gt(field, key), Filters.and(Filters.eq(field, key), Filters.gt("_id", cursor.afterId()))));
        }
        Bson sort = order.descending() ? Sorts.descending(field, "_id") : Sorts.ascending(field, "_id");
        FindIterable<Document> found = current.find(page.isEmpty() ? new Document() : Filters.and(page))
                .sort(sort).skip(cursor.skip()).limit(pageSize + 1);
        List<DocumentView> rows = new ArrayList<>();
        found.forEach(d -> rows.add(MongoDocuments.view(d)));
        boolean hasMore = rows.size() > pageSize;
        return new DocumentPage(List.copyOf(hasMore ? rows.subList(0, pageSize) : rows), hasMore, total);
    }

    @Override
    public Map<String, byte[]> contents(Collection<String> sha256s) {
        Map<String, byte[]> contents = new HashMap<>();
        if (!sha256s.isEmpty()) {
            content.find(Filters.in("_id", sha256s))
                    .forEach(d -> contents.put(d.getString("_id"), d.get("content", Binary.class).getData()));
        }
        return contents;
    }

    private StoredDocument stored(Document d, boolean withContent) {
        DocumentView view = MongoDocuments.view(d);
        if (!withContent) {
            return new StoredDocument(view, null);
        }
        Document bytes = content.find(Filters.eq("_id", view.contentSha256())).first();
        return new StoredDocument(view, bytes == null ? null : bytes.get("content", Binary.class).getData());
    }
}
