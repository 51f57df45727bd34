package io.docvault.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import io.docvault.cli.DocVaultCli;
import io.docvault.client.DocVaultClient;
import io.docvault.common.grpc.GrpcServerLifecycle;
import io.docvault.proto.v1.AuditEntry;
import io.docvault.proto.v1.ChangeKind;
import io.docvault.proto.v1.CommandResult;
import io.docvault.proto.v1.DiffVersionsResponse;
import io.docvault.proto.v1.Document;
import io.docvault.proto.v1.DocumentChange;
import io.docvault.proto.v1.FieldChange;
import io.docvault.proto.v1.GetAuditTrailResponse;
import io.docvault.proto.v1.GetProjectionStatusResponse;
import io.docvault.proto.v1.ListDocumentsResponse;
import io.docvault.proto.v1.ListVersionsResponse;
import io.docvault.proto.v1.ProjectionStatus;
import io.docvault.proto.v1.ReplayPhase;
import io.docvault.proto.v1.ReplayProgress;
import io.docvault.proto.v1.VerifyHistoryResponse;
import io.docvault.proto.v1.VersionInfo;
import io.docvault.query.document.watch.ChangeFeed;
import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.protobuf.services.HealthStatusManager;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The docvault CLI, run in this JVM against the real server, its output parsed and its exit codes checked. */
class CliIT extends OneServerPerClass {

    private static final Duration WAIT = Duration.ofSeconds(15);

    /** The outcome of one command line. */
    record Run(int exit, String out, String err) {

        List<String> lines() {
            return out.lines().filter(line -> !line.isBlank()).toList();
        }

        <T extends Message> T json(Message.Builder builder) {
            assertThat(exit).as("exit code of a run that printed:%n%s%s", out, err).isZero();
            return parse(out.strip(), builder);
        }
    }

    @Test
    @DisplayName("create, get, update, history, diff, delete, audit, restore, revert and list work end to end, in JSON and as text")
    void documentLifecycle() {
        Run created = cli("create", "--title", "Plan", "--content", "line one\nline two\n", "--content-type", "text/plain",
                "--author", "Ada", "--tag", "q1", "--meta", "team=blue", "--actor", "alice", "--json");
        CommandResult result = created.json(CommandResult.newBuilder());
        assertThat(result.getVersion()).isEqualTo(1);
        String id = result.getDocumentId();

        Document document = cli("get", id, "--min-version", "1", "--json").json(Document.newBuilder());
        assertThat(document.getTitle()).isEqualTo("Plan");
        assertThat(document.getContent().toStringUtf8()).isEqualTo("line one\nline two\n");
        assertThat(document.getTagsList()).containsExactly("q1");
        assertThat(document.getMetadataMap()).containsEntry("team", "blue");
        assertThat(document.getCreatedBy()).isEqualTo("alice");
        Run shown = cli("get", id);
        assertThat(shown.exit()).isZero();
        assertThat(shown.out()).contains("title:     Plan", "status:    draft", "line two");
        assertThat(cli("get", id, "--raw").out()).isEqualTo("line one\nline two\n");

        // --json before the subcommand works as well as after it.
        Run updated = cli("--json", "update", id, "--title", "Plan v2", "--content", "line one\nline 2\n",
                "--note", "second draft", "--expected-version", "1");
        assertThat(updated.<CommandResult>json(CommandResult.newBuilder()).getVersion()).isEqualTo(2);
        assertThat(cli("update", id, "--status", "published").out()).isEqualTo("updated " + id + " version 3\n");

        await().atMost(WAIT).untilAsserted(() ->
                assertThat(cli("history", id, "--json").<ListVersionsResponse>json(ListVersionsResponse.newBuilder())
                        .getTotalSize()).isEqualTo(3));
        List<VersionInfo> versions = cli("history", id, "--json")
                .<ListVersionsResponse>json(ListVersionsResponse.newBuilder()).getVersionsList();
        assertThat(versions).extracting(VersionInfo::getChange)
                .containsExactly(ChangeKind.CHANGE_KIND_CREATED, ChangeKind.CHANGE_KIND_UPDATED, ChangeKind.CHANGE_KIND_UPDATED);
        assertThat(versions.get(1).getChangeNote()).isEqualTo("second draft");
        assertThat(versions.get(1).getChangedFieldsList()).contains("title", "content");
        assertThat(versions.get(2).getChangedFieldsList()).containsExactly("status");
        assertThat(cli("history", id).out()).contains("created", "updated", "second draft", "3 versions");

        DiffVersionsResponse diff = cli("diff", id, "1", "2", "--json").json(DiffVersionsResponse.newBuilder());
        assertThat(diff.getFieldChangesList()).extracting(FieldChange::getField).contains("title");
        assertThat(diff.getContentDiff()).contains("-line two", "+line 2");
        assertThat(cli("diff", id, "1", "2").out()).contains("title", "Plan v2", "+line 2");

        Run deleted = cli("delete", id, "--reason", "obsolete", "--json");
        assertThat(deleted.<CommandResult>json(CommandResult.newBuilder()).getVersion()).isEqualTo(4);
        await().atMost(WAIT).untilAsserted(() -> assertThat(cli("get", id).exit()).isEqualTo(3));
        assertThat(cli("get", id, "--include-deleted", "--json").<Document>json(Document.newBuilder()).getDeleted()).isTrue();

        GetAuditTrailResponse audit = cli("audit", "--document", id, "--json").json(GetAuditTrailResponse.newBuilder());
        assertThat(audit.getEntriesList()).extracting(AuditEntry::getAction, AuditEntry::getReason)
                .containsExactly(tuple(ChangeKind.CHANGE_KIND_DELETED, "obsolete"));
        assertThat(cli("audit", "--document", id).out()).contains("deleted", "obsolete");

        assertThat(cli("restore", id, "--reason", "needed", "--json").<CommandResult>json(CommandResult.newBuilder())
                .getVersion()).isEqualTo(5);
        assertThat(cli("revert", id, "--to", "1", "--note", "back to the start", "--json")
                .<CommandResult>json(CommandResult.newBuilder()).getVersion()).isEqualTo(6);
        Document reverted = cli("get", id, "--min-version", "6", "--json").json(Document.newBuilder());
        assertThat(reverted.getTitle()).isEqualTo("Plan");
        assertThat(reverted.getContent().toStringUtf8()).isEqualTo("line one\nline two\n");

        ListDocumentsResponse listed = cli("list", "--author", "Ada", "--json").json(ListDocumentsResponse.newBuilder());
        assertThat(listed.getDocumentsList()).extracting(Document::getDocumentId).containsExactly(id);
        assertThat(cli("list", "--author", "Ada").out()).contains(id, "Plan", "1 matching");
    }

    @Test
    @DisplayName("failures exit by class: not found 3, invalid argument 4, conflict 5, unreachable 6, usage 2")
    void exitCodes() throws IOException {
        String id = cli("create", "--title", "Codes", "--json").<CommandResult>json(CommandResult.newBuilder()).getDocumentId();

        Run notFound = cli("get", UUID.randomUUID().toString());
        assertThat(notFound.exit()).isEqualTo(3);
        assertThat(notFound.err()).contains("NOT_FOUND");
        Run badId = cli("get", "not-a-uuid");
        assertThat(badId.exit()).isEqualTo(4);
        assertThat(badId.err()).contains("INVALID_ARGUMENT", "document_id");
        assertThat(cli("create", "--title", " ").exit()).isEqualTo(4);

        Run conflict = cli("update", id, "--title", "Other", "--expected-version", "7");
        assertThat(conflict.exit()).isEqualTo(5);
        assertThat(conflict.err()).contains("FAILED_PRECONDITION");
        assertThat(cli("create", "--title", "Twin", "--id", id).exit()).isEqualTo(5);
        assertThat(cli("restore", id).exit()).isEqualTo(5);

        assertThat(cli("get").exit()).isEqualTo(2);
        assertThat(cli("create").exit()).isEqualTo(2);
        assertThat(cli("get", id, "--no-such-option").exit()).isEqualTo(2);
        assertThat(cli("create", "--title", "x", "--status", "finished").exit()).isEqualTo(2);
        assertThat(cli("create", "--title", "x", "--content", "a", "--content-file", "b").exit()).isEqualTo(2);
        assertThat(cli("create", "--title", "x", "--content-file", "no/such/file").exit()).isEqualTo(2);
        assertThat(cli("update", id).exit()).isEqualTo(2);
        assertThat(cli().exit()).isEqualTo(2);

        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Run unreachable = cli("status", "--target", "127.0.0.1:" + closedPort, "--timeout", "3s");
        assertThat(unreachable.exit()).isEqualTo(6);
        assertThat(unreachable.err()).contains("UNAVAILABLE");

        Run help = cli("--help");
        assertThat(help.exit()).isZero();
        assertThat(help.out()).contains("Exit codes:", "NOT_FOUND", "DOCVAULT_TOKEN");
    }

    @Test
    @DisplayName("watch prints each change of the document as it is stored, one JSON object per line")
    void watch() {
        String id = cli("create", "--title", "Watched", "--json").<CommandResult>json(CommandResult.newBuilder()).getDocumentId();
        int watchersBefore = server.bean(ChangeFeed.class).subscriberCount();
        CompletableFuture<Run> watching = CompletableFuture.supplyAsync(
                () -> cli("watch", "--document", id, "--count", "2", "--json"));
        await().atMost(WAIT).until(() -> server.bean(ChangeFeed.class).subscriberCount() == watchersBefore + 1);

        cli("update", id, "--title", "Watched 2", "--actor", "bob");
        cli("delete", id, "--reason", "seen", "--actor", "bob");

        await().atMost(WAIT).until(watching::isDone);
        Run watched = watching.join();
        assertThat(watched.exit()).isZero();
        List<DocumentChange> changes = watched.lines().stream()
                .map(line -> CliIT.<DocumentChange>parse(line, DocumentChange.newBuilder())).toList();
        assertThat(changes).extracting(DocumentChange::getDocumentId, DocumentChange::getVersion, DocumentChange::getChange,
                DocumentChange::getActor).containsExactly(
                        tuple(id, 2L, ChangeKind.CHANGE_KIND_UPDATED, "bob"),
                        tuple(id, 3L, ChangeKind.CHANGE_KIND_DELETED, "bob"));
        await().atMost(WAIT).until(() -> server.bean(ChangeFeed.class).subscriberCount() == watchersBefore);
    }

    @Test
    @DisplayName("replay draws a progress bar until the switch-over, or streams JSON progress; status shows the processors")
    void replayAndStatus() {
        for (int i = 0; i < 5; i++) {
            cli("create", "--title", "Replayed " + i);
        }
        Run replay = cli("replay");
        assertThat(replay.exit()).as(replay.err()).isZero();
        assertThat(replay.out()).contains("[##############################] 100%", "done", "replay done: read model generation");

        Run replayJson = cli("replay", "--json");
        List<ReplayProgress> progress = replayJson.lines().stream()
                .map(line -> CliIT.<ReplayProgress>parse(line, ReplayProgress.newBuilder())).toList();
        assertThat(progress).isNotEmpty();
        assertThat(progress.get(progress.size() - 1).getPhase()).isEqualTo(ReplayPhase.REPLAY_PHASE_DONE);
        assertThat(progress.get(progress.size() - 1).getEventsDone()).isGreaterThanOrEqualTo(5);

        GetProjectionStatusResponse status = cli("status", "--json").json(GetProjectionStatusResponse.newBuilder());
        assertThat(status.getProjectionsList()).extracting(ProjectionStatus::getName).contains("document-views");
        assertThat(cli("status").out()).contains("PROCESSOR", "document-views");
    }

    @Test
    @DisplayName("verify reports an intact history, and exits 1 with the broken link once an event row is edited")
    void verify() {
        String id = cli("create", "--title", "Chained", "--json").<CommandResult>json(CommandResult.newBuilder()).getDocumentId();
        cli("update", id, "--title", "Chained v2");

        VerifyHistoryResponse intact = cli("verify", "--document", id, "--json").json(VerifyHistoryResponse.newBuilder());
        assertThat(intact.getIntact()).isTrue();
        assertThat(intact.getEventsChecked()).isEqualTo(2);
        assertThat(cli("verify").out()).startsWith("intact: ");

        int rows = server.jdbc().update("UPDATE domain_event_entry SET payload = convert_to(replace("
                + "convert_from(payload, 'UTF8'), 'Chained v2', 'Forged v2'), 'UTF8') "
                + "WHERE aggregate_identifier = ? AND sequence_number = 1", id);
        assertThat(rows).isEqualTo(1);
        Run broken = cli("verify", "--document", id);
        assertThat(broken.exit()).isEqualTo(1);
        assertThat(broken.out()).startsWith("BROKEN: ").contains(id);
        assertThat(broken.err()).contains("does not verify");
        assertThat(cli("verify", "--document", UUID.randomUUID().toString()).exit()).isEqualTo(3);
    }

    @Test
    @DisplayName("generate against a server without the generation service reports UNIMPLEMENTED and exits 1")
    void generateWithoutGenerationService() throws IOException {
        Server healthOnly = Grpc.newServerBuilderForPort(0, InsecureServerCredentials.create())
                .addService(new HealthStatusManager().getHealthService()).build().start();
        try {
            Run run = cli("generate", "--target", "127.0.0.1:" + healthOnly.getPort(), "--template", UUID.randomUUID().toString(),
                    "--data", "{\"name\": \"Ada\"}");
            assertThat(run.exit()).isEqualTo(1);
            assertThat(run.err()).contains("UNIMPLEMENTED");
        } finally {
            healthOnly.shutdownNow();
        }
        // On this server, which has no generation service either, the data is checked before any call.
        assertThat(cli("generate", "--template", UUID.randomUUID().toString(), "--data", "{not json").exit()).isEqualTo(2);
    }

    @Test
    @DisplayName("the token from DOCVAULT_TOKEN and the actor from DOCVAULT_ACTOR travel with the call")
    void tokenAndActorFromEnvironment() {
        try (FlakyProxy proxy = new FlakyProxy(server.channel())) {
            Map<String, String> environment = Map.of("DOCVAULT_TARGET", "127.0.0.1:" + proxy.port(),
                    "DOCVAULT_TOKEN", "t0ken", "DOCVAULT_ACTOR", "dora");
            Run created = run(environment, "create", "--title", "From env", "--json");
            String id = created.<CommandResult>json(CommandResult.newBuilder()).getDocumentId();

            FlakyProxy.Attempt attempt = proxy.attempts("CreateDocument").get(0);
            assertThat(attempt.headers().get(DocVaultClient.AUTHORIZATION_HEADER)).isEqualTo("Bearer t0ken");
            assertThat(cli("get", id, "--min-version", "1", "--json").<Document>json(Document.newBuilder()).getCreatedBy())
                    .isEqualTo("dora");
            // --actor wins over DOCVAULT_ACTOR.
            run(environment, "update", id, "--title", "From flag", "--actor", "flag");
            assertThat(cli("get", id, "--min-version", "2", "--json").<Document>json(Document.newBuilder()).getUpdatedBy())
                    .isEqualTo("flag");
        }
    }

    /** Runs the CLI with DOCVAULT_TARGET pointing at the test server. */
    private static Run cli(String... args) {
        return run(Map.of("DOCVAULT_TARGET", "127.0.0.1:" + server.bean(GrpcServerLifecycle.class).port()), args);
    }

    static Run run(Map<String, String> environment, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = DocVaultCli.run(args, new HashMap<>(environment), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @SuppressWarnings("unchecked")
    static <T extends Message> T parse(String json, Message.Builder builder) {
        try {
            JsonFormat.parser().merge(json, builder);
        } catch (InvalidProtocolBufferException e) {
            throw new AssertionError("not the expected JSON: " + json, e);
        }
        return (T) builder.build();
    }
}
