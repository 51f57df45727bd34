package io.docvault.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.net.InetSocketAddress;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;

/**
 * The read-model contract on MongoDB. No MongoDB server can be installed on the build machines, so
 * this runs against mongo-java-server, an in-process server speaking MongoDB's wire protocol with an
 * in-memory backend (it ignores non-unique secondary indexes, so it shows correctness, not the
 * indexes' effect; docker-compose.yml runs a real MongoDB). The event store and processor positions
 * stay in PostgreSQL.
 */
class MongoReadModelIT extends ReadModelContract {

    private MongoServer mongo;
    private String uri;

    @Override
    RunningServer startServer() {
        mongo = new MongoServer(new MemoryBackend());
        InetSocketAddress address = mongo.bind();
        uri = "mongodb://127.0.0.1:" + address.getPort() + "/docvault";
        return RunningServer.on(TestDatabases.newDatabase(), Map.of("docvault.read-model", "mongo", "docvault.mongo.uri", uri));
    }

    @Override
    void assertStoreHolds(RunningServer server, long documents, long versions) {
        try (MongoClient client = MongoClients.create(uri)) {
            MongoDatabase database = client.getDatabase("docvault");
            assertThat(database.getCollection("document_current").countDocuments()).isEqualTo(documents);
            assertThat(database.getCollection("document_versions").countDocuments()).isEqualTo(versions);
        }
        assertThat(server.jdbc().queryForObject("SELECT count(*) FROM document_version", Long.class)).isZero();
    }

    @AfterEach
    void stopMongo() {
        if (mongo != null) {
            mongo.shutdownNow();
        }
    }
}
