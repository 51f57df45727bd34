package io.docvault.query.document.rebuild;

/** Where a rebuild stands: events processed of those stored at its start, and the rate since then. */
public record RebuildProgress(Phase phase, long eventsDone, long eventsTotal, double eventsPerSecond, long generation) {

    public enum Phase { REBUILDING, SWITCHING, DONE }
}
