-- The query-side processes sharing this database, each seen again every few seconds, so that each
-- event processor claims its fair share of the segments in token_entry (and all of them when alone).
CREATE TABLE query_instance (
    instance_id     TEXT        NOT NULL,
    processor_name  TEXT        NOT NULL,
    last_seen       TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (processor_name, instance_id)
);
