package io.docvault.query.document.infrastructure.mongo;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import io.docvault.query.document.model.VersionEntry;
import io.docvault.query.document.model.VersionHistory;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;

/** Version history from document_versions, in version order (index "history"). */
class MongoVersionHistory implements VersionHistory {

    private final MongoCollection<Document> versions;

    MongoVersionHistory(MongoTemplate mongo) {
        this.versions = mongo.getCollection(MongoDocuments.VERSIONS);
    }

    @Override
    public List<VersionEntry> versions(String documentId, long afterVersion, int limit) {
        List<VersionEntry> entries = new ArrayList<>();
        versions.find(Filters.and(Filters.eq("documentId", documentId), Filters.gt("version", afterVersion)))
                .sort(Sorts.ascending("version")).limit(limit)
                .forEach(d -> entries.add(MongoDocuments.entry(d)));
        return entries;
    }

    @Override
    public long count(String documentId) {
        return versions.countDocuments(Filters.eq("documentId", documentId));
    }
}
