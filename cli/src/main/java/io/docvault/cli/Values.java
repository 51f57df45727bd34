package io.docvault.cli;

import com.google.protobuf.Timestamp;
import io.docvault.proto.v1.ChangeKind;
import io.docvault.proto.v1.DocumentStatus;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Conversions between the command line's words and the wire's values. */
final class Values {

    private Values() {
    }

    /** {@code draft}, {@code published}, {@code archived} (or the full enum name). */
    static final class StatusConverter implements ITypeConverter<DocumentStatus> {
        @Override
        public DocumentStatus convert(String value) {
            return parseEnum(value, "DOCUMENT_STATUS_", DocumentStatus.class, DocumentStatus.DOCUMENT_STATUS_UNSPECIFIED);
        }
    }

    /** {@code created}, {@code updated}, {@code deleted}, {@code restored}, {@code reverted} (or the full enum name). */
    static final class ChangeKindConverter implements ITypeConverter<ChangeKind> {
        @Override
        public ChangeKind convert(String value) {
            return parseEnum(value, "CHANGE_KIND_", ChangeKind.class, ChangeKind.CHANGE_KIND_UNSPECIFIED);
        }
    }

    /** An ISO-8601 instant such as {@code 2026-11-22T10:00:00Z}. */
    static final class TimestampConverter implements ITypeConverter<Timestamp> {
        @Override
        public Timestamp convert(String value) {
            try {
                Instant instant = Instant.parse(value);
                return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
            } catch (DateTimeParseException e) {
                throw new TypeConversionException("'" + value + "' is not an instant like 2026-11-22T10:00:00Z");
            }
        }
    }

    static String status(DocumentStatus status) {
        return shortName(status.name(), "DOCUMENT_STATUS_");
    }

    static String change(ChangeKind kind) {
        return shortName(kind.name(), "CHANGE_KIND_");
    }

    /** An instant to the millisecond, in UTC; empty when unset. */
    static String time(Timestamp timestamp) {
        if (timestamp.getSeconds() == 0 && timestamp.getNanos() == 0) {
            return "";
        }
        return Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos()).truncatedTo(ChronoUnit.MILLIS).toString();
    }

    private static String shortName(String name, String prefix) {
        return name.startsWith(prefix) ? name.substring(prefix.length()).toLowerCase(Locale.ROOT) : name;
    }

    private static <E extends Enum<E>> E parseEnum(String value, String prefix, Class<E> type, E unspecified) {
        String name = value.strip().toUpperCase(Locale.ROOT);
        if (!name.startsWith(prefix)) {
            name = prefix + name;
        }
        try {
            E parsed = Enum.valueOf(type, name);
            if (parsed != unspecified) {
                return parsed;
            }
        } catch (IllegalArgumentException e) {
            // reported below with the accepted words
        }
        StringBuilder accepted = new StringBuilder();
        for (E constant : type.getEnumConstants()) {
            if (constant != unspecified && !constant.name().equals("UNRECOGNIZED")) {
                accepted.append(accepted.length() == 0 ? "" : ", ").append(shortName(constant.name(), prefix));
            }
        }
        throw new TypeConversionException("'" + value + "' is not one of " + accepted);
    }
}
