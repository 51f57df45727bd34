package io.docvault.query.document.infrastructure.mongo;

import com.mongodb.MongoNamespace;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.RenameCollectionOptions;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import io.docvault.query.document.model.DocumentHistoryStore;
import io.docvault.query.document.model.ReadModelRebuilds;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * Rebuilds into {@code <collection>_next} collections (indexed like the live ones) and switches by
 * renaming each over its live counterpart. MongoDB renames one collection at a time, so during the
 * switch a reader may briefly see rebuilt versions beside the old current view; both agree with the
 * event stream.
 */
class MongoReadModelRebuilds implements ReadModelRebuilds {

    static final String NEXT = "_next";

    private final MongoTemplate mongo;

    MongoReadModelRebuilds(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    @Override
    public long generation() {
        Document info = mongo.getCollection(MongoDocuments.INFO).find(Filters.eq("_id", 1)).first();
        return info == null ? 0 : info.getLong("generation");
    }

    @Override
    public DocumentHistoryStore prepareNext() {
        discardNext();
        MongoIndexes.ensure(mongo, NEXT);
        return new MongoDocumentHistoryStore(mongo, NEXT);
    }

    @Override
    public long switchToNext(Runnable alongside) {
        String database = mongo.getDb().getName();
        for (String collection : MongoDocuments.collections()) {
            mongo.getCollection(collection + NEXT).renameCollection(new MongoNamespace(database, collection),
                    new RenameCollectionOptions().dropTarget(true));
        }
        alongside.run();
        mongo.getCollection(MongoDocuments.INFO).updateOne(Filters.eq("_id", 1), Updates.inc("generation", 1L),
                new UpdateOptions().upsert(true));
        return generation();
    }

    @Override
    public void discardNext() {
        MongoDocuments.collections().forEach(collection -> mongo.getCollection(collection + NEXT).drop());
    }
}
