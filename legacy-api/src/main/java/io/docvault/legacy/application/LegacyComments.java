package io.docvault.legacy.application;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;

/**
 * The old API's comments, which DocVault has no field for: kept as a JSON array of strings in the
 * metadata entry {@value #METADATA_KEY}. A document without that entry has no comments; an entry
 * that is not such an array (written through docvault.v1) reads as one comment holding its text.
 */
public final class LegacyComments {

    public static final String METADATA_KEY = "legacy.comments";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {
    };

    private LegacyComments() {
    }

    public static String encode(List<String> comments) {
        try {
            return JSON.writeValueAsString(comments);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a list of strings always serializes", e);
        }
    }

    public static List<String> decode(Map<String, String> metadata) {
        String stored = metadata.get(METADATA_KEY);
        if (stored == null) {
            return List.of();
        }
        try {
            List<String> comments = JSON.readValue(stored, STRINGS);
            if (comments != null && !comments.contains(null)) {
                return List.copyOf(comments);
            }
        } catch (JsonProcessingException e) {
            // not written by this API: fall through and show the text as it is
        }
        return List.of(stored);
    }
}
