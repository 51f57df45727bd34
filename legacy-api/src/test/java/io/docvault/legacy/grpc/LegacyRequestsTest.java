package io.docvault.legacy.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.docvault.api.error.ContentTooLargeException;
import io.docvault.api.error.FieldViolation;
import io.docvault.api.error.InvalidRequestException;
import io.docvault.legacy.application.LegacyChanges;
import io.docvault.proto.legacy.CreateDocumentRequest;
import io.docvault.proto.legacy.DocumentStatus;
import io.docvault.proto.legacy.ListDocumentsRequest;
import io.docvault.proto.legacy.UpdateDocumentRequest;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class LegacyRequestsTest {

    private static final String ID = "123e4567-e89b-42d3-a456-426614174000";

    private final LegacyRequests requests = new LegacyRequests(1024);

    private static List<String> violatedFields(ThrowingCallable call) {
        InvalidRequestException failure = (InvalidRequestException) org.assertj.core.api.Assertions
                .catchThrowableOfType(InvalidRequestException.class, call);
        assertThat(failure).as("the request should be refused").isNotNull();
        return failure.violations().stream().map(FieldViolation::field).toList();
    }

    @Test
    @DisplayName("in an update, empty strings and lists and status DRAFT are not provided")
    void emptyMeansNotProvided() {
        LegacyChanges changes = requests.update(UpdateDocumentRequest.newBuilder().setId(ID.toUpperCase())
                .setStatus(DocumentStatus.DRAFT).build());
        assertThat(changes).isEqualTo(new LegacyChanges(ID, null, null, null, null, null, null, null));

        LegacyChanges given = requests.update(UpdateDocumentRequest.newBuilder().setId(ID).setTitle("T")
                .setContent("c").setStatus(DocumentStatus.ARCHIVED).setAuthor("A").addTags("t").setCategory("k")
                .addComments("n").build());
        assertThat(given).isEqualTo(new LegacyChanges(ID, "T", "c", io.docvault.api.document.DocumentStatus.ARCHIVED,
                "A", List.of("t"), "k", List.of("n")));
    }

    @Test
    @DisplayName("blank values, unknown statuses and bad ids are refused, each naming its old field")
    void refusedValues() {
        assertThat(violatedFields(() -> requests.update(UpdateDocumentRequest.newBuilder().setId("nope")
                .setTitle(" ").setContent("\n").setAuthor(" ").setStatusValue(9).addTags("").addComments(" ").build())))
                .containsExactlyInAnyOrder("id", "title", "content", "author", "status", "tags[0]", "comments[0]");
        assertThat(violatedFields(() -> requests.create(CreateDocumentRequest.getDefaultInstance())))
                .containsExactlyInAnyOrder("title", "content", "author");
    }

    @Test
    @DisplayName("comments must fit one metadata value as JSON; content must fit the content limit")
    void limits() {
        String longComment = "x".repeat(2100);
        assertThat(violatedFields(() -> requests.create(CreateDocumentRequest.newBuilder().setTitle("T")
                .setContent("c").setAuthor("A").addComments(longComment).addComments(longComment).build())))
                .containsExactly("comments");
        assertThatThrownBy(() -> requests.create(CreateDocumentRequest.newBuilder().setTitle("T")
                .setContent("ж".repeat(513)).setAuthor("A").build()))
                .isInstanceOf(ContentTooLargeException.class);
        assertThat(requests.create(CreateDocumentRequest.newBuilder().setTitle("T").setContent("ж".repeat(512))
                .setAuthor("A").build()).content()).hasSize(512);
    }

    @Test
    @DisplayName("limit 0 is the default page of 50; negative skip or limit and limits over 1000 are refused")
    void pages() {
        assertThat(requests.page(ListDocumentsRequest.newBuilder().setSkip(3).build()))
                .isEqualTo(new LegacyRequests.Page(3, 50));
        assertThat(requests.page(ListDocumentsRequest.newBuilder().setLimit(1000).build()))
                .isEqualTo(new LegacyRequests.Page(0, 1000));
        assertThat(violatedFields(() -> requests.page(ListDocumentsRequest.newBuilder().setSkip(-1).setLimit(-1).build())))
                .containsExactlyInAnyOrder("skip", "limit");
        assertThat(violatedFields(() -> requests.page(ListDocumentsRequest.newBuilder().setLimit(1001).build())))
                .containsExactly("limit");
    }
}
