package io.docvault.generation.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ListValue;
import com.google.protobuf.NullValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class StructDataTest {

    @Test
    @DisplayName("the digest is the same whatever order the fields were set in, and differs with the data")
    void digestIsDeterministic() {
        Struct one = Struct.newBuilder().putFields("a", text("1")).putFields("b", text("2")).putFields("c", text("3")).build();
        Struct other = Struct.newBuilder().putFields("c", text("3")).putFields("a", text("1")).putFields("b", text("2")).build();
        Struct changed = one.toBuilder().putFields("c", text("4")).build();

        assertThat(StructData.sha256(one)).isEqualTo(StructData.sha256(other)).hasSize(64).matches("[0-9a-f]+");
        assertThat(StructData.sha256(changed)).isNotEqualTo(StructData.sha256(one));
    }

    @Test
    @DisplayName("values become plain Java values, nested structs maps")
    void convertsValues() {
        Struct struct = Struct.newBuilder()
                .putFields("name", text("Ada"))
                .putFields("count", Value.newBuilder().setNumberValue(2).build())
                .putFields("ok", Value.newBuilder().setBoolValue(true).build())
                .putFields("none", Value.newBuilder().setNullValue(NullValue.NULL_VALUE).build())
                .putFields("items", Value.newBuilder().setListValue(ListValue.newBuilder().addValues(text("x"))).build())
                .putFields("nested", Value.newBuilder().setStructValue(Struct.newBuilder().putFields("k", text("v"))).build())
                .build();

        Map<String, Object> map = StructData.toMap(struct);

        assertThat(map).containsEntry("name", "Ada").containsEntry("count", 2.0).containsEntry("ok", true)
                .containsEntry("none", null).containsEntry("items", List.of("x"))
                .containsEntry("nested", Map.of("k", "v"));
        assertThat(Arrays.asList(map.keySet().toArray())).isSorted();
    }

    private static Value text(String s) {
        return Value.newBuilder().setStringValue(s).build();
    }
}
