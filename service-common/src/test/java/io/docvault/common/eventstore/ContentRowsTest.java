package io.docvault.common.eventstore;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ContentRowsTest {

    @Test
    void rowsComeInHashOrderInChunksOfBoundedSize() {
        TreeMap<String, byte[]> contents = new TreeMap<>();
        contents.put("c", new byte[(int) (ContentRows.CHUNK_BYTES / 2)]);
        contents.put("a", new byte[(int) (ContentRows.CHUNK_BYTES / 2)]);
        contents.put("b", new byte[10]);
        contents.put("d", new byte[(int) ContentRows.CHUNK_BYTES + 1]);
        contents.put("e", new byte[1]);

        List<List<Object[]>> chunks = ContentRows.chunks(contents);

        // a, b and c fill the first chunk; d is larger than a chunk on its own; e starts the next.
        assertThat(chunks).extracting(chunk -> chunk.stream().map(row -> (String) row[0]).toList())
                .containsExactly(List.of("a", "b", "c"), List.of("d"), List.of("e"));
        assertThat(chunks.get(0).get(0)[1]).isSameAs(contents.get("a"));
    }

    @Test
    void noContentsMakeNoStatements() {
        assertThat(ContentRows.chunks(new TreeMap<>())).isEmpty();
    }
}
