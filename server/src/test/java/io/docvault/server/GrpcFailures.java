package io.docvault.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.BadRequest;
import com.google.rpc.ErrorInfo;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** Assertions on failed calls: the status code, the google.rpc details and what must not leak. */
final class GrpcFailures {

    private GrpcFailures() {
    }

    static StatusRuntimeException failure(ThrowingCallable call) {
        StatusRuntimeException failure = catchThrowableOfType(StatusRuntimeException.class, call);
        assertThat(failure).as("the call should have failed").isNotNull();
        String description = String.valueOf(failure.getStatus().getDescription());
        assertThat(description).doesNotContain("Exception", "SQL", "at io.", "org.springframework", "axonframework");
        return failure;
    }

    static void assertCode(ThrowingCallable call, Status.Code code) {
        assertThat(failure(call).getStatus().getCode()).isEqualTo(code);
    }

    /** The call fails with {@code code} and a BadRequest violation naming {@code field}. */
    static void assertFieldViolation(ThrowingCallable call, Status.Code code, String field) {
        StatusRuntimeException failure = failure(call);
        assertThat(failure.getStatus().getCode()).isEqualTo(code);
        assertThat(fieldsOf(failure)).contains(field);
        assertThat(failure.getStatus().getDescription()).contains(field);
    }

    static List<String> fieldsOf(StatusRuntimeException failure) {
        com.google.rpc.Status status = StatusProto.fromThrowable(failure);
        assertThat(status).as("google.rpc.Status details").isNotNull();
        return status.getDetailsList().stream()
                .filter(any -> any.is(BadRequest.class))
                .flatMap(any -> unpack(any, BadRequest.class).getFieldViolationsList().stream())
                .map(BadRequest.FieldViolation::getField)
                .toList();
    }

    static String reasonOf(StatusRuntimeException failure) {
        return StatusProto.fromThrowable(failure).getDetailsList().stream()
                .filter(any -> any.is(ErrorInfo.class))
                .map(any -> unpack(any, ErrorInfo.class).getReason())
                .findFirst().orElse("");
    }

    private static <T extends com.google.protobuf.Message> T unpack(Any any, Class<T> type) {
        try {
            return any.unpack(type);
        } catch (InvalidProtocolBufferException e) {
            throw new AssertionError(e);
        }
    }
}
