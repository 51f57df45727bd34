package io.docvault.query.document.infrastructure.mongo;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import io.docvault.query.document.model.DocumentHistoryStore;
import io.docvault.query.document.model.DocumentView;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
    public Map<String, DocumentView> currentStates(Collection<String> documentIds) {
        Map<String, DocumentView> states = new HashMap<>();
        if (!documentIds.isEmpty()) {
            current.find(Filters.in("_id", documentIds.stream().distinct().toList()))
                    .forEach(d -> states.put(d.getString("_id"), MongoDocuments.view(d)));
        }
        return states;
    }

    /**
     * Contents and versions in two unordered bulk writes of insert-if-absent upserts; then each
     * document's newest state replaces its current document unless that one is as new already.
     */
    @Override
    public void recordAll(List<RecordedVersion> recorded) {
        if (recorded.isEmpty()) {
            return;
        }
        Map<String, byte[]> contents = new LinkedHashMap<>();
        Map<String, DocumentView> newest = new LinkedHashMap<>();
        List<UpdateOneModel<Document>> versionWrites = new ArrayList<>();
        for (RecordedVersion version : recorded) {
            if (version.newContent() != null) {
                contents.putIfAbsent(version.state().contentSha256(), version.newContent());
            }
            newest.merge(version.state().documentId(), version.state(), DocumentView::newer);
            Document entry = MongoDocuments.version(version.state(), version.change());
            versionWrites.add(new UpdateOneModel<>(Filters.eq("_id", entry.getString("_id")),
                    new Document("$setOnInsert", entry), new UpdateOptions().upsert(true)));
        }
        if (!contents.isEmpty()) {
            content.bulkWrite(contents.entrySet().stream().map(c -> new UpdateOneModel<Document>(
                    Filters.eq("_id", c.getKey()), Updates.setOnInsert("content", new Binary(c.getValue())),
                    new UpdateOptions().upsert(true))).toList(), new BulkWriteOptions().ordered(false));
        }
        versions.bulkWrite(versionWrites, new BulkWriteOptions().ordered(false));
        for (DocumentView state : newest.values()) {
            Document latest = MongoDocuments.state(state).append("_id", state.documentId());
            try {
                current.replaceOne(Filters.and(Filters.eq("_id", state.documentId()),
                        Filters.lt("version", state.version())), latest, new ReplaceOptions().upsert(true));
            } catch (MongoWriteException e) {
                // The filter missed because the stored version is not older, and the upsert then collided
                // with that document's id: the current view already holds this version or a newer one.
                if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                    throw e;
                }
            }
        }
    }
}
