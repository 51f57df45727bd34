package io.docvault.common.eventstore.chain;

import java.util.List;

/**
 * The outcome of recomputing the hash chain of stored events.
 *
 * @param documentsChecked documents whose events were read
 * @param eventsChecked events read
 * @param brokenLinks the first broken link of each document whose chain is broken (at most the
 *                    limit asked for)
 * @param headLink the link of the newest event, when one document was checked and its chain holds;
 *                 recorded elsewhere, it also shows later whether events were removed from the end
 */
public record HistoryVerification(long documentsChecked, long eventsChecked, List<BrokenLink> brokenLinks,
                                  String headLink) {

    /** Whether every chain holds. */
    public boolean intact() {
        return brokenLinks.isEmpty();
    }

    /**
     * Where a document's chain first breaks.
     *
     * @param documentId the document
     * @param version the version (sequence number + 1) of the first event that does not link up
     * @param reason what is wrong with it
     */
    public record BrokenLink(String documentId, long version, String reason) {
    }
}
