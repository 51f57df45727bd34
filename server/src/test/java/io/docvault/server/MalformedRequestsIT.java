package io.docvault.server;

import static io.docvault.server.Requests.aDocument;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Message;
import io.docvault.proto.v1.DeleteDocumentRequest;
import io.docvault.proto.v1.DiffVersionsRequest;
import io.docvault.proto.v1.DocumentCommandServiceGrpc;
import io.docvault.proto.v1.DocumentQueryServiceGrpc;
import io.docvault.proto.v1.GetAuditTrailRequest;
import io.docvault.proto.v1.GetDocumentRequest;
import io.docvault.proto.v1.ListDocumentsRequest;
import io.docvault.proto.v1.ListVersionsRequest;
import io.docvault.proto.v1.RevertDocumentRequest;
import io.docvault.proto.v1.UpdateDocumentRequest;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.EnumSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Request bytes that are not a valid message are INVALID_ARGUMENT, never UNKNOWN or INTERNAL. */
class MalformedRequestsIT extends OneServerPerClass {

    private static final Set<Status.Code> CLEAR_ANSWERS = EnumSet.of(Status.Code.OK, Status.Code.INVALID_ARGUMENT,
            Status.Code.NOT_FOUND, Status.Code.FAILED_PRECONDITION, Status.Code.ALREADY_EXISTS,
            Status.Code.RESOURCE_EXHAUSTED, Status.Code.UNAVAILABLE);
    @Test
    @DisplayName("invalid UTF-8 in a string field and a truncated message are INVALID_ARGUMENT saying so")
    void invalidBytes() {
        MethodDescriptor<?, ?> create = DocumentCommandServiceGrpc.getCreateDocumentMethod();
        StatusRuntimeException utf8 = GrpcFailures.failure(() -> call(create, new byte[] {0x12, 0x02, (byte) 0xC3, 0x28}));
        assertThat(utf8.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(utf8.getStatus().getDescription()).contains("invalid UTF-8");
        StatusRuntimeException truncated = GrpcFailures.failure(() -> call(create, new byte[] {0x12, 0x05, 'a'}));
        assertThat(truncated.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(GrpcFailures.fieldsOf(truncated)).contains("request");
    }

    @Test
    @DisplayName("randomly mutated requests to every unary RPC get a clear answer, never UNKNOWN or INTERNAL")
    void mutatedRequests() {
        String id = server.commands().createDocument(aDocument("Target").build()).getDocumentId();
        Map<MethodDescriptor<?, ?>, Message> valid = Map.of(
                DocumentCommandServiceGrpc.getCreateDocumentMethod(), aDocument("Mutant").build(),
                DocumentCommandServiceGrpc.getUpdateDocumentMethod(), UpdateDocumentRequest.newBuilder().setDocumentId(id).setTitle("t").build(),
                DocumentCommandServiceGrpc.getDeleteDocumentMethod(), DeleteDocumentRequest.newBuilder().setDocumentId(id).setReason("r").build(),
                DocumentCommandServiceGrpc.getRevertDocumentMethod(), RevertDocumentRequest.newBuilder().setDocumentId(id).setToVersion(1).build(),
                DocumentQueryServiceGrpc.getGetDocumentMethod(), GetDocumentRequest.newBuilder().setDocumentId(id).setVersion(1).build(),
                DocumentQueryServiceGrpc.getListDocumentsMethod(), ListDocumentsRequest.newBuilder().setPageSize(5).setAuthor("Alice").build(),
                DocumentQueryServiceGrpc.getListVersionsMethod(), ListVersionsRequest.newBuilder().setDocumentId(id).build(),
                DocumentQueryServiceGrpc.getDiffVersionsMethod(), DiffVersionsRequest.newBuilder().setDocumentId(id).setFromVersion(1).setToVersion(1).build(),
                DocumentQueryServiceGrpc.getGetAuditTrailMethod(), GetAuditTrailRequest.newBuilder().setDocumentId(id).build());
        Random random = new Random(5);
        int calls = 0;
        for (Map.Entry<MethodDescriptor<?, ?>, Message> entry : valid.entrySet()) {
            MethodDescriptor<?, ?> method = entry.getKey();
            byte[] bytes = entry.getValue().toByteArray();
            for (int i = 0; i < 300; i++) {
                byte[] mutant = mutate(bytes, random);
                Status.Code code;
                try {
                    call(method, mutant);
                    code = Status.Code.OK;
                } catch (StatusRuntimeException e) {
                    code = e.getStatus().getCode();
                    assertThat(e.getStatus().getDescription()).as("a message naming the problem").isNotBlank();
                }
                assertThat(code).as("%s with %s", method.getFullMethodName(), java.util.HexFormat.of().formatHex(mutant))
                        .isIn(CLEAR_ANSWERS);
                calls++;
            }
        }
        assertThat(calls).isEqualTo(9 * 300);
    }

    /** Flips, drops, inserts or truncates a few bytes. */
    private static byte[] mutate(byte[] valid, Random random) {
        byte[] bytes = valid.clone();
        switch (random.nextInt(4)) {
            case 0 -> bytes[random.nextInt(bytes.length)] ^= (byte) (1 << random.nextInt(8));
            case 1 -> bytes = java.util.Arrays.copyOf(bytes, random.nextInt(bytes.length));
            case 2 -> {
                byte[] longer = java.util.Arrays.copyOf(bytes, bytes.length + 1);
                int at = random.nextInt(longer.length);
                System.arraycopy(bytes, at, longer, at + 1, bytes.length - at);
                longer[at] = (byte) random.nextInt(256);
                bytes = longer;
            }
            default -> bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
        }
        return bytes;
    }

    private static byte[] call(MethodDescriptor<?, ?> method, byte[] body) {
        return RawCalls.call(server.channel(), method, body, 10);
    }
}
