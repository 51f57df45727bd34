package io.docvault.common.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.BadRequest;
import com.google.rpc.ErrorInfo;
import io.docvault.api.error.ContentTooLargeException;
import io.docvault.api.error.DocumentAlreadyExistsException;
import io.docvault.api.error.DocumentDeletedException;
import io.docvault.api.error.DocumentNotFoundException;
import io.docvault.api.error.InvalidRequestException;
import io.docvault.api.error.NotAuthenticatedException;
import io.docvault.api.error.PermissionDeniedException;
import io.docvault.api.error.ReadModelBehindException;
import io.docvault.api.error.VersionConflictException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import java.net.ConnectException;
import java.sql.SQLException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class GrpcErrorMapperTest {

    @Test
    @DisplayName("each domain failure maps to its one status code with an ErrorInfo reason")
    void domainFailures() {
        assertMapped(new InvalidRequestException("title", "required"), Status.Code.INVALID_ARGUMENT, "INVALID_REQUEST");
        assertMapped(new DocumentNotFoundException("d"), Status.Code.NOT_FOUND, "DOCUMENT_NOT_FOUND");
        assertMapped(new DocumentAlreadyExistsException("d"), Status.Code.ALREADY_EXISTS, "DOCUMENT_ALREADY_EXISTS");
        assertMapped(new DocumentDeletedException("d"), Status.Code.FAILED_PRECONDITION, "DOCUMENT_DELETED");
        assertMapped(new VersionConflictException("d", 1, 2), Status.Code.FAILED_PRECONDITION, "VERSION_CONFLICT");
        assertMapped(new ContentTooLargeException("content", 10, 5), Status.Code.RESOURCE_EXHAUSTED, "CONTENT_TOO_LARGE");
        assertMapped(new ReadModelBehindException("d", 3, 2), Status.Code.UNAVAILABLE, "READ_MODEL_BEHIND");
        assertMapped(new NotAuthenticatedException("token expired"), Status.Code.UNAUTHENTICATED, "UNAUTHENTICATED");
        assertMapped(new PermissionDeniedException("needs role writer"), Status.Code.PERMISSION_DENIED,
                "PERMISSION_DENIED");
    }

    @Test
    @DisplayName("an invalid request carries a BadRequest field violation per problem")
    void badRequestDetails() throws InvalidProtocolBufferException {
        StatusRuntimeException mapped = GrpcErrorMapper.toStatusException(new InvalidRequestException(java.util.List.of(
                new io.docvault.api.error.FieldViolation("title", "required"),
                new io.docvault.api.error.FieldViolation("tags[2]", "must not be blank"))));
        BadRequest badRequest = StatusProto.fromThrowable(mapped).getDetailsList().stream()
                .filter(d -> d.is(BadRequest.class)).findFirst().orElseThrow().unpack(BadRequest.class);
        assertThat(badRequest.getFieldViolationsList()).extracting(BadRequest.FieldViolation::getField)
                .containsExactly("title", "tags[2]");
    }

    @Test
    @DisplayName("an unexpected failure is INTERNAL with a reference and none of its own text")
    void unexpected() {
        StatusRuntimeException mapped = GrpcErrorMapper.toStatusException(
                new IllegalStateException("SELECT * FROM secret_table failed at com.example.Foo"));
        assertThat(mapped.getStatus().getCode()).isEqualTo(Status.Code.INTERNAL);
        assertThat(mapped.getStatus().getDescription()).startsWith("internal error; reference ")
                .doesNotContain("SELECT", "secret", "Foo", "IllegalState");
    }

    @Test
    @DisplayName("a lost database connection is UNAVAILABLE, safe to retry")
    void storageDown() {
        assertThat(GrpcErrorMapper.toStatusException(new RuntimeException(new SQLException("gone", "08006")))
                .getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
        assertThat(GrpcErrorMapper.toStatusException(new RuntimeException(new ConnectException("refused")))
                .getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
        // HikariCP, when a statement runs on a connection it closed after the connection broke.
        assertThat(GrpcErrorMapper.toStatusException(new RuntimeException(new SQLException("Connection is closed")))
                .getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
        assertThat(GrpcErrorMapper.toStatusException(new RuntimeException(new SQLException("syntax error", "42601")))
                .getStatus().getCode()).isEqualTo(Status.Code.INTERNAL);
    }

    @Test
    @DisplayName("wrapped failures are unwrapped before mapping")
    void unwrap() {
        assertThat(GrpcErrorMapper.toStatusException(new CompletionException(new DocumentNotFoundException("d")))
                .getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
    }

    private static void assertMapped(RuntimeException failure, Status.Code code, String reason) {
        StatusRuntimeException mapped = GrpcErrorMapper.toStatusException(failure);
        assertThat(mapped.getStatus().getCode()).as(failure.getClass().getSimpleName()).isEqualTo(code);
        assertThat(mapped.getStatus().getDescription()).isEqualTo(failure.getMessage());
        assertThat(StatusProto.fromThrowable(mapped).getDetailsList()).anySatisfy(detail -> {
            assertThat(detail.is(ErrorInfo.class)).isTrue();
            assertThat(detail.unpack(ErrorInfo.class).getReason()).isEqualTo(reason);
        });
    }
}
