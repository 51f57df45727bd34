-- Read model of the query side, fed by the "document-views" event processor.

-- Content, stored once per SHA-256: a version that keeps its content does not copy it.
CREATE TABLE document_content (
    content_sha256 CHAR(64) PRIMARY KEY,
    content        BYTEA    NOT NULL
);

-- One row per version of every document: its full state at that version and the change that
-- produced it. GetDocument(version = k) is a primary-key lookup; the rows of deletes and restores
-- are the audit trail.
CREATE TABLE document_version (
    document_id    UUID        NOT NULL,
    version        BIGINT      NOT NULL,
    change_kind    VARCHAR(16) NOT NULL,
    changed_at     TIMESTAMPTZ NOT NULL,
    changed_by     TEXT        NOT NULL,
    change_note    TEXT        NOT NULL,
    changed_fields TEXT[]      NOT NULL,
    title          TEXT        NOT NULL,
    content_sha256 CHAR(64)    NOT NULL,
    content_size   BIGINT      NOT NULL,
    content_type   TEXT        NOT NULL,
    status         VARCHAR(16) NOT NULL,
    author         TEXT        NOT NULL,
    tags           TEXT[]      NOT NULL,
    category       TEXT        NOT NULL,
    metadata       JSONB       NOT NULL,
    created_at     TIMESTAMPTZ NOT NULL,
    created_by     TEXT        NOT NULL,
    deleted        BOOLEAN     NOT NULL,
    deleted_at     TIMESTAMPTZ,
    deleted_by     TEXT,
    delete_reason  TEXT,
    PRIMARY KEY (document_id, version)
);

CREATE INDEX document_version_audit ON document_version (changed_at DESC, document_id, version)
    WHERE change_kind IN ('DELETED', 'RESTORED');

-- The latest version of every document, for gets and lists.
CREATE TABLE document_current (
    document_id    UUID PRIMARY KEY,
    version        BIGINT      NOT NULL,
    title          TEXT        NOT NULL,
    content_sha256 CHAR(64)    NOT NULL,
    content_size   BIGINT      NOT NULL,
    content_type   TEXT        NOT NULL,
    status         VARCHAR(16) NOT NULL,
    author         TEXT        NOT NULL,
    tags           TEXT[]      NOT NULL,
    category       TEXT        NOT NULL,
    metadata       JSONB       NOT NULL,
    created_at     TIMESTAMPTZ NOT NULL,
    created_by     TEXT        NOT NULL,
    updated_at     TIMESTAMPTZ NOT NULL,
    updated_by     TEXT        NOT NULL,
    deleted        BOOLEAN     NOT NULL,
    deleted_at     TIMESTAMPTZ,
    deleted_by     TEXT,
    delete_reason  TEXT
);

CREATE INDEX document_current_updated ON document_current (updated_at DESC, document_id DESC);
CREATE INDEX document_current_created ON document_current (created_at DESC, document_id DESC);
CREATE INDEX document_current_title ON document_current (title, document_id);
CREATE INDEX document_current_author ON document_current (author);
CREATE INDEX document_current_category ON document_current (category);
CREATE INDEX document_current_tags ON document_current USING GIN (tags);

-- Positions of the event processors (Axon's JdbcTokenStore, snake_case names).
CREATE TABLE token_entry (
    processor_name VARCHAR(255) NOT NULL,
    segment        INTEGER      NOT NULL,
    token          BYTEA,
    token_type     VARCHAR(255),
    timestamp      VARCHAR(255),
    owner          VARCHAR(255),
    PRIMARY KEY (processor_name, segment)
);
