package io.docvault.server;

import static io.docvault.server.Requests.aDocument;
import static io.docvault.server.Requests.getAtLeast;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.docvault.common.grpc.CallerContext;
import io.docvault.common.grpc.GrpcServerLifecycle;
import io.docvault.common.observability.MetricsHttpServer;
import io.docvault.proto.v1.ChangeKind;
import io.docvault.proto.v1.DocumentChange;
import io.docvault.proto.v1.DocumentCommandServiceGrpc;
import io.docvault.proto.v1.DocumentCommandServiceGrpc.DocumentCommandServiceBlockingStub;
import io.docvault.proto.v1.DocumentQueryServiceGrpc;
import io.docvault.proto.v1.DocumentQueryServiceGrpc.DocumentQueryServiceBlockingStub;
import io.docvault.proto.v1.GetProjectionStatusRequest;
import io.docvault.proto.v1.AdminServiceGrpc;
import io.docvault.proto.v1.UpdateDocumentRequest;
import io.docvault.proto.v1.WatchDocumentsRequest;
import io.docvault.query.document.watch.ChangeFeed;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.NoSuchBeanDefinitionException;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Split mode: the command-side and the query-side applications as two Spring contexts in this JVM,
 * each on its own free port, sharing one PostgreSQL. What the command process stores, the query
 * process projects and serves, including min_version waits and watch streams.
 */
class SplitModeIT {

    private static ConfigurableApplicationContext commandSide;
    private static ConfigurableApplicationContext querySide;
    private static ManagedChannel commandChannel;
    private static ManagedChannel queryChannel;

    @BeforeAll
    static void start() {
        String database = TestDatabases.newDatabase();
        String[] args = {"--docvault.db.url=" + database, "--docvault.grpc.port=0", "--docvault.metrics.port=0",
                "--docvault.grpc.shutdown-grace=2s", "--docvault.auth.enabled=false"};
        commandSide = CommandSideApplication.application().run(args);
        querySide = QuerySideApplication.application().run(args);
        commandChannel = channelTo(commandSide);
        queryChannel = channelTo(querySide);
    }

    @AfterAll
    static void stop() {
        commandChannel.shutdownNow();
        queryChannel.shutdownNow();
        querySide.close();
        commandSide.close();
    }

    @Test
    @DisplayName("a document created through the command process becomes readable through the query process")
    void commandBecomesVisibleThroughQueryProcess() {
        String id = commands().createDocument(aDocument("Split").build()).getDocumentId();

        // NOT_FOUND until the query process has projected the event.
        await().atMost(Duration.ofSeconds(20)).ignoreExceptionsInstanceOf(StatusRuntimeException.class)
                .untilAsserted(() -> assertThat(queries().getDocument(Requests.get(id)).getTitle()).isEqualTo("Split"));

        // min_version waits in the query process for its own projection, woken by its signal.
        commands().updateDocument(UpdateDocumentRequest.newBuilder().setDocumentId(id).setTitle("Split v2")
                .setExpectedVersion(1).build());
        var read = queries().getDocument(getAtLeast(id, 2));
        assertThat(read.getVersion()).isEqualTo(2);
        assertThat(read.getTitle()).isEqualTo("Split v2");
    }

    @Test
    @DisplayName("a watcher on the query process sees changes made through the command process")
    void watchSeesChangesFromTheCommandProcess() {
        List<DocumentChange> received = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> ended = new CompletableFuture<>();
        DocumentQueryServiceGrpc.newStub(queryChannel).watchDocuments(WatchDocumentsRequest.getDefaultInstance(),
                new StreamObserver<>() {
                    @Override
                    public void onNext(DocumentChange change) {
                        received.add(change);
                    }

                    @Override
                    public void onError(Throwable t) {
                        ended.completeExceptionally(t);
                    }

                    @Override
                    public void onCompleted() {
                        ended.complete(null);
                    }
                });
        ChangeFeed feed = querySide.getBean(ChangeFeed.class);
        await().atMost(Duration.ofSeconds(10)).until(() -> feed.subscriberCount() == 1);

        String id = commands().createDocument(aDocument("Watched").build()).getDocumentId();

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(received)
                .anySatisfy(change -> {
                    assertThat(change.getDocumentId()).isEqualTo(id);
                    assertThat(change.getChange()).isEqualTo(ChangeKind.CHANGE_KIND_CREATED);
                    assertThat(change.getActor()).isEqualTo("split-writer");
                }));
        assertThat(ended).isNotDone();
    }

    @Test
    @DisplayName("each process serves only its own side: reflection, health, and UNIMPLEMENTED for the other's")
    void eachProcessServesOnlyItsOwnServices() throws Exception {
        assertThat(Reflection.services(commandChannel))
                .contains("docvault.v1.DocumentCommandService", "grpc.health.v1.Health")
                .doesNotContain("docvault.v1.DocumentQueryService", "docvault.v1.AdminService");
        assertThat(Reflection.services(queryChannel))
                .contains("docvault.v1.DocumentQueryService", "docvault.v1.AdminService", "grpc.health.v1.Health")
                .doesNotContain("docvault.v1.DocumentCommandService");

        assertThatThrownBy(() -> DocumentQueryServiceGrpc.newBlockingStub(commandChannel)
                .withDeadlineAfter(10, TimeUnit.SECONDS).getDocument(Requests.get("00000000-0000-0000-0000-000000000000")))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNIMPLEMENTED));
        assertThatThrownBy(() -> DocumentCommandServiceGrpc.newBlockingStub(queryChannel)
                .withDeadlineAfter(10, TimeUnit.SECONDS).createDocument(aDocument("Nowhere").build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNIMPLEMENTED));

        // No projection runs in the command process; the query process reports its processor.
        assertThatThrownBy(() -> commandSide.getBean(ChangeFeed.class)).isInstanceOf(NoSuchBeanDefinitionException.class);
        assertThat(AdminServiceGrpc.newBlockingStub(queryChannel).withDeadlineAfter(10, TimeUnit.SECONDS)
                .getProjectionStatus(GetProjectionStatusRequest.getDefaultInstance()).getProjectionsList())
                .anySatisfy(p -> assertThat(p.getName()).isEqualTo("document-views"));
        // Each process has its own metrics endpoint.
        assertThat(commandSide.getBean(MetricsHttpServer.class).port())
                .isNotEqualTo(querySide.getBean(MetricsHttpServer.class).port());
    }

    private static ManagedChannel channelTo(ConfigurableApplicationContext context) {
        return ManagedChannelBuilder.forAddress("127.0.0.1", context.getBean(GrpcServerLifecycle.class).port())
                .usePlaintext()
                .build();
    }

    private static DocumentCommandServiceBlockingStub commands() {
        Metadata headers = new Metadata();
        headers.put(CallerContext.ACTOR_HEADER, "split-writer");
        return DocumentCommandServiceGrpc.newBlockingStub(commandChannel)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
                .withDeadlineAfter(30, TimeUnit.SECONDS);
    }

    private static DocumentQueryServiceBlockingStub queries() {
        return DocumentQueryServiceGrpc.newBlockingStub(queryChannel).withDeadlineAfter(30, TimeUnit.SECONDS);
    }
}
