package io.docvault.query.document.model;

/**
 * Where a page starts: after the row with these sort key and id (keyset pagination, so rows do not
 * shift between pages when others are inserted), or, for the first page, after {@code skip} rows.
 * The key is a {@code java.time.Instant} for the time orders and a {@code String} for title.
 */
public record ListCursor(Object afterKey, String afterId, int skip) {

    public static ListCursor first(int skip) {
        return new ListCursor(null, null, skip);
    }

    public boolean isFirst() {
        return afterId == null;
    }
}
