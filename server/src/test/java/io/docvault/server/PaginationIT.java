package io.docvault.server;

import static io.docvault.server.Requests.aDocument;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.docvault.proto.v1.DeleteDocumentRequest;
import io.docvault.proto.v1.Document;
import io.docvault.proto.v1.DocumentStatus;
import io.docvault.proto.v1.ListDocumentsRequest;
import io.docvault.proto.v1.ListDocumentsResponse;
import io.docvault.proto.v1.ListVersionsRequest;
import io.docvault.proto.v1.ListVersionsResponse;
import io.docvault.proto.v1.UpdateDocumentRequest;
import io.docvault.proto.v1.VersionInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Listing with filters, orders, page tokens and skip: every page complete, no duplicates, no gaps. */
class PaginationIT {

    private static final int DOCUMENTS = 57;
    private static RunningServer server;
    private static final List<String> ids = new ArrayList<>();
    private static final Set<String> deleted = new HashSet<>();

    @BeforeAll
    static void start() {
        server = RunningServer.onNewDatabase();
        for (int i = 0; i < DOCUMENTS; i++) {
            ids.add(server.commands().createDocument(aDocument(String.format("Doc %02d", (i * 37) % DOCUMENTS))
                    .setAuthor(i % 3 == 0 ? "Ann" : "Ben")
                    .clearTags().addTags(i % 2 == 0 ? "even" : "odd")
                    .setCategory(i % 5 == 0 ? "fives" : "others")
                    .setStatus(i % 4 == 0 ? DocumentStatus.DOCUMENT_STATUS_PUBLISHED : DocumentStatus.DOCUMENT_STATUS_DRAFT)
                    .build()).getDocumentId());
        }
        for (int i = 0; i < DOCUMENTS; i += 10) {
            server.commands().deleteDocument(DeleteDocumentRequest.newBuilder().setDocumentId(ids.get(i)).build());
            deleted.add(ids.get(i));
        }
        await().atMost(Duration.ofSeconds(30)).until(() ->
                server.queries().listDocuments(ListDocumentsRequest.newBuilder().setIncludeDeleted(true).build())
                        .getTotalSize() == DOCUMENTS
                && server.queries().listDocuments(ListDocumentsRequest.newBuilder().setOnlyDeleted(true).build())
                        .getTotalSize() == deleted.size());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    @DisplayName("paging through all live documents returns each exactly once, newest change first")
    void pagesCoverEverything() {
        List<Document> all = readAll(r -> r.setPageSize(10));
        assertThat(all).hasSize(DOCUMENTS - deleted.size());
        assertThat(all).extracting(Document::getDocumentId).doesNotHaveDuplicates().doesNotContainAnyElementsOf(deleted);
        assertThat(all).isSortedAccordingTo(Comparator.comparing((Document d) -> d.getUpdatedAt().getSeconds())
                .thenComparing(d -> d.getUpdatedAt().getNanos()).reversed());
        assertThat(all).allSatisfy(d -> assertThat(d.getContent().isEmpty()).isTrue());
    }

    @Test
    @DisplayName("every page reports the same total, and the last page has no next token")
    void totalsAndLastPage() {
        ListDocumentsResponse page = server.queries().listDocuments(ListDocumentsRequest.newBuilder().setPageSize(25).build());
        int pages = 1;
        while (!page.getNextPageToken().isEmpty()) {
            assertThat(page.getTotalSize()).isEqualTo(DOCUMENTS - deleted.size());
            assertThat(page.getDocumentsCount()).isEqualTo(25);
            page = server.queries().listDocuments(ListDocumentsRequest.newBuilder()
                    .setPageSize(25).setPageToken(page.getNextPageToken()).build());
            pages++;
        }
        assertThat(pages).isEqualTo(3);
        assertThat(page.getDocumentsCount()).isEqualTo(DOCUMENTS - deleted.size() - 50);
    }

    @Test
    @DisplayName("ordering by title ascending pages through titles in order")
    void orderByTitle() {
        List<Document> all = readAll(r -> r.setPageSize(7).setOrderBy("title"));
        assertThat(all).extracting(Document::getTitle).isSorted().doesNotHaveDuplicates();
        List<String> titlesDescending = new ArrayList<>(all.stream().map(Document::getTitle).toList());
        java.util.Collections.reverse(titlesDescending);
        assertThat(readAll(r -> r.setPageSize(9).setOrderBy("title desc"))).extracting(Document::getTitle)
                .containsExactlyElementsOf(titlesDescending);
        assertThat(readAll(r -> r.setPageSize(6).setOrderBy("created_at asc"))).extracting(Document::getDocumentId)
                .containsExactlyElementsOf(ids.stream().filter(id -> !deleted.contains(id)).toList());
    }

    @Test
    @DisplayName("skip passes over rows of the same order before the first page, then tokens continue")
    void skip() {
        List<String> all = readAll(r -> r.setPageSize(1000)).stream().map(Document::getDocumentId).toList();
        List<String> skipped = readAll(r -> r.setPageSize(8).setSkip(13)).stream().map(Document::getDocumentId).toList();
        assertThat(skipped).containsExactlyElementsOf(all.subList(13, all.size()));
    }

    @Test
    @DisplayName("filters by status, author, tag, category and deletion combine")
    void filters() {
        assertThat(readAll(r -> r.setStatus(DocumentStatus.DOCUMENT_STATUS_PUBLISHED)))
                .allSatisfy(d -> assertThat(d.getStatus()).isEqualTo(DocumentStatus.DOCUMENT_STATUS_PUBLISHED))
                .hasSize(count(i -> i % 4 == 0 && !deleted.contains(ids.get(i))));
        assertThat(readAll(r -> r.setAuthor("Ann").setTag("even").setPageSize(3)))
                .allSatisfy(d -> assertThat(d.getAuthor()).isEqualTo("Ann"))
                .allSatisfy(d -> assertThat(d.getTagsList()).containsExactly("even"))
                .hasSize(count(i -> i % 6 == 0 && !deleted.contains(ids.get(i))));
        assertThat(readAll(r -> r.setCategory("fives").setIncludeDeleted(true)))
                .hasSize(count(i -> i % 5 == 0));
        assertThat(readAll(r -> r.setOnlyDeleted(true))).extracting(Document::getDocumentId)
                .containsExactlyInAnyOrderElementsOf(deleted)
                .hasSize(deleted.size());
        assertThat(readAll(r -> r.setIncludeDeleted(true).setPageSize(11))).hasSize(DOCUMENTS);
    }

    @Test
    @DisplayName("include_content fills the content of each entry")
    void includeContent() {
        List<Document> page = server.queries().listDocuments(ListDocumentsRequest.newBuilder()
                .setPageSize(5).setIncludeContent(true).build()).getDocumentsList();
        assertThat(page).hasSize(5).allSatisfy(d -> {
            assertThat(d.getContent().toStringUtf8()).startsWith("Content of Doc ");
            assertThat(io.docvault.api.document.ContentDigest.sha256Hex(d.getContent().toByteArray()))
                    .isEqualTo(d.getContentSha256());
            assertThat(d.getContentSize()).isEqualTo(d.getContent().size());
        });
    }

    @Test
    @DisplayName("a token is refused for a request with other filters")
    void tokenBoundToFilters() {
        String token = server.queries().listDocuments(ListDocumentsRequest.newBuilder().setPageSize(5).build())
                .getNextPageToken();
        GrpcFailures.assertFieldViolation(() -> server.queries().listDocuments(ListDocumentsRequest.newBuilder()
                        .setPageSize(5).setAuthor("Ann").setPageToken(token).build()),
                io.grpc.Status.Code.INVALID_ARGUMENT, "page_token");
    }

    @Test
    @DisplayName("versions page in order with no gaps")
    void versionPages() {
        String id = ids.get(1);
        for (int i = 0; i < 23; i++) {
            server.commands().updateDocument(UpdateDocumentRequest.newBuilder().setDocumentId(id).setTitle("V" + i).build());
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> server.queries().listVersions(
                ListVersionsRequest.newBuilder().setDocumentId(id).build()).getTotalSize() == 24);
        List<Long> versions = new ArrayList<>();
        String token = "";
        do {
            ListVersionsResponse page = server.queries().listVersions(ListVersionsRequest.newBuilder()
                    .setDocumentId(id).setPageSize(5).setPageToken(token).build());
            page.getVersionsList().stream().map(VersionInfo::getVersion).forEach(versions::add);
            token = page.getNextPageToken();
        } while (!token.isEmpty());
        assertThat(versions).containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, 24).boxed().toList());
    }

    private static List<Document> readAll(UnaryOperator<ListDocumentsRequest.Builder> request) {
        List<Document> all = new ArrayList<>();
        String token = "";
        do {
            ListDocumentsRequest.Builder builder = request.apply(ListDocumentsRequest.newBuilder());
            if (!token.isEmpty()) {
                builder.setSkip(0).setPageToken(token);
            }
            ListDocumentsResponse page = server.queries().listDocuments(builder.build());
            all.addAll(page.getDocumentsList());
            token = page.getNextPageToken();
        } while (!token.isEmpty());
        return all;
    }

    private static int count(java.util.function.IntPredicate predicate) {
        return (int) java.util.stream.IntStream.range(0, DOCUMENTS).filter(predicate).count();
    }
}
