package io.docvault.server;

/** The read-model contract on PostgreSQL (a real server: embedded, or DOCVAULT_TEST_DB_URL). */
class PostgresReadModelIT extends ReadModelContract {

    @Override
    RunningServer startServer() {
        return RunningServer.onNewDatabase();
    }

    @Override
    void assertStoreHolds(RunningServer server, long documents, long versions) {
        org.assertj.core.api.Assertions.assertThat(server.jdbc().queryForObject("SELECT count(*) FROM document_current", Long.class))
                .isEqualTo(documents);
        org.assertj.core.api.Assertions.assertThat(server.jdbc().queryForObject("SELECT count(*) FROM document_version", Long.class))
                .isEqualTo(versions);
    }
}
