package io.docvault.query.document.infrastructure.mongo;

import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import org.springframework.data.mongodb.core.MongoTemplate;

/** The indexes every read-model query needs; created at start-up and for each rebuild. Listed in README. */
final class MongoIndexes {

    private MongoIndexes() {
    }

    static void ensure(MongoTemplate mongo, String suffix) {
        var current = mongo.getCollection(MongoDocuments.CURRENT + suffix);
        current.createIndex(Indexes.descending("updatedAt", "_id"), new IndexOptions().name("updated"));
        current.createIndex(Indexes.descending("createdAt", "_id"), new IndexOptions().name("created"));
        current.createIndex(Indexes.ascending("title", "_id"), new IndexOptions().name("title"));
        current.createIndex(Indexes.ascending("author"), new IndexOptions().name("author"));
        current.createIndex(Indexes.ascending("category"), new IndexOptions().name("category"));
        current.createIndex(Indexes.ascending("tags"), new IndexOptions().name("tags"));
        current.createIndex(Indexes.ascending("status"), new IndexOptions().name("status"));
        var versions = mongo.getCollection(MongoDocuments.VERSIONS + suffix);
        versions.createIndex(Indexes.ascending("documentId", "version"), new IndexOptions().name("history").unique(true));
        versions.createIndex(Indexes.descending("updatedAt", "documentId", "version"), new IndexOptions().name("audit"));
        versions.createIndex(Indexes.compoundIndex(Indexes.ascending("documentId"), Indexes.descending("updatedAt")),
                new IndexOptions().name("as_of"));
    }
}
