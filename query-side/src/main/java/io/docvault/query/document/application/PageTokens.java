package io.docvault.query.document.application;

import io.docvault.api.document.ContentDigest;
import io.docvault.api.error.InvalidRequestException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * Opaque page tokens: where the next page starts, bound to the query it continues (a digest of its
 * filters and order), so a token cannot be replayed against another query.
 */
final class PageTokens {

    private static final String FORMAT = "1";
    private static final java.util.regex.Pattern UUID_TEXT =
            java.util.regex.Pattern.compile("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$");

    private PageTokens() {
    }

    /** Where the previous page ended: the last entry's document id (a UUID) and its sort key. */
    record Position(String id, String key) {

        /** The key as an instant, for the orders by time. */
        Instant instantKey(String field) {
            try {
                return Instant.parse(key);
            } catch (java.time.format.DateTimeParseException e) {
                throw new InvalidRequestException(field, "not a page token issued by this service");
            }
        }
    }

    static String encode(String scope, String id, String key) {
        String plain = FORMAT + '|' + digest(scope) + '|' + id + '|' + key;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    /** The position a token holds, or empty for no token; a token that is garbled or from another query fails. */
    static Optional<Position> decode(String field, String token, String scope) {
        if (token.isEmpty()) {
            return Optional.empty();
        }
        String plain;
        try {
            plain = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException(field, "not a page token issued by this service");
        }
        String[] parts = plain.split("\\|", 4);
        if (parts.length != 4 || !parts[0].equals(FORMAT) || !UUID_TEXT.matcher(parts[2]).matches()
                || parts[3].indexOf('\0') >= 0) {
            throw new InvalidRequestException(field, "not a page token issued by this service");
        }
        if (!parts[1].equals(digest(scope))) {
            throw new InvalidRequestException(field, "issued for other filters or another order than this request's");
        }
        return Optional.of(new Position(parts[2], parts[3]));
    }

    private static String digest(String scope) {
        return ContentDigest.sha256Hex(scope.getBytes(StandardCharsets.UTF_8)).substring(0, 16);
    }
}
