package io.docvault.query.document.infrastructure.mongo;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import io.docvault.api.document.ChangeKind;
import io.docvault.query.document.model.AuditQuery;
import io.docvault.query.document.model.AuditTrail;
import io.docvault.query.document.model.VersionEntry;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.data.mongodb.core.MongoTemplate;

/** The audit trail as a view over document_versions, newest first (index "audit"). */
class MongoAuditTrail implements AuditTrail {

    private final MongoCollection<Document> versions;

    MongoAuditTrail(MongoTemplate mongo) {
        this.versions = mongo.getCollection(MongoDocuments.VERSIONS);
    }

    @Override
    public List<VersionEntry> entries(AuditQuery query, AuditPosition after, int limit) {
        List<Bson> criteria = new ArrayList<>();
        criteria.add(Filters.in("changeKind", query.kinds().stream().map(ChangeKind::name).toList()));
        if (query.documentId() != null) criteria.add(Filters.eq("documentId", query.documentId()));
        if (query.from() != null) criteria.add(Filters.gte("updatedAt", Date.from(query.from())));
        if (query.to() != null) criteria.add(Filters.lt("updatedAt", Date.from(query.to())));
        if (after != null) {
            Date at = Date.from(after.changedAt());
            criteria.add(Filters.or(
                    Filters.lt("updatedAt", at),
                    Filters.and(Filters.eq("updatedAt", at), Filters.lt("documentId", after.documentId())),
                    Filters.and(Filters.eq("updatedAt", at), Filters.eq("documentId", after.documentId()),
                            Filters.lt("version", after.version()))));
        }
        List<VersionEntry> entries = new ArrayList<>();
        versions.find(Filters.and(criteria))
                .sort(Sorts.descending("updatedAt", "documentId", "version")).limit(limit)
                .forEach(d -> entries.add(MongoDocuments.entry(d)));
        return entries;
    }
}
