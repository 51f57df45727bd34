package io.docvault.common.eventstore;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * Contents as the rows of batched INSERTs, {@code (sha256, bytes)}: in the order of their hashes (so two
 * transactions that write some of the same contents lock them in one order), in statements of about
 * {@link #CHUNK_BYTES} at most (one content may be larger), far below PostgreSQL's limit on a message.
 */
public final class ContentRows {

    public static final long CHUNK_BYTES = 8L << 20;

    private ContentRows() {
    }

    /** The statements' rows, each a list of {@code {sha256, bytes}}; none for no contents. */
    public static List<List<Object[]>> chunks(SortedMap<String, byte[]> contents) {
        List<List<Object[]>> chunks = new ArrayList<>();
        List<Object[]> chunk = new ArrayList<>();
        long chunkBytes = 0;
        for (Map.Entry<String, byte[]> content : contents.entrySet()) {
            chunk.add(new Object[] {content.getKey(), content.getValue()});
            chunkBytes += content.getValue().length;
            if (chunkBytes >= CHUNK_BYTES) {
                chunks.add(chunk);
                chunk = new ArrayList<>();
                chunkBytes = 0;
            }
        }
        if (!chunk.isEmpty()) {
            chunks.add(chunk);
        }
        return chunks;
    }
}
