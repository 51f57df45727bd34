package io.docvault.query.document.infrastructure.mongo;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import io.docvault.query.document.model.DocumentHistoryStore;
import io.docvault.query.document.model.DocumentView;
import io.docvault.query.document.model.VersionEntry;
import java.util.Optional;
import org.bson.Document;
import org.bson.types.Binary;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * Writes versions idempotently: versions and content are inserted only when absent, and the current
 * document is replaced only by a newer version, so replays and redeliveries change nothing.
 */
class MongoDocumentHistoryStore implements DocumentHistoryStore {

    private final MongoCollection<Document> current;
    private final MongoCollection<Document> versions;
    private final MongoCollection<Document> content;

    /** A store writing into the collections whose names end in {@code suffix} ("" for the live ones). */
    MongoDocumentHistoryStore(MongoTemplate mongo, String suffix) {
        this.current = mongo.getCollection(MongoDocuments.CURRENT + suffix);
        this.versions = mongo.getCollection(MongoDocuments.VERSIONS + suffix);
        this.content = mongo.getCollection(MongoDocuments.CONTENT + suffix);
    }

    @Override
    public Optional<DocumentView> state(String documentId, long version) {
        return Optional.ofNullable(versions.find(Filters.eq("_id", MongoDocuments.versionKey(documentId, version))).first())
                .map(MongoDocuments::view);
    }

    @Override
    public void record(DocumentView state, VersionEntry change, byte[] newContent) {
        if (newContent != null) {
            content.updateOne(Filters.eq("_id", state.contentSha256()),
                    Updates.setOnInsert("content", new Binary(newContent)), new UpdateOptions().upsert(true));
        }
        Document version = MongoDocuments.version(state, change);
        versions.updateOne(Filters.eq("_id", version.getString("_id")),
                new Document("$setOnInsert", version), new UpdateOptions().upsert(true));
        Document latest = MongoDocuments.state(state).append("_id", state.documentId());
        try {
            current.replaceOne(Filters.and(Filters.eq("_id", state.documentId()), Filters.lt("version", state.version())),
                    latest, new ReplaceOptions().upsert(true));
        } catch (MongoWriteException e) {
            // The filter missed because the stored version is not older, and the upsert then collided
            // with that document's id: the current view already holds this version or a newer one.
            if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                throw e;
            }
        }
    }
}
