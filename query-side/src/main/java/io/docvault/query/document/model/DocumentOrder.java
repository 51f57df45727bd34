package io.docvault.query.document.model;

/** The order of a document list; ties are broken by document id in the same direction. */
public record DocumentOrder(Key key, boolean descending) {

    public static final DocumentOrder DEFAULT = new DocumentOrder(Key.UPDATED_AT, true);

    public enum Key { UPDATED_AT, CREATED_AT, TITLE }
}
