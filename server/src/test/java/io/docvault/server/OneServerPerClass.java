package io.docvault.server;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** For test classes whose tests share one server on a database of their own. */
abstract class OneServerPerClass {

    static RunningServer server;

    @BeforeAll
    static void startServer() {
        server = RunningServer.onNewDatabase();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }
}
