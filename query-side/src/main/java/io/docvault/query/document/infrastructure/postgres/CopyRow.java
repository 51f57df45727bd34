package io.docvault.query.document.infrastructure.postgres;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/**
 * Rows in the text format of PostgreSQL's {@code COPY FROM STDIN}: tab-separated columns, {@code \N}
 * for null, backslash escapes for backslash, tab, newline and carriage return; arrays as literals with
 * every element quoted.
 */
final class CopyRow {

    private final StringBuilder row = new StringBuilder(512);
    private boolean first = true;

    CopyRow text(String value) {
        if (value == null) {
            return nul();
        }
        separate();
        escape(value);
        return this;
    }

    CopyRow number(long value) {
        separate();
        row.append(value);
        return this;
    }

    CopyRow bool(boolean value) {
        separate();
        row.append(value ? 't' : 'f');
        return this;
    }

    /** ISO-8601 in UTC, which timestamptz reads without regard to the session's time zone. */
    CopyRow time(Instant value) {
        return value == null ? nul() : text(value.toString());
    }

    /** A text[] literal: {"a","b"}, each element quoted, with its quotes and backslashes escaped. */
    CopyRow array(List<String> values) {
        separate();
        StringBuilder literal = new StringBuilder(16 + 8 * values.size()).append('{');
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                literal.append(',');
            }
            literal.append('"');
            String value = values.get(i);
            for (int j = 0; j < value.length(); j++) {
                char c = value.charAt(j);
                if (c == '"' || c == '\\') {
                    literal.append('\\');
                }
                literal.append(c);
            }
            literal.append('"');
        }
        escape(literal.append('}'));
        return this;
    }

    CopyRow nul() {
        separate();
        row.append("\\N");
        return this;
    }

    /** The row with its line end, in UTF-8 (the encoding the COPY's connection uses); the builder starts over. */
    byte[] end() {
        row.append('\n');
        byte[] bytes = row.toString().getBytes(StandardCharsets.UTF_8);
        row.setLength(0);
        first = true;
        return bytes;
    }

    private void separate() {
        if (!first) {
            row.append('\t');
        }
        first = false;
    }

    private void escape(CharSequence value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> row.append("\\\\");
                case '\t' -> row.append("\\t");
                case '\n' -> row.append("\\n");
                case '\r' -> row.append("\\r");
                default -> row.append(c);
            }
        }
    }
}
