-- Reverts record the version whose fields they restored.
ALTER TABLE document_version ADD COLUMN reverted_to BIGINT;

-- Which rebuild of the read model is being served (0 = built incrementally since installation).
CREATE TABLE read_model_info (
    id          INTEGER     PRIMARY KEY CHECK (id = 1),
    generation  BIGINT      NOT NULL,
    rebuilt_at  TIMESTAMPTZ
);
INSERT INTO read_model_info (id, generation) VALUES (1, 0);

-- The audit trail pages newest first over any kinds of change, across documents or for one;
-- this index serves that order for every choice of kinds.
DROP INDEX document_version_audit;
CREATE INDEX document_version_changed ON document_version (changed_at DESC, document_id DESC, version DESC);
