package io.docvault.common.grpc;

import com.google.protobuf.Timestamp;
import io.docvault.api.document.ChangeKind;
import io.docvault.api.document.DocumentStatus;
import java.time.Instant;

/** Conversions between the wire types of {@code docvault.v1} and the shared API's value types. */
public final class ProtoConversions {

    private ProtoConversions() {
    }

    public static Timestamp timestamp(Instant instant) {
        return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
    }

    /** Earliest and latest instants a Timestamp may hold: 0001-01-01 and 9999-12-31T23:59:59Z. */
    private static final long MIN_SECONDS = -62_135_596_800L;
    private static final long MAX_SECONDS = 253_402_300_799L;

    public static Instant instant(Timestamp timestamp) {
        return Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos());
    }

    /** The instant a request's timestamp names, or {@code null} after recording a violation of {@code field}. */
    public static Instant instant(String field, Timestamp timestamp, RequestChecks checks) {
        if (timestamp.getSeconds() < MIN_SECONDS || timestamp.getSeconds() > MAX_SECONDS
                || timestamp.getNanos() < 0 || timestamp.getNanos() > 999_999_999) {
            checks.violation(field, "not a valid timestamp (years 1 to 9999, nanos 0 to 999999999)");
            return null;
        }
        return instant(timestamp);
    }

    public static io.docvault.proto.v1.DocumentStatus toProto(DocumentStatus status) {
        return switch (status) {
            case DRAFT -> io.docvault.proto.v1.DocumentStatus.DOCUMENT_STATUS_DRAFT;
            case PUBLISHED -> io.docvault.proto.v1.DocumentStatus.DOCUMENT_STATUS_PUBLISHED;
            case ARCHIVED -> io.docvault.proto.v1.DocumentStatus.DOCUMENT_STATUS_ARCHIVED;
        };
    }

    /**
     * The status a request names, or {@code null} when it names none (unspecified). An unknown number
     * is recorded as a violation of {@code field}.
     */
    public static DocumentStatus fromProto(String field, io.docvault.proto.v1.DocumentStatus status,
                                           int number, RequestChecks checks) {
        return switch (status) {
            case DOCUMENT_STATUS_UNSPECIFIED -> null;
            case DOCUMENT_STATUS_DRAFT -> DocumentStatus.DRAFT;
            case DOCUMENT_STATUS_PUBLISHED -> DocumentStatus.PUBLISHED;
            case DOCUMENT_STATUS_ARCHIVED -> DocumentStatus.ARCHIVED;
            case UNRECOGNIZED -> {
                checks.violation(field, "unknown DocumentStatus value " + number);
                yield null;
            }
        };
    }

    public static io.docvault.proto.v1.ChangeKind toProto(ChangeKind kind) {
        return switch (kind) {
            case CREATED -> io.docvault.proto.v1.ChangeKind.CHANGE_KIND_CREATED;
            case UPDATED -> io.docvault.proto.v1.ChangeKind.CHANGE_KIND_UPDATED;
            case DELETED -> io.docvault.proto.v1.ChangeKind.CHANGE_KIND_DELETED;
            case RESTORED -> io.docvault.proto.v1.ChangeKind.CHANGE_KIND_RESTORED;
            case REVERTED -> io.docvault.proto.v1.ChangeKind.CHANGE_KIND_REVERTED;
        };
    }

    /** The change kind a request names; unspecified and unknown numbers are recorded as violations of {@code field}. */
    public static ChangeKind fromProto(String field, io.docvault.proto.v1.ChangeKind kind, int number,
                                       RequestChecks checks) {
        return switch (kind) {
            case CHANGE_KIND_CREATED -> ChangeKind.CREATED;
            case CHANGE_KIND_UPDATED -> ChangeKind.UPDATED;
            case CHANGE_KIND_DELETED -> ChangeKind.DELETED;
            case CHANGE_KIND_RESTORED -> ChangeKind.RESTORED;
            case CHANGE_KIND_REVERTED -> ChangeKind.REVERTED;
            case CHANGE_KIND_UNSPECIFIED -> {
                checks.violation(field, "must not be CHANGE_KIND_UNSPECIFIED");
                yield null;
            }
            case UNRECOGNIZED -> {
                checks.violation(field, "unknown ChangeKind value " + number);
                yield null;
            }
        };
    }
}
