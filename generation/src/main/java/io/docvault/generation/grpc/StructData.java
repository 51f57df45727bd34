package io.docvault.generation.grpc;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.ListValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The generation data as it travels ({@link Struct}) and as the engine reads it (plain Java values). */
public final class StructData {

    private StructData() {
    }

    /** Strings, doubles, booleans, nulls, lists and nested maps, in the Struct's shape. */
    public static Map<String, Object> toMap(Struct struct) {
        Map<String, Object> map = new LinkedHashMap<>();
        struct.getFieldsMap().entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .forEach(e -> map.put(e.getKey(), toJava(e.getValue())));
        return map;
    }

    /**
     * Hex SHA-256 of the Struct's deterministic serialization (map entries in key order), so the same
     * data always has the same digest, whichever order its fields were set in.
     */
    public static String sha256(Struct struct) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            CodedOutputStream out = CodedOutputStream.newInstance(bytes);
            out.useDeterministicSerialization();
            struct.writeTo(out);
            out.flush();
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes.toByteArray()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java platform", e);
        }
    }

    private static Object toJava(Value value) {
        return switch (value.getKindCase()) {
            case STRING_VALUE -> value.getStringValue();
            case NUMBER_VALUE -> value.getNumberValue();
            case BOOL_VALUE -> value.getBoolValue();
            case STRUCT_VALUE -> toMap(value.getStructValue());
            case LIST_VALUE -> toList(value.getListValue());
            case NULL_VALUE, KIND_NOT_SET -> null;
        };
    }

    private static List<Object> toList(ListValue list) {
        List<Object> items = new ArrayList<>(list.getValuesCount());
        list.getValuesList().forEach(v -> items.add(toJava(v)));
        return items;
    }
}
