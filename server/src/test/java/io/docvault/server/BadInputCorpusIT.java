package io.docvault.server;

import static io.docvault.server.Requests.aDocument;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.FieldMask;
import com.google.protobuf.Message;
import com.google.protobuf.Timestamp;
import com.google.rpc.BadRequest;
import io.docvault.proto.v1.AdminServiceGrpc;
import io.docvault.proto.v1.DeleteDocumentRequest;
import io.docvault.proto.v1.DiffVersionsRequest;
import io.docvault.proto.v1.DocumentCommandServiceGrpc;
import io.docvault.proto.v1.DocumentQueryServiceGrpc;
import io.docvault.proto.v1.GetAuditTrailRequest;
import io.docvault.proto.v1.GetDocumentRequest;
import io.docvault.proto.v1.ListDocumentsRequest;
import io.docvault.proto.v1.ListVersionsRequest;
import io.docvault.proto.v1.RestoreDocumentRequest;
import io.docvault.proto.v1.RevertDocumentRequest;
import io.docvault.proto.v1.UpdateDocumentRequest;
import io.docvault.proto.v1.VerifyHistoryRequest;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A generated corpus of malformed requests to every unary RPC: malformed ids, blank and oversized
 * titles, content over the limit, messages over the server's size limit, unknown enum numbers, bad
 * field-mask paths, negative and huge paging values, garbage page tokens, versions at or below zero
 * or beyond the latest, out-of-range timestamps, NUL characters and invalid UTF-8 in every string
 * field. Every answer must be INVALID_ARGUMENT, NOT_FOUND or RESOURCE_EXHAUSTED with a message that
 * names the problem (the field, where there is one), within the deadline; and afterwards the event
 * store and the read model are exactly as before.
 */
class BadInputCorpusIT extends OneServerPerClass {

    private static final Set<Status.Code> CLEAR_REFUSALS =
            EnumSet.of(Status.Code.INVALID_ARGUMENT, Status.Code.NOT_FOUND, Status.Code.RESOURCE_EXHAUSTED);
    private static final long DEADLINE_SECONDS = 10;

    private static String live;
    private static String deleted;

    /** One malformed request: what it is, where it goes, its bytes, and the field the answer must name (or null). */
    private record Case(String name, MethodDescriptor<?, ?> method, byte[] body, String field) {
    }

    @BeforeAll
    static void seed() {
        live = server.commands().createDocument(aDocument("Live").build()).getDocumentId();
        server.commands().updateDocument(UpdateDocumentRequest.newBuilder().setDocumentId(live).setTitle("Live v2").build());
        deleted = server.commands().createDocument(aDocument("Deleted").build()).getDocumentId();
        server.commands().deleteDocument(DeleteDocumentRequest.newBuilder().setDocumentId(deleted).setReason("seed").build());
        server.queries().getDocument(GetDocumentRequest.newBuilder().setDocumentId(deleted).setIncludeDeleted(true)
                .setMinVersion(2).build());
        server.queries().getDocument(Requests.getAtLeast(live, 2));
    }

    @Test
    @DisplayName("every malformed request is refused clearly, naming the problem, and changes nothing")
    void corpus() {
        List<Case> corpus = generateCorpus();
        assertThat(corpus.size()).as("corpus size").isGreaterThan(1000);
        String eventsBefore = eventStoreFingerprint();
        List<String> readModelBefore = readModel();

        Map<Status.Code, Integer> answers = new TreeMap<>();
        List<String> problems = new ArrayList<>();
        for (Case c : corpus) {
            StatusRuntimeException refusal = answer(c);
            Status status = refusal == null ? Status.OK : refusal.getStatus();
            answers.merge(status.getCode(), 1, Integer::sum);
            String problem = problem(c, refusal);
            if (problem != null) {
                problems.add(c.method().getBareMethodName() + " / " + c.name() + ": " + problem);
            }
        }
        System.out.printf("bad-input corpus: %d requests, answers %s%n", corpus.size(), answers);
        assertThat(problems).as("requests not refused clearly").isEmpty();
        assertThat(answers).doesNotContainKeys(Status.Code.INTERNAL, Status.Code.UNKNOWN, Status.Code.DEADLINE_EXCEEDED);

        assertThat(eventStoreFingerprint()).as("event store after the corpus").isEqualTo(eventsBefore);
        assertThat(readModel()).as("read model after the corpus").isEqualTo(readModelBefore);
    }

    private static List<Case> generateCorpus() {
        Random random = new Random(20261201);
        List<Case> cases = new ArrayList<>();
        Map<MethodDescriptor<?, ?>, Message> valid = validRequests();

        // Malformed ids, in every request that takes a document id.
        List<String> badIds = new ArrayList<>(List.of("not-a-uuid", "1234", "0b5c", live + "x", "{" + live + "}",
                live.replace("-", ""), "zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz", "' OR 1=1 --", "ü".repeat(36),
                live.substring(1), "-" + live.substring(1), live.replace('-', '_')));
        for (int i = 0; i < 60; i++) {
            badIds.add(randomText(random, 1 + random.nextInt(60)));
        }
        valid.forEach((method, request) -> {
            if (has(request, "document_id")) {
                for (String id : badIds) {
                    cases.add(new Case("document_id=" + id, method, with(request, "document_id", id).toByteArray(), "document_id"));
                }
            }
        });
        for (MethodDescriptor<?, ?> method : List.of(DocumentQueryServiceGrpc.getGetDocumentMethod(),
                DocumentQueryServiceGrpc.getListVersionsMethod(), DocumentQueryServiceGrpc.getDiffVersionsMethod(),
                DocumentCommandServiceGrpc.getUpdateDocumentMethod(), DocumentCommandServiceGrpc.getDeleteDocumentMethod(),
                DocumentCommandServiceGrpc.getRestoreDocumentMethod(), DocumentCommandServiceGrpc.getRevertDocumentMethod())) {
            cases.add(new Case("document_id empty", method, with(valid.get(method), "document_id", "").toByteArray(), "document_id"));
        }

        // Titles: blank, too long, NUL; on create and on an update that names the title in its mask.
        List<String> badTitles = List.of("", " ", "\t\n", "x".repeat(501), "🙂".repeat(501), "a\u0000b", "x".repeat(20_000));
        for (String title : badTitles) {
            cases.add(new Case("create title of " + title.length(), DocumentCommandServiceGrpc.getCreateDocumentMethod(),
                    aDocument(title).build().toByteArray(), "title"));
            cases.add(new Case("update title of " + title.length(), DocumentCommandServiceGrpc.getUpdateDocumentMethod(),
                    update().setUpdateMask(FieldMask.newBuilder().addPaths("title")).setTitle(title).build().toByteArray(), "title"));
        }

        // NUL characters in every other text field.
        String nul = "bad\u0000text";
        cases.add(new Case("author NUL", DocumentCommandServiceGrpc.getCreateDocumentMethod(), aDocument("t").setAuthor(nul).build().toByteArray(), "author"));
        cases.add(new Case("category NUL", DocumentCommandServiceGrpc.getCreateDocumentMethod(), aDocument("t").setCategory(nul).build().toByteArray(), "category"));
        cases.add(new Case("content_type NUL", DocumentCommandServiceGrpc.getCreateDocumentMethod(), aDocument("t").setContentType(nul).build().toByteArray(), "content_type"));
        cases.add(new Case("tag NUL", DocumentCommandServiceGrpc.getCreateDocumentMethod(), aDocument("t").addTags(nul).build().toByteArray(), "tags[1]"));
        cases.add(new Case("metadata NUL", DocumentCommandServiceGrpc.getCreateDocumentMethod(), aDocument("t").putMetadata("k", nul).build().toByteArray(), "metadata"));
        cases.add(new Case("update category NUL", DocumentCommandServiceGrpc.getUpdateDocumentMethod(), update().setCategory(nul).build().toByteArray(), "category"));
        cases.add(new Case("change_note NUL", DocumentCommandServiceGrpc.getUpdateDocumentMethod(), update().setTitle("t").setChangeNote(nul).build().toByteArray(), "change_note"));
        cases.add(new Case("delete reason NUL", DocumentCommandServiceGrpc.getDeleteDocumentMethod(), DeleteDocumentRequest.newBuilder().setDocumentId(live).setReason(nul).build().toByteArray(), "reason"));
        cases.add(new Case("restore reason NUL", DocumentCommandServiceGrpc.getRestoreDocumentMethod(), RestoreDocumentRequest.newBuilder().setDocumentId(deleted).setReason(nul).build().toByteArray(), "reason"));
        cases.add(new Case("list author NUL", DocumentQueryServiceGrpc.getListDocumentsMethod(), ListDocumentsRequest.newBuilder().setAuthor(nul).build().toByteArray(), "author"));
        cases.add(new Case("list tag NUL", DocumentQueryServiceGrpc.getListDocumentsMethod(), ListDocumentsRequest.newBuilder().setTag(nul).build().toByteArray(), "tag"));

        // Content over the limit (RESOURCE_EXHAUSTED naming content), and messages over the server's limit.
        ByteString overLimit = ByteString.copyFrom(new byte[4 * 1024 * 1024 + 1]);
        cases.add(new Case("create content over the limit", DocumentCommandServiceGrpc.getCreateDocumentMethod(),
                aDocument("big").setContent(overLimit).build().toByteArray(), "content"));
        cases.add(new Case("update content over the limit", DocumentCommandServiceGrpc.getUpdateDocumentMethod(),
                update().setContent(overLimit).build().toByteArray(), "content"));
        ByteString overMessageLimit = ByteString.copyFrom(new byte[17 * 1024 * 1024]);
        cases.add(new Case("create message over the size limit", DocumentCommandServiceGrpc.getCreateDocumentMethod(),
                aDocument("huge").setContent(overMessageLimit).build().toByteArray(), null));

        // Unknown enum numbers.
        for (int number : new int[] {4, 5, 42, 1 << 20, -1, Integer.MIN_VALUE}) {
            cases.add(new Case("create status " + number, DocumentCommandServiceGrpc.getCreateDocumentMethod(),
                    aDocument("t").setStatusValue(number).build().toByteArray(), "status"));
            cases.add(new Case("update status " + number, DocumentCommandServiceGrpc.getUpdateDocumentMethod(),
                    update().setUpdateMask(FieldMask.newBuilder().addPaths("status")).setStatusValue(number).build().toByteArray(), "status"));
            cases.add(new Case("list status " + number, DocumentQueryServiceGrpc.getListDocumentsMethod(),
                    ListDocumentsRequest.newBuilder().setStatusValue(number).build().toByteArray(), "status"));
        }
        for (int number : new int[] {6, 7, 42, 1 << 20, -1, Integer.MIN_VALUE}) {
            cases.add(new Case("audit kind " + number, DocumentQueryServiceGrpc.getGetAuditTrailMethod(),
                    GetAuditTrailRequest.newBuilder().addKindsValue(number).build().toByteArray(), "kinds[0]"));
        }

        // Field-mask paths that name no updatable field.
        for (String path : List.of("owner", "title.text", "TITLE", "document_id", "version", "created_at", "deleted",
                "content_sha256", "metadata.key", "tags[0]", " title", "*", "")) {
            cases.add(new Case("mask path '" + path + "'", DocumentCommandServiceGrpc.getUpdateDocumentMethod(),
                    update().setUpdateMask(FieldMask.newBuilder().addPaths(path)).setTitle("t").build().toByteArray(),
                    "update_mask.paths[0]"));
        }
        cases.add(new Case("no mask and no field", DocumentCommandServiceGrpc.getUpdateDocumentMethod(),
                UpdateDocumentRequest.newBuilder().setDocumentId(live).build().toByteArray(), "update_mask"));

        // Paging values out of range.
        for (int size : new int[] {-1, -1000, 1001, 5000, Integer.MAX_VALUE, Integer.MIN_VALUE}) {
            cases.add(new Case("list page_size " + size, DocumentQueryServiceGrpc.getListDocumentsMethod(),
                    ListDocumentsRequest.newBuilder().setPageSize(size).build().toByteArray(), "page_size"));
            cases.add(new Case("versions page_size " + size, DocumentQueryServiceGrpc.getListVersionsMethod(),
                    ListVersionsRequest.newBuilder().setDocumentId(live).setPageSize(size).build().toByteArray(), "page_size"));
            cases.add(new Case("audit page_size " + size, DocumentQueryServiceGrpc.getGetAuditTrailMethod(),
                    GetAuditTrailRequest.newBuilder().setPageSize(size).build().toByteArray(), "page_size"));
        }
        for (int skip : new int[] {-1, -50, Integer.MIN_VALUE}) {
            cases.add(new Case("skip " + skip, DocumentQueryServiceGrpc.getListDocumentsMethod(),
                    ListDocumentsRequest.newBuilder().setSkip(skip).build().toByteArray(), "skip"));
        }
        cases.add(new Case("order_by unknown", DocumentQueryServiceGrpc.getListDocumentsMethod(),
                ListDocumentsRequest.newBuilder().setOrderBy("size desc").build().toByteArray(), "order_by"));

        // Page tokens the service never issued: garbage, random bytes, a real token altered.
        String realToken = server.queries().listDocuments(ListDocumentsRequest.newBuilder().setPageSize(1)
                .setIncludeDeleted(true).build()).getNextPageToken();
        List<String> badTokens = new ArrayList<>(List.of("garbage", "AAAA", "%%%", "x".repeat(10_000),
                realToken.substring(0, realToken.length() / 2), realToken + "A", flip(realToken, random)));
        for (int i = 0; i < 80; i++) {
            byte[] bytes = new byte[1 + random.nextInt(80)];
            random.nextBytes(bytes);
            badTokens.add(i % 2 == 0 ? Base64.getUrlEncoder().withoutPadding().encodeToString(bytes) : randomText(random, bytes.length));
        }
        for (String token : badTokens) {
            cases.add(new Case("list token", DocumentQueryServiceGrpc.getListDocumentsMethod(),
                    ListDocumentsRequest.newBuilder().setPageToken(token).build().toByteArray(), "page_token"));
            cases.add(new Case("versions token", DocumentQueryServiceGrpc.getListVersionsMethod(),
                    ListVersionsRequest.newBuilder().setDocumentId(live).setPageToken(token).build().toByteArray(), "page_token"));
            cases.add(new Case("audit token", DocumentQueryServiceGrpc.getGetAuditTrailMethod(),
                    GetAuditTrailRequest.newBuilder().setPageToken(token).build().toByteArray(), "page_token"));
        }

        // Versions at or below zero, or beyond the latest (NOT_FOUND).
        for (long version : new long[] {-1, -2, Long.MIN_VALUE}) {
            cases.add(new Case("get version " + version, DocumentQueryServiceGrpc.getGetDocumentMethod(),
                    GetDocumentRequest.newBuilder().setDocumentId(live).setVersion(version).build().toByteArray(), "version"));
            cases.add(new Case("get min_version " + version, DocumentQueryServiceGrpc.getGetDocumentMethod(),
                    GetDocumentRequest.newBuilder().setDocumentId(live).setMinVersion(version).build().toByteArray(), "min_version"));
            cases.add(new Case("update expected_version " + version, DocumentCommandServiceGrpc.getUpdateDocumentMethod(),
                    update().setTitle("t").setExpectedVersion(version).build().toByteArray(), "expected_version"));
            cases.add(new Case("delete expected_version " + version, DocumentCommandServiceGrpc.getDeleteDocumentMethod(),
                    DeleteDocumentRequest.newBuilder().setDocumentId(live).setExpectedVersion(version).build().toByteArray(), "expected_version"));
        }
        for (long version : new long[] {0, -1, Long.MIN_VALUE}) {
            cases.add(new Case("revert to " + version, DocumentCommandServiceGrpc.getRevertDocumentMethod(),
                    RevertDocumentRequest.newBuilder().setDocumentId(live).setToVersion(version).build().toByteArray(), "to_version"));
            cases.add(new Case("diff from " + version, DocumentQueryServiceGrpc.getDiffVersionsMethod(),
                    DiffVersionsRequest.newBuilder().setDocumentId(live).setFromVersion(version).setToVersion(2).build().toByteArray(), "from_version"));
            cases.add(new Case("diff to " + version, DocumentQueryServiceGrpc.getDiffVersionsMethod(),
                    DiffVersionsRequest.newBuilder().setDocumentId(live).setFromVersion(1).setToVersion(version).build().toByteArray(), "to_version"));
        }
        for (long beyond : new long[] {3, 99, Long.MAX_VALUE}) {
            cases.add(new Case("get version " + beyond, DocumentQueryServiceGrpc.getGetDocumentMethod(),
                    GetDocumentRequest.newBuilder().setDocumentId(live).setVersion(beyond).build().toByteArray(), null));
            cases.add(new Case("revert to " + beyond, DocumentCommandServiceGrpc.getRevertDocumentMethod(),
                    RevertDocumentRequest.newBuilder().setDocumentId(live).setToVersion(beyond).build().toByteArray(), null));
            cases.add(new Case("diff to " + beyond, DocumentQueryServiceGrpc.getDiffVersionsMethod(),
                    DiffVersionsRequest.newBuilder().setDocumentId(live).setFromVersion(1).setToVersion(beyond).build().toByteArray(), null));
        }

        // Timestamps outside what google.protobuf.Timestamp allows.
        for (Timestamp bad : List.of(Timestamp.newBuilder().setSeconds(1).setNanos(-1).build(),
                Timestamp.newBuilder().setSeconds(1).setNanos(1_000_000_000).build(),
                Timestamp.newBuilder().setSeconds(Long.MAX_VALUE).build(),
                Timestamp.newBuilder().setSeconds(-62_135_596_801L).build())) {
            cases.add(new Case("as_of " + bad.getSeconds() + "/" + bad.getNanos(), DocumentQueryServiceGrpc.getGetDocumentMethod(),
                    GetDocumentRequest.newBuilder().setDocumentId(live).setAsOf(bad).build().toByteArray(), "as_of"));
            cases.add(new Case("audit from", DocumentQueryServiceGrpc.getGetAuditTrailMethod(),
                    GetAuditTrailRequest.newBuilder().setFrom(bad).build().toByteArray(), "from"));
            cases.add(new Case("audit to", DocumentQueryServiceGrpc.getGetAuditTrailMethod(),
                    GetAuditTrailRequest.newBuilder().setTo(bad).build().toByteArray(), "to"));
        }

        // Invalid UTF-8 in every string field of every request.
        byte[][] badUtf8 = {{(byte) 0xC3, 0x28}, {(byte) 0xFF}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {'a', (byte) 0x80, 'b'}};
        valid.forEach((method, request) -> {
            for (FieldDescriptor field : request.getDescriptorForType().getFields()) {
                if (field.getType() == FieldDescriptor.Type.STRING) {
                    for (byte[] bytes : badUtf8) {
                        cases.add(new Case(field.getName() + " invalid UTF-8", method,
                                appendField(request.toByteArray(), field.getNumber(), bytes), null));
                    }
                }
            }
        });
        return cases;
    }

    private static Map<MethodDescriptor<?, ?>, Message> validRequests() {
        return Map.ofEntries(
                Map.entry(DocumentCommandServiceGrpc.getCreateDocumentMethod(), aDocument("Valid").build()),
                Map.entry(DocumentCommandServiceGrpc.getUpdateDocumentMethod(), update().setTitle("t").build()),
                Map.entry(DocumentCommandServiceGrpc.getDeleteDocumentMethod(), DeleteDocumentRequest.newBuilder().setDocumentId(live).setReason("r").build()),
                Map.entry(DocumentCommandServiceGrpc.getRestoreDocumentMethod(), RestoreDocumentRequest.newBuilder().setDocumentId(deleted).setReason("r").build()),
                Map.entry(DocumentCommandServiceGrpc.getRevertDocumentMethod(), RevertDocumentRequest.newBuilder().setDocumentId(live).setToVersion(1).build()),
                Map.entry(DocumentQueryServiceGrpc.getGetDocumentMethod(), GetDocumentRequest.newBuilder().setDocumentId(live).build()),
                Map.entry(DocumentQueryServiceGrpc.getListDocumentsMethod(), ListDocumentsRequest.newBuilder().setPageSize(5).setAuthor("Alice").build()),
                Map.entry(DocumentQueryServiceGrpc.getListVersionsMethod(), ListVersionsRequest.newBuilder().setDocumentId(live).build()),
                Map.entry(DocumentQueryServiceGrpc.getDiffVersionsMethod(), DiffVersionsRequest.newBuilder().setDocumentId(live).setFromVersion(1).setToVersion(2).build()),
                Map.entry(DocumentQueryServiceGrpc.getGetAuditTrailMethod(), GetAuditTrailRequest.newBuilder().setDocumentId(live).build()),
                Map.entry(AdminServiceGrpc.getVerifyHistoryMethod(), VerifyHistoryRequest.newBuilder().setDocumentId(live).build()));
    }

    private static UpdateDocumentRequest.Builder update() {
        return UpdateDocumentRequest.newBuilder().setDocumentId(live);
    }

    /** Null when the answer is a clear refusal naming what it must; else what is wrong with it. */
    private static String problem(Case c, StatusRuntimeException refusal) {
        if (refusal == null) {
            return "accepted";
        }
        Status status = refusal.getStatus();
        if (!CLEAR_REFUSALS.contains(status.getCode())) {
            return "answered " + status.getCode() + " (" + status.getDescription() + ")";
        }
        String description = status.getDescription();
        if (description == null || description.isBlank()) {
            return status.getCode() + " without a message";
        }
        if (description.contains("Exception") || description.contains("SQL") || description.contains("at io.")) {
            return "leaks internals: " + description;
        }
        if (c.field() != null && !description.contains(c.field()) && !violations(refusal).contains(c.field())) {
            return status.getCode() + " does not name " + c.field() + ": " + description;
        }
        return null;
    }

    private static List<String> violations(StatusRuntimeException refusal) {
        com.google.rpc.Status details = StatusProto.fromThrowable(refusal);
        if (details == null) {
            return List.of();
        }
        return details.getDetailsList().stream().filter(any -> any.is(BadRequest.class)).flatMap(any -> {
            try {
                return any.unpack(BadRequest.class).getFieldViolationsList().stream();
            } catch (com.google.protobuf.InvalidProtocolBufferException e) {
                throw new AssertionError(e);
            }
        }).map(BadRequest.FieldViolation::getField).toList();
    }

    /** The refusal, or null when the request was accepted. */
    private static StatusRuntimeException answer(Case c) {
        try {
            RawCalls.call(server.channel(), c.method(), c.body(), DEADLINE_SECONDS);
            return null;
        } catch (StatusRuntimeException e) {
            return e;
        }
    }

    private static Message with(Message request, String field, Object value) {
        FieldDescriptor descriptor = request.getDescriptorForType().findFieldByName(field);
        return request.toBuilder().setField(descriptor, value).build();
    }

    private static boolean has(Message request, String field) {
        return request.getDescriptorForType().findFieldByName(field) != null;
    }

    /** The message's bytes with one more length-delimited field (the last value of a singular field wins). */
    private static byte[] appendField(byte[] message, int number, byte[] value) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(message);
            CodedOutputStream coded = CodedOutputStream.newInstance(out);
            coded.writeByteArray(number, value);
            coded.flush();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String randomText(Random random, int length) {
        StringBuilder text = new StringBuilder();
        while (text.length() < length) {
            int codePoint = switch (random.nextInt(4)) {
                case 0 -> 'a' + random.nextInt(26);
                case 1 -> '!' + random.nextInt(15);
                case 2 -> 0x400 + random.nextInt(0x100);
                default -> 0x1F300 + random.nextInt(0x200);
            };
            text.appendCodePoint(codePoint);
        }
        return text.toString();
    }

    private static String flip(String token, Random random) {
        char[] chars = token.toCharArray();
        int at = random.nextInt(chars.length);
        chars[at] = chars[at] == 'A' ? 'B' : 'A';
        return new String(chars);
    }

    private static String eventStoreFingerprint() {
        return server.jdbc().queryForObject("SELECT count(*) || '/' || coalesce(max(global_index), 0) || '/' || "
                + "coalesce(md5(string_agg(md5(payload) || md5(coalesce(meta_data, '')), ',' ORDER BY global_index)), '') "
                + "|| '/' || (SELECT count(*) FROM command_request) FROM domain_event_entry", String.class);
    }

    private static List<String> readModel() {
        List<String> rows = new ArrayList<>();
        server.queries().listDocuments(ListDocumentsRequest.newBuilder().setIncludeDeleted(true).setPageSize(1000)
                .setIncludeContent(true).build()).getDocumentsList().forEach(d -> rows.add(d.toString()));
        return rows;
    }
}
