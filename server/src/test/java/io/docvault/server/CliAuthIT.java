package io.docvault.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.docvault.common.grpc.GrpcServerLifecycle;
import io.docvault.proto.v1.CommandResult;
import io.docvault.proto.v1.Document;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The CLI against a real server with authentication on: the token from DOCVAULT_TOKEN, exit code 7. */
class CliAuthIT {

    private static final String SECRET = Tokens.newSecret();
    private static final Tokens TOKENS = Tokens.hs256(SECRET);

    private static RunningServer server;

    @BeforeAll
    static void startServer() {
        server = RunningServer.on(TestDatabases.newDatabase(), Tokens.serverRequiringHs256(SECRET));
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @Test
    @DisplayName("without a token, with a forged one, or with too small a role the CLI exits 7")
    void refusedCallsExitSeven() {
        CliIT.Run anonymous = cli(null, "get", UUID.randomUUID().toString());
        assertThat(anonymous.exit()).isEqualTo(7);
        assertThat(anonymous.err()).contains("UNAUTHENTICATED");

        String forged = Tokens.hs256(Tokens.newSecret()).token("mallory", "admin");
        assertThat(cli(forged, "list").exit()).isEqualTo(7);

        CliIT.Run reader = cli(TOKENS.token("rita", "reader"), "create", "--title", "Not mine to write");
        assertThat(reader.exit()).isEqualTo(7);
        assertThat(reader.err()).contains("PERMISSION_DENIED");
        assertThat(cli(TOKENS.token("rita", "reader"), "list").exit()).isZero();
    }

    @Test
    @DisplayName("with a writer's token from DOCVAULT_TOKEN commands succeed and record the token's subject")
    void writerToken() {
        String token = TOKENS.token("wanda", "writer");
        CommandResult created = cli(token, "create", "--title", "Authorised", "--json").json(CommandResult.newBuilder());
        Document document = cli(token, "get", created.getDocumentId(), "--min-version", "1", "--json")
                .json(Document.newBuilder());
        assertThat(document.getCreatedBy()).isEqualTo("wanda");
    }

    private static CliIT.Run cli(String token, String... args) {
        Map<String, String> environment = new HashMap<>();
        environment.put("DOCVAULT_TARGET", "127.0.0.1:" + server.bean(GrpcServerLifecycle.class).port());
        if (token != null) {
            environment.put("DOCVAULT_TOKEN", token);
        }
        return CliIT.run(environment, args);
    }
}
