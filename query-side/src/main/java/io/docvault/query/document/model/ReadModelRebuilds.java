package io.docvault.query.document.model;

/**
 * Write port for rebuilding the read model beside the live one: fresh tables (or collections) to
 * fill from the event store, then an atomic switch that serves them and hands the rebuilding
 * processor's position to the live processor.
 */
public interface ReadModelRebuilds {

    /** How many rebuilds the served read model has been through. */
    long generation();

    /**
     * Creates empty next-generation storage (discarding any left by an interrupted rebuild) and returns
     * a store that writes into it.
     */
    DocumentHistoryStore prepareNext();

    /**
     * Serves the next generation in place of the current one, which is dropped, and runs
     * {@code alongside} (the hand-over of processor positions) in the same transaction where the store
     * has one with them. The processors writing either generation must be stopped. Returns the new
     * generation.
     */
    long switchToNext(Runnable alongside);

    /** Drops next-generation storage after a failed rebuild. */
    void discardNext();
}
