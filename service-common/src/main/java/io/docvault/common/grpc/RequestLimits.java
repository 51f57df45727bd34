package io.docvault.common.grpc;

/** Size limits on request fields other than content (whose limit is configurable). */
public final class RequestLimits {

    /** 500 characters are at most 2000 bytes of UTF-8, within PostgreSQL's btree index row limit. */
    public static final int TITLE = 500;
    public static final int SHORT_TEXT = 256;
    public static final int TAG = 100;
    public static final int TAGS = 100;
    public static final int METADATA_ENTRIES = 100;
    public static final int METADATA_VALUE = 4096;
    public static final int NOTE = 2000;
    public static final int REQUEST_ID = 200;
    public static final int PAGE_TOKEN = 4096;
    public static final int DEFAULT_PAGE_SIZE = 50;
    public static final int MAX_PAGE_SIZE = 1000;

    private RequestLimits() {
    }
}
