package io.docvault.common.grpc;

import com.google.protobuf.Any;
import com.google.rpc.BadRequest;
import com.google.rpc.Code;
import com.google.rpc.ErrorInfo;
import com.google.rpc.PreconditionFailure;
import io.docvault.api.error.ContentTooLargeException;
import io.docvault.api.error.DocVaultException;
import io.docvault.api.error.FieldViolation;
import io.docvault.api.error.InvalidRequestException;
import io.docvault.api.error.VersionConflictException;
import io.grpc.Context;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where failures become gRPC statuses. Domain failures keep their message and gain
 * {@code google.rpc} details; anything unexpected becomes INTERNAL with a reference id that is logged
 * next to the stack trace, so no stack trace, SQL or class name ever reaches a caller.
 */
public final class GrpcErrorMapper {

    public static final String ERROR_DOMAIN = "docvault.io";

    private static final Logger log = LoggerFactory.getLogger(GrpcErrorMapper.class);

    private GrpcErrorMapper() {
    }

    public static StatusRuntimeException toStatusException(Throwable failure) {
        Throwable t = unwrap(failure);
        if (t instanceof StatusRuntimeException sre) {
            return sre;
        }
        if (t instanceof StatusException se) {
            return se.getStatus().asRuntimeException(se.getTrailers());
        }
        if (t instanceof DocVaultException e) {
            return fromDomain(e);
        }
        if (StorageFailures.isTransient(t)) {
            log.warn("storage unavailable: {}", t.toString());
            return Status.UNAVAILABLE.withDescription("storage unavailable; retry later").asRuntimeException();
        }
        Context context = Context.current();
        if (context.getDeadline() != null && context.getDeadline().isExpired()) {
            log.info("call failed after its deadline passed", t);
            return Status.DEADLINE_EXCEEDED.withDescription("deadline exceeded").asRuntimeException();
        }
        if (context.isCancelled()) {
            log.info("call failed after it was cancelled", t);
            return Status.CANCELLED.withDescription("call cancelled").asRuntimeException();
        }
        String reference = UUID.randomUUID().toString();
        log.error("internal error, reference {}", reference, t);
        return Status.INTERNAL.withDescription("internal error; reference " + reference).asRuntimeException();
    }

    private static StatusRuntimeException fromDomain(DocVaultException e) {
        Code code = switch (e.category()) {
            case INVALID_ARGUMENT -> Code.INVALID_ARGUMENT;
            case NOT_FOUND -> Code.NOT_FOUND;
            case ALREADY_EXISTS -> Code.ALREADY_EXISTS;
            case FAILED_PRECONDITION -> Code.FAILED_PRECONDITION;
            case RESOURCE_EXHAUSTED -> Code.RESOURCE_EXHAUSTED;
            case UNAVAILABLE -> Code.UNAVAILABLE;
            case UNAUTHENTICATED -> Code.UNAUTHENTICATED;
            case PERMISSION_DENIED -> Code.PERMISSION_DENIED;
        };
        com.google.rpc.Status.Builder status = com.google.rpc.Status.newBuilder()
                .setCode(code.getNumber())
                .setMessage(e.getMessage())
                .addDetails(Any.pack(ErrorInfo.newBuilder().setReason(e.reason()).setDomain(ERROR_DOMAIN).build()));
        if (e instanceof InvalidRequestException invalid) {
            status.addDetails(Any.pack(badRequest(invalid.violations())));
        } else if (e instanceof ContentTooLargeException tooLarge) {
            status.addDetails(Any.pack(badRequest(List.of(new FieldViolation(tooLarge.field(), e.getMessage())))));
        } else if (e instanceof VersionConflictException conflict) {
            status.addDetails(Any.pack(PreconditionFailure.newBuilder()
                    .addViolations(PreconditionFailure.Violation.newBuilder()
                            .setType("VERSION")
                            .setSubject("expected_version")
                            .setDescription("current version is " + conflict.actualVersion()))
                    .build()));
        }
        return StatusProto.toStatusRuntimeException(status.build());
    }

    private static BadRequest badRequest(List<FieldViolation> violations) {
        BadRequest.Builder badRequest = BadRequest.newBuilder();
        violations.forEach(v -> badRequest.addFieldViolations(BadRequest.FieldViolation.newBuilder()
                .setField(v.field())
                .setDescription(v.description())));
        return badRequest.build();
    }

    private static Throwable unwrap(Throwable t) {
        Throwable current = t;
        while ((current instanceof CompletionException || current instanceof ExecutionException)
                && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }
}
