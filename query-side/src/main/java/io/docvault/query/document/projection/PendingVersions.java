package io.docvault.query.document.projection;

import io.docvault.common.eventstore.EventContents;
import io.docvault.query.document.model.DocumentHistoryStore.RecordedVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Versions waiting to be recorded, in order, with the contents they brought fetched for all of them at
 * once when they are drained (events name their content by SHA-256; the bytes are stored beside them).
 */
public final class PendingVersions {

    /** Pending versions that brought this much content are drained before more are added. */
    public static final long MAX_CONTENT_BYTES = 8L << 20;

    private final EventContents contents;
    private List<Pending> pending = new ArrayList<>();
    private long contentBytes;

    public PendingVersions(EventContents contents) {
        this.contents = contents;
    }

    private record Pending(RecordedVersion version, EventContents.Ref content) {
    }

    /** Adds a version; {@code content} names the content it brought, null when it kept the content. */
    public void add(RecordedVersion version, EventContents.Ref content) {
        pending.add(new Pending(version, content));
        if (content != null) {
            contentBytes += version.state().contentSize();
        }
    }

    public int size() {
        return pending.size();
    }

    /** Whether the pending versions brought {@link #MAX_CONTENT_BYTES} of content or more. */
    public boolean holdsMuchContent() {
        return contentBytes >= MAX_CONTENT_BYTES;
    }

    /** The versions added, in order, each with the content it brought; then they are forgotten. */
    public List<RecordedVersion> drain() {
        List<Pending> drained = pending;
        pending = new ArrayList<>();
        contentBytes = 0;
        Map<String, byte[]> found = contents.find(drained.stream().map(Pending::content)
                .filter(java.util.Objects::nonNull).toList());
        List<RecordedVersion> versions = new ArrayList<>(drained.size());
        for (Pending p : drained) {
            versions.add(p.content() == null ? p.version()
                    : new RecordedVersion(p.version().state(), p.version().change(), found.get(p.content().sha256())));
        }
        return versions;
    }
}
