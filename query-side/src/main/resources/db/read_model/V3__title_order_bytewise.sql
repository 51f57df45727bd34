-- Titles sort by code point ("C" collation) whatever the database's locale, as MongoDB sorts them,
-- so both read-model stores list documents in the same order.
DROP INDEX document_current_title;
CREATE INDEX document_current_title ON document_current ((title COLLATE "C"), document_id);
