package io.docvault.query.document.rebuild;

/**
 * One event processor's progress through the event store: the lowest position over its segments,
 * the head of the store, and the difference.
 */
public record ProcessorStatus(String name, long generation, long position, long head, boolean running,
                              boolean replaying, int segments) {

    public long lag() {
        return head < 0 ? 0 : Math.max(0, head - Math.max(position, 0));
    }
}
