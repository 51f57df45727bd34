package io.docvault.common.eventstore.chain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The hash chain over a document's events. Each stored event's metadata carries, under
 * {@link #METADATA_KEY}, the SHA-256 of the previous event's link and of this event as it is stored
 * (aggregate, sequence, identifier, payload type and revision, timestamp column, payload bytes).
 * Editing, removing or inserting an event row outside DocVault breaks the chain at that event.
 */
public final class EventChain {

    /** Metadata key of an event's link. */
    public static final String METADATA_KEY = "docvault.chain";
    /** The link before a document's first event. */
    public static final String GENESIS = "";

    private static final byte[] DOMAIN = "docvault-event-chain-v1".getBytes(StandardCharsets.UTF_8);

    private EventChain() {
    }

    /** The link of one event, from the link of the event before it and the event's stored columns. */
    public static String link(String previous, String aggregateId, long sequence, String eventId,
                              String payloadType, String payloadRevision, String timestamp, byte[] payload) {
        MessageDigest digest = sha256();
        digest.update(DOMAIN);
        for (String part : new String[] {previous, aggregateId, Long.toString(sequence), eventId, payloadType,
                payloadRevision == null ? "" : payloadRevision, timestamp}) {
            byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
            // Length-prefixed, so no two different column values hash alike by shifting a boundary.
            digest.update(lengthOf(bytes.length));
            digest.update(bytes);
        }
        digest.update(lengthOf(payload.length));
        digest.update(payload);
        return HexFormat.of().formatHex(digest.digest());
    }

    private static byte[] lengthOf(int length) {
        return new byte[] {(byte) (length >>> 24), (byte) (length >>> 16), (byte) (length >>> 8), (byte) length};
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
