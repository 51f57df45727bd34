-- Document content, once per SHA-256, written in the transaction of the events that name it.
-- Events stored before this table existed keep their content in their own payload (revision 1 of
-- DocumentCreatedEvent, revisions 1 and 2 of DocumentUpdatedEvent); it is read from there.
CREATE TABLE event_content (
    content_sha256 CHAR(64) PRIMARY KEY,
    content        BYTEA    NOT NULL
);
