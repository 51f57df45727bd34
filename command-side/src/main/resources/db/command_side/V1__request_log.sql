-- Outcomes of commands sent with an idempotency key (request_id), written in the same transaction
-- as the events they produced.
CREATE TABLE command_request (
    request_id  VARCHAR(200) PRIMARY KEY,
    fingerprint CHAR(64)     NOT NULL,
    document_id VARCHAR(64)  NOT NULL,
    version     BIGINT       NOT NULL,
    recorded_at TIMESTAMPTZ  NOT NULL DEFAULT now()
);
