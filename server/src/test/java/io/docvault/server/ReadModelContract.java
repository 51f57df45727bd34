package io.docvault.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.ListenableFuture;
import com.google.protobuf.ByteString;
import com.google.protobuf.FieldMask;
import io.docvault.proto.v1.AdminServiceGrpc;
import io.docvault.proto.v1.AuditEntry;
import io.docvault.proto.v1.ChangeKind;
import io.docvault.proto.v1.CreateDocumentRequest;
import io.docvault.proto.v1.DeleteDocumentRequest;
import io.docvault.proto.v1.DiffVersionsRequest;
import io.docvault.proto.v1.DiffVersionsResponse;
import io.docvault.proto.v1.Document;
import io.docvault.proto.v1.DocumentQueryServiceGrpc;
import io.docvault.proto.v1.DocumentStatus;
import io.docvault.proto.v1.FieldChange;
import io.docvault.proto.v1.GetAuditTrailRequest;
import io.docvault.proto.v1.GetAuditTrailResponse;
import io.docvault.proto.v1.GetDocumentRequest;
import io.docvault.proto.v1.ListDocumentsRequest;
import io.docvault.proto.v1.ListDocumentsResponse;
import io.docvault.proto.v1.ListVersionsRequest;
import io.docvault.proto.v1.ListVersionsResponse;
import io.docvault.proto.v1.ReplayProjectionsRequest;
import io.docvault.proto.v1.RestoreDocumentRequest;
import io.docvault.proto.v1.RevertDocumentRequest;
import io.docvault.proto.v1.UpdateDocumentRequest;
import io.docvault.proto.v1.VersionInfo;
import io.docvault.server.HistoryModel.Fields;
import io.docvault.server.HistoryModel.Outcome;
import io.docvault.server.HistoryModel.Version;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The read-model contract, run against each store: thousands of random creates, updates, deletes,
 * restores and reverts, each checked against a plain in-memory model; then every query API (get by
 * version and as_of, list with every filter, order and paging mode, versions, diff, audit) is read back
 * over gRPC and compared with the model, live and again after a full rebuild of the read model.
 */
abstract class ReadModelContract {

    private static final long SEED = Long.getLong("docvault.model.seed", 20261122L);
    private static final int OPERATIONS = Integer.getInteger("docvault.model.operations", 2500);
    private static final int DOCUMENTS = 60;

    // Mixed case: both stores must order titles by code point.
    private static final List<String> TITLES = List.of("Alpha", "beta", "Gamma", "delta", "Émile");
    private static final List<String> CONTENTS = List.of("one\ntwo\nthree\n", "one\n2\nthree\n", "one\ntwo\n",
            "# heading\nbody\n", "");
    private static final List<String> TYPES = List.of("text/plain", "text/markdown");
    private static final List<DocumentStatus> STATUSES = List.of(DocumentStatus.DOCUMENT_STATUS_DRAFT,
            DocumentStatus.DOCUMENT_STATUS_PUBLISHED, DocumentStatus.DOCUMENT_STATUS_ARCHIVED);
    private static final List<List<String>> TAGS = List.of(List.of(), List.of("a"), List.of("a", "b"), List.of("b"));
    private static final List<String> CATEGORIES = List.of("", "x", "y");
    private static final List<Map<String, String>> METADATA = List.of(Map.of(), Map.of("k", "1"), Map.of("k", "2"),
            Map.of("k", "1", "j", "0"));
    private static final List<String> ACTORS = List.of("ann", "bob", "cy");

    private final Random random = new Random(SEED);
    private final HistoryModel model = new HistoryModel();

    /** A server whose read model lives in the store under test. */
    abstract RunningServer startServer();

    /** The read model really lives in the store under test: it holds these documents and versions. */
    abstract void assertStoreHolds(RunningServer server, long documents, long versions);

    @Test
    @DisplayName("random operations agree with an in-memory model, live and after a full replay")
    void randomHistoryMatchesModel() {
        try (RunningServer server = startServer()) {
            int failures = 0;
            for (int i = 0; i < OPERATIONS; i++) {
                failures += step(server) ? 0 : 1;
            }
            assertThat(failures).as("operations the model expected to fail").isPositive();
            List<ChangeKind> kinds = model.documents().values().stream().flatMap(List::stream).map(Version::change).toList();
            assertThat(kinds).as("every kind of change happened").contains(ChangeKind.CHANGE_KIND_CREATED,
                    ChangeKind.CHANGE_KIND_UPDATED, ChangeKind.CHANGE_KIND_DELETED, ChangeKind.CHANGE_KIND_RESTORED,
                    ChangeKind.CHANGE_KIND_REVERTED);
            assertThat(kinds.size()).as("versions").isGreaterThan(OPERATIONS / 4);

            verify(server);
            AdminServiceGrpc.newBlockingStub(server.channel())
                    .replayProjections(ReplayProjectionsRequest.getDefaultInstance()).forEachRemaining(p -> { });
            verify(server);
            long versions = model.documents().values().stream().mapToLong(List::size).sum();
            assertStoreHolds(server, model.documents().size(), versions);
        }
    }

    /** One random operation on service and model; false when both agreed it fails. */
    private boolean step(RunningServer server) {
        String actor = pick(ACTORS);
        if (model.documents().size() < DOCUMENTS && (model.documents().isEmpty() || random.nextInt(10) == 0)) {
            String id = UUID.randomUUID().toString();
            Fields fields = randomFields();
            CreateDocumentRequest request = CreateDocumentRequest.newBuilder().setDocumentId(id)
                    .setTitle(fields.title()).setContent(ByteString.copyFromUtf8(fields.content()))
                    .setContentType(fields.contentType()).setStatus(fields.status()).setAuthor("author-" + actor)
                    .addAllTags(fields.tags()).setCategory(fields.category()).putAllMetadata(fields.metadata()).build();
            return check(model.create(id, fields, "author-" + actor, actor),
                    () -> server.commands(actor).createDocument(request).getVersion());
        }
        String id = pick(new ArrayList<>(model.documents().keySet()));
        long current = model.latest(id).number();
        switch (random.nextInt(10)) {
            case 0, 1 -> {
                String reason = "why " + random.nextInt(3);
                return check(model.delete(id, actor, reason), () -> server.commands(actor).deleteDocument(
                        DeleteDocumentRequest.newBuilder().setDocumentId(id).setReason(reason).build()).getVersion());
            }
            case 2 -> {
                String reason = "back " + random.nextInt(3);
                return check(model.restore(id, actor, reason), () -> server.commands(actor).restoreDocument(
                        RestoreDocumentRequest.newBuilder().setDocumentId(id).setReason(reason).build()).getVersion());
            }
            case 3 -> {
                long to = 1 + random.nextInt((int) current + 1);
                String note = "revert to " + to;
                return check(model.revert(id, to, actor, note), () -> server.commands(actor).revertDocument(
                        RevertDocumentRequest.newBuilder().setDocumentId(id).setToVersion(to).setChangeNote(note)
                                .build()).getVersion());
            }
            default -> {
                long expected = switch (random.nextInt(4)) {
                    case 0 -> current;
                    case 1 -> Math.max(1, current - 1);
                    default -> 0;
                };
                Fields requested = randomMask();
                String note = "note " + random.nextInt(5);
                UpdateDocumentRequest.Builder request = UpdateDocumentRequest.newBuilder().setDocumentId(id)
                        .setExpectedVersion(expected).setChangeNote(note);
                FieldMask.Builder mask = FieldMask.newBuilder();
                if (requested.title() != null) { mask.addPaths("title"); request.setTitle(requested.title()); }
                if (requested.content() != null) { mask.addPaths("content"); request.setContent(ByteString.copyFromUtf8(requested.content())); }
                if (requested.contentType() != null) { mask.addPaths("content_type"); request.setContentType(requested.contentType()); }
                if (requested.status() != null) { mask.addPaths("status"); request.setStatus(requested.status()); }
                if (requested.tags() != null) { mask.addPaths("tags"); request.addAllTags(requested.tags()); }
                if (requested.category() != null) { mask.addPaths("category"); request.setCategory(requested.category()); }
                if (requested.metadata() != null) { mask.addPaths("metadata"); request.putAllMetadata(requested.metadata()); }
                request.setUpdateMask(mask);
                return check(model.update(id, expected, requested, actor, note),
                        () -> server.commands(actor).updateDocument(request.build()).getVersion());
            }
        }
    }

    private static boolean check(Outcome expected, Supplier<Long> call) {
        if (expected.failure() == null) {
            assertThat(call.get()).isEqualTo(expected.version());
            return true;
        }
        StatusRuntimeException failure = GrpcFailures.failure(call::get);
        assertThat(failure.getStatus().getCode()).isEqualTo(expected.failure());
        return false;
    }

    private void verify(RunningServer server) {
        Map<String, VersionInfo[]> times = new java.util.HashMap<>();
        for (Map.Entry<String, List<Version>> document : model.documents().entrySet()) {
            server.queries().getDocument(GetDocumentRequest.newBuilder().setDocumentId(document.getKey())
                    .setMinVersion(model.latest(document.getKey()).number()).setIncludeDeleted(true).build());
            List<VersionInfo> history = listVersions(server, document.getKey());
            times.put(document.getKey(), new VersionInfo[] {history.get(0), history.get(history.size() - 1)});
        }
        verifyLists(server, times);
        verifyLatestReadsTogether(server);
        for (Map.Entry<String, List<Version>> document : model.documents().entrySet()) {
            String id = document.getKey();
            List<Version> versions = document.getValue();
            Version latest = versions.get(versions.size() - 1);
            Document read = server.queries().getDocument(GetDocumentRequest.newBuilder().setDocumentId(id)
                    .setMinVersion(latest.number()).setIncludeDeleted(true).build());
            assertState(read, latest);

            List<VersionInfo> history = listVersions(server, id);
            assertThat(history).hasSize(versions.size());
            for (Version version : versions) {
                VersionInfo info = history.get((int) version.number() - 1);
                assertThat(info.getVersion()).isEqualTo(version.number());
                assertThat(info.getChange()).isEqualTo(version.change());
                assertThat(info.getChangedBy()).isEqualTo(version.actor());
                assertThat(info.getChangeNote()).isEqualTo(version.note());
                assertThat(info.getChangedFieldsList()).isEqualTo(version.changedFields());
                assertThat(info.getContentSha256()).isEqualTo(version.fields().sha256());
                assertThat(info.getContentSize()).isEqualTo(version.fields().size());
                assertThat(info.getRevertedToVersion()).isEqualTo(version.revertedTo());

                Document byNumber = server.queries().getDocument(GetDocumentRequest.newBuilder()
                        .setDocumentId(id).setVersion(version.number()).build());
                assertState(byNumber, version);
                // Times are kept to the millisecond: of versions made in the same one, as_of reads the newest.
                VersionInfo atThatInstant = info;
                for (VersionInfo later : history.subList((int) version.number(), history.size())) {
                    if (!later.getChangedAt().equals(info.getChangedAt())) {
                        break;
                    }
                    atThatInstant = later;
                }
                Version asOfVersion = versions.get((int) atThatInstant.getVersion() - 1);
                Document asOf = server.queries().getDocument(GetDocumentRequest.newBuilder()
                        .setDocumentId(id).setAsOf(info.getChangedAt()).setIncludeDeleted(true).build());
                assertThat(asOf).isEqualTo(asOfVersion == version ? byNumber : server.queries().getDocument(
                        GetDocumentRequest.newBuilder().setDocumentId(id).setVersion(asOfVersion.number()).build()));
                if (asOfVersion.deleted()) {
                    assertThat(GrpcFailures.failure(() -> server.queries().getDocument(GetDocumentRequest.newBuilder()
                            .setDocumentId(id).setAsOf(info.getChangedAt()).build())).getStatus().getCode())
                            .isEqualTo(Status.Code.NOT_FOUND);
                }
                if (version.number() > 1) {
                    assertDiff(server, id, versions.get((int) version.number() - 2), version);
                }
            }
            Version first = versions.get(0);
            assertDiff(server, id, latest, first);

            List<AuditEntry> audit = auditTrail(server, id);
            assertThat(audit).extracting(AuditEntry::getVersion)
                    .containsExactlyElementsOf(versions.stream().map(Version::number).sorted((a, b) -> Long.compare(b, a)).toList());
            for (AuditEntry entry : audit) {
                Version version = versions.get((int) entry.getVersion() - 1);
                assertThat(entry.getAction()).isEqualTo(version.change());
                assertThat(entry.getActor()).isEqualTo(version.actor());
                assertThat(entry.getReason()).isEqualTo(version.note());
            }
            List<AuditEntry> deletesAndRestores = server.queries().getAuditTrail(GetAuditTrailRequest.newBuilder()
                    .setDocumentId(id).setPageSize(1000).build()).getEntriesList();
            assertThat(deletesAndRestores).extracting(AuditEntry::getVersion).containsExactlyElementsOf(versions.stream()
                    .filter(v -> v.change() == ChangeKind.CHANGE_KIND_DELETED || v.change() == ChangeKind.CHANGE_KIND_RESTORED)
                    .map(Version::number).sorted((a, b) -> Long.compare(b, a)).toList());
        }
    }

    /**
     * Every document's latest version read at once, with and without deleted ones, and one the store never
     * held: reads that arrive together are answered by one query of the store ({@code LatestReads}), each
     * with its own document or NOT_FOUND.
     */
    private void verifyLatestReadsTogether(RunningServer server) {
        DocumentQueryServiceGrpc.DocumentQueryServiceFutureStub queries = DocumentQueryServiceGrpc
                .newFutureStub(server.channel()).withDeadlineAfter(30, TimeUnit.SECONDS);
        Map<String, ListenableFuture<Document>> withDeleted = new java.util.HashMap<>();
        Map<String, ListenableFuture<Document>> withoutDeleted = new java.util.HashMap<>();
        for (String id : model.documents().keySet()) {
            GetDocumentRequest latest = GetDocumentRequest.newBuilder().setDocumentId(id).build();
            withDeleted.put(id, queries.getDocument(latest.toBuilder().setIncludeDeleted(true).build()));
            withoutDeleted.put(id, queries.getDocument(latest));
        }
        ListenableFuture<Document> never = queries.getDocument(GetDocumentRequest.newBuilder()
                .setDocumentId(UUID.randomUUID().toString()).build());
        for (Map.Entry<String, List<Version>> document : model.documents().entrySet()) {
            Version latest = document.getValue().get(document.getValue().size() - 1);
            assertState(Futures.getUnchecked(withDeleted.get(document.getKey())), latest);
            if (latest.deleted()) {
                assertThat(codeOf(withoutDeleted.get(document.getKey()))).isEqualTo(Status.Code.NOT_FOUND);
            } else {
                assertState(Futures.getUnchecked(withoutDeleted.get(document.getKey())), latest);
            }
        }
        assertThat(codeOf(never)).isEqualTo(Status.Code.NOT_FOUND);
    }

    private static Status.Code codeOf(ListenableFuture<?> call) {
        Throwable failure = org.assertj.core.api.Assertions.catchThrowable(call::get);
        assertThat(failure).as("the call should have failed").isNotNull();
        return Status.fromThrowable(failure).getCode();
    }

    /** Every filter, order and paging mode of ListDocuments against the model's latest states. */
    private void verifyLists(RunningServer server, Map<String, VersionInfo[]> times) {
        Comparator<String> byId = Comparator.naturalOrder();
        Map<String, Comparator<String>> orders = Map.of(
                "updated_at", Comparator.comparing((String id) -> instant(times.get(id)[1])).thenComparing(byId),
                "created_at", Comparator.comparing((String id) -> instant(times.get(id)[0])).thenComparing(byId),
                "title", Comparator.comparing((String id) -> model.latest(id).fields().title()).thenComparing(byId));
        List<java.util.function.UnaryOperator<ListDocumentsRequest.Builder>> filters = List.of(
                r -> r,
                r -> r.setIncludeDeleted(true),
                r -> r.setOnlyDeleted(true),
                r -> r.setStatus(DocumentStatus.DOCUMENT_STATUS_PUBLISHED),
                r -> r.setAuthor("author-bob"),
                r -> r.setTag("a"),
                r -> r.setTag("b").setCategory("x"),
                r -> r.setCategory("y").setIncludeDeleted(true));
        for (var filter : filters) {
            ListDocumentsRequest probe = filter.apply(ListDocumentsRequest.newBuilder()).build();
            List<String> matching = model.documents().keySet().stream()
                    .filter(id -> matches(model.latest(id), probe)).toList();
            for (Map.Entry<String, Comparator<String>> order : orders.entrySet()) {
                for (boolean descending : List.of(false, true)) {
                    Comparator<String> comparator = descending ? order.getValue().reversed() : order.getValue();
                    List<String> expected = matching.stream().sorted(comparator).toList();
                    String orderBy = order.getKey() + (descending ? " desc" : " asc");
                    int pageSize = 1 + random.nextInt(9);
                    int skip = random.nextInt(3);
                    List<String> listed = new ArrayList<>();
                    String token = "";
                    do {
                        ListDocumentsRequest.Builder request = filter.apply(ListDocumentsRequest.newBuilder())
                                .setOrderBy(orderBy).setPageSize(pageSize).setPageToken(token);
                        if (token.isEmpty()) {
                            request.setSkip(skip);
                        }
                        ListDocumentsResponse page = server.queries().listDocuments(request.build());
                        assertThat(page.getTotalSize()).as("total for %s", probe).isEqualTo(expected.size());
                        page.getDocumentsList().forEach(d -> listed.add(d.getDocumentId()));
                        token = page.getNextPageToken();
                    } while (!token.isEmpty());
                    assertThat(listed).as("%s ordered by %s, skip %d", probe, orderBy, skip)
                            .containsExactlyElementsOf(expected.subList(Math.min(skip, expected.size()), expected.size()));
                }
            }
        }
    }

    private static boolean matches(Version latest, ListDocumentsRequest filter) {
        if (filter.getOnlyDeleted() ? !latest.deleted() : (!filter.getIncludeDeleted() && latest.deleted())) {
            return false;
        }
        Fields fields = latest.fields();
        return (filter.getStatusValue() == 0 || fields.status() == filter.getStatus())
                && (filter.getAuthor().isEmpty() || latest.author().equals(filter.getAuthor()))
                && (filter.getTag().isEmpty() || fields.tags().contains(filter.getTag()))
                && (filter.getCategory().isEmpty() || fields.category().equals(filter.getCategory()));
    }

    private static java.time.Instant instant(VersionInfo info) {
        return java.time.Instant.ofEpochSecond(info.getChangedAt().getSeconds(), info.getChangedAt().getNanos());
    }

    private static void assertState(Document read, Version version) {
        Fields fields = version.fields();
        assertThat(read.getVersion()).isEqualTo(version.number());
        assertThat(read.getTitle()).isEqualTo(fields.title());
        assertThat(read.getContent().toStringUtf8()).isEqualTo(fields.content());
        assertThat(read.getContentSha256()).isEqualTo(fields.sha256());
        assertThat(read.getContentSize()).isEqualTo(fields.size());
        assertThat(read.getContentType()).isEqualTo(fields.contentType());
        assertThat(read.getStatus()).isEqualTo(fields.status());
        assertThat(read.getTagsList()).isEqualTo(fields.tags());
        assertThat(read.getCategory()).isEqualTo(fields.category());
        assertThat(read.getMetadataMap()).isEqualTo(fields.metadata());
        assertThat(read.getAuthor()).isEqualTo(version.author());
        assertThat(read.getCreatedBy()).isEqualTo(version.createdBy());
        assertThat(read.getUpdatedBy()).isEqualTo(version.actor());
        assertThat(read.getDeleted()).isEqualTo(version.deleted());
        assertThat(read.getDeletedBy()).isEqualTo(version.deleted() ? version.deletedBy() : "");
        assertThat(read.getDeleteReason()).isEqualTo(version.deleted() ? version.deleteReason() : "");
    }

    private static void assertDiff(RunningServer server, String id, Version from, Version to) {
        DiffVersionsResponse diff = server.queries().diffVersions(DiffVersionsRequest.newBuilder()
                .setDocumentId(id).setFromVersion(from.number()).setToVersion(to.number()).build());
        assertThat(diff.getFieldChangesList()).extracting(FieldChange::getField)
                .as("diff %d..%d", from.number(), to.number())
                .containsExactlyElementsOf(HistoryModel.diffFields(from, to));
        assertThat(diff.getContentDiff().isEmpty()).isEqualTo(from.fields().content().equals(to.fields().content()));
    }

    private static List<VersionInfo> listVersions(RunningServer server, String id) {
        List<VersionInfo> all = new ArrayList<>();
        String token = "";
        do {
            ListVersionsResponse page = server.queries().listVersions(ListVersionsRequest.newBuilder()
                    .setDocumentId(id).setPageSize(17).setPageToken(token).build());
            all.addAll(page.getVersionsList());
            token = page.getNextPageToken();
        } while (!token.isEmpty());
        return all;
    }

    private static List<AuditEntry> auditTrail(RunningServer server, String id) {
        List<AuditEntry> all = new ArrayList<>();
        String token = "";
        do {
            GetAuditTrailResponse page = server.queries().getAuditTrail(GetAuditTrailRequest.newBuilder()
                    .setDocumentId(id).addAllKinds(List.of(ChangeKind.CHANGE_KIND_CREATED, ChangeKind.CHANGE_KIND_UPDATED,
                            ChangeKind.CHANGE_KIND_DELETED, ChangeKind.CHANGE_KIND_RESTORED, ChangeKind.CHANGE_KIND_REVERTED))
                    .setPageSize(13).setPageToken(token).build());
            all.addAll(page.getEntriesList());
            token = page.getNextPageToken();
        } while (!token.isEmpty());
        return all;
    }

    private Fields randomFields() {
        return new Fields(pick(TITLES), pick(CONTENTS), pick(TYPES), pick(STATUSES), pick(TAGS), pick(CATEGORIES),
                pick(METADATA));
    }

    /** A random subset of fields with random values: {@code null} means "not in the mask". */
    private Fields randomMask() {
        Fields all = randomFields();
        Fields mask;
        do {
            mask = new Fields(
                    random.nextInt(3) == 0 ? all.title() : null,
                    random.nextInt(3) == 0 ? all.content() : null,
                    random.nextInt(4) == 0 ? all.contentType() : null,
                    random.nextInt(3) == 0 ? all.status() : null,
                    random.nextInt(3) == 0 ? all.tags() : null,
                    random.nextInt(4) == 0 ? all.category() : null,
                    random.nextInt(4) == 0 ? all.metadata() : null);
        } while (mask.equals(new Fields(null, null, null, null, null, null, null)));
        return mask;
    }

    private <T> T pick(List<T> values) {
        return values.get(random.nextInt(values.size()));
    }
}
