package io.docvault.server;

import static io.docvault.server.Requests.aDocument;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.docvault.proto.v1.ChangeKind;
import io.docvault.proto.v1.DocumentChange;
import io.docvault.proto.v1.DocumentQueryServiceGrpc;
import io.docvault.proto.v1.UpdateDocumentRequest;
import io.docvault.proto.v1.WatchDocumentsRequest;
import io.docvault.query.document.watch.ChangeFeed;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** WatchDocuments: every change once and in order; a slow watcher is cut off; cancelling frees it. */
class WatchIT {

    private static final int BUFFER = 16;
    private static RunningServer server;

    @BeforeAll
    static void start() {
        server = RunningServer.on(TestDatabases.newDatabase(), Map.of("docvault.query.watch-buffer", BUFFER));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    @DisplayName("during a concurrent write burst a watcher receives every change exactly once, in order")
    void burst() throws Exception {
        List<DocumentChange> received = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> ended = new CompletableFuture<>();
        ClientCallStreamObserver<?>[] call = new ClientCallStreamObserver<?>[1];
        DocumentQueryServiceGrpc.newStub(server.channel()).watchDocuments(WatchDocumentsRequest.getDefaultInstance(),
                new ClientResponseObserver<WatchDocumentsRequest, DocumentChange>() {
                    @Override
                    public void beforeStart(ClientCallStreamObserver<WatchDocumentsRequest> requestStream) {
                        call[0] = requestStream;
                    }

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
        await().atMost(Duration.ofSeconds(10)).until(() -> server.bean(ChangeFeed.class).subscriberCount() == 1);

        int writers = 4;
        int documentsPerWriter = 5;
        int updatesPerDocument = 9;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        List<Future<List<String>>> written = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            int writer = w;
            written.add(pool.submit(() -> {
                List<String> ids = new ArrayList<>();
                for (int d = 0; d < documentsPerWriter; d++) {
                    String id = server.commands().createDocument(aDocument("W" + writer + "-" + d).build()).getDocumentId();
                    ids.add(id);
                    for (int u = 0; u < updatesPerDocument; u++) {
                        server.commands().updateDocument(UpdateDocumentRequest.newBuilder()
                                .setDocumentId(id).setTitle("W" + writer + "-" + d + "-" + u).build());
                    }
                }
                return ids;
            }));
        }
        List<String> ids = new ArrayList<>();
        for (Future<List<String>> f : written) {
            ids.addAll(f.get(120, TimeUnit.SECONDS));
        }
        pool.shutdown();
        int expected = writers * documentsPerWriter * (1 + updatesPerDocument);
        await().atMost(Duration.ofSeconds(30)).until(() -> received.size() >= expected);
        call[0].cancel("done", null);

        assertThat(received).hasSize(expected);
        Map<String, List<Long>> versionsByDocument = new HashMap<>();
        received.forEach(c -> versionsByDocument.computeIfAbsent(c.getDocumentId(), k -> new ArrayList<>()).add(c.getVersion()));
        assertThat(versionsByDocument.keySet()).containsExactlyInAnyOrderElementsOf(ids);
        List<Long> oneToTen = java.util.stream.LongStream.rangeClosed(1, 1 + updatesPerDocument).boxed().toList();
        versionsByDocument.values().forEach(versions -> assertThat(versions).containsExactlyElementsOf(oneToTen));
        assertThat(received).filteredOn(c -> c.getVersion() == 1)
                .allSatisfy(c -> assertThat(c.getChange()).isEqualTo(ChangeKind.CHANGE_KIND_CREATED));
        assertThat(received).allSatisfy(c -> assertThat(c.getActor()).isEqualTo("test-writer"));
        await().atMost(Duration.ofSeconds(10)).until(() -> server.bean(ChangeFeed.class).subscriberCount() == 0);
    }

    @Test
    @DisplayName("a watcher that stops reading is cut off with RESOURCE_EXHAUSTED while writes go on")
    void slowWatcherIsCutOff() throws Exception {
        // A tiny HTTP/2 window on the client, so the server's outbound buffer fills after a few messages.
        int port = Integer.parseInt(server.channel().authority().substring(server.channel().authority().lastIndexOf(':') + 1));
        ManagedChannel slowChannel = NettyChannelBuilder.forAddress("127.0.0.1", port)
                .usePlaintext().flowControlWindow(64).build();
        CompletableFuture<Throwable> ended = new CompletableFuture<>();
        List<DocumentChange> received = new CopyOnWriteArrayList<>();
        ClientCallStreamObserver<?>[] call = new ClientCallStreamObserver<?>[1];
        try {
            DocumentQueryServiceGrpc.newStub(slowChannel).watchDocuments(WatchDocumentsRequest.getDefaultInstance(),
                    new ClientResponseObserver<WatchDocumentsRequest, DocumentChange>() {
                        @Override
                        public void beforeStart(ClientCallStreamObserver<WatchDocumentsRequest> requestStream) {
                            call[0] = requestStream;
                            requestStream.disableAutoRequestWithInitial(0);
                        }

                        @Override
                        public void onNext(DocumentChange change) {
                            received.add(change);
                        }

                        @Override
                        public void onError(Throwable t) {
                            ended.complete(t);
                        }

                        @Override
                        public void onCompleted() {
                            ended.complete(null);
                        }
                    });
            ChangeFeed feed = server.bean(ChangeFeed.class);
            await().atMost(Duration.ofSeconds(10)).until(() -> feed.subscriberCount() == 1);
            String id = server.commands().createDocument(aDocument("Flood").build()).getDocumentId();
            int written = 1;
            while (feed.subscriberCount() > 0 && written < 3000) {
                server.commands().updateDocument(UpdateDocumentRequest.newBuilder().setDocumentId(id).setTitle("F" + written).build());
                written++;
            }
            // The server dropped the watcher while the writers went on unhindered...
            assertThat(feed.subscriberCount()).isZero();
            assertThat(written).isLessThan(3000);
            // ...and the watcher learns it once it reads again: what was sent, then RESOURCE_EXHAUSTED.
            call[0].request(Integer.MAX_VALUE);
            Throwable failure = ended.get(30, TimeUnit.SECONDS);
            assertThat(failure).isInstanceOf(StatusRuntimeException.class);
            assertThat(((StatusRuntimeException) failure).getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
            assertThat(received).extracting(DocumentChange::getVersion).isSorted().doesNotHaveDuplicates();
            assertThat(received.size()).isLessThan(written);
        } finally {
            slowChannel.shutdownNow();
        }
    }

    @Test
    @DisplayName("a watch on one document sees only that document, and cancelling it frees the subscription")
    void singleDocumentAndCancel() {
        String watched = server.commands().createDocument(aDocument("Watched").build()).getDocumentId();
        io.grpc.Context.CancellableContext context = io.grpc.Context.current().withCancellation();
        List<DocumentChange> received = Collections.synchronizedList(new ArrayList<>());
        context.run(() -> DocumentQueryServiceGrpc.newStub(server.channel()).watchDocuments(
                WatchDocumentsRequest.newBuilder().setDocumentId(watched).build(),
                new io.grpc.stub.StreamObserver<>() {
                    @Override
                    public void onNext(DocumentChange change) {
                        received.add(change);
                    }

                    @Override
                    public void onError(Throwable t) {
                    }

                    @Override
                    public void onCompleted() {
                    }
                }));
        await().atMost(Duration.ofSeconds(10)).until(() -> server.bean(ChangeFeed.class).subscriberCount() == 1);
        server.commands().createDocument(aDocument("Other").build());
        server.commands().updateDocument(UpdateDocumentRequest.newBuilder().setDocumentId(watched).setTitle("W2").build());
        await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 1);
        assertThat(received.get(0).getDocumentId()).isEqualTo(watched);
        assertThat(received.get(0).getVersion()).isEqualTo(2);

        context.cancel(null);
        await().atMost(Duration.ofSeconds(10)).until(() -> server.bean(ChangeFeed.class).subscriberCount() == 0);
    }
}
