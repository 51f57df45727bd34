package io.docvault.common.grpc;

import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Set;

/**
 * Which storage failures are transient: the same request may well succeed a moment later. Both the
 * read-model retries and the error mapper (UNAVAILABLE, "safe to retry") go by this one definition.
 */
public final class StorageFailures {

    /** SQL states after which the same request may well succeed: the database is busy or was unreachable. */
    private static final Set<String> RETRYABLE_SQL_STATES = Set.of(
            "53300", // too many connections
            "40001", // serialization failure
            "40P01", // deadlock detected
            "55P03"); // lock not available

    /**
     * What HikariCP's connection proxy throws, without an SQL state, when it is used after the pool
     * closed it because it broke (SQL state 08..) earlier in the same unit of work.
     */
    private static final String POOLED_CONNECTION_CLOSED = "Connection is closed";

    private StorageFailures() {
    }

    /**
     * Lost or refused connections (to PostgreSQL: SQL state class 08; to any store: socket errors; a
     * pooled connection the pool closed after it broke), a server shutting down (57P..), and the
     * transient SQL states above, anywhere in the cause chain.
     */
    public static boolean isTransient(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLTransientConnectionException || t instanceof ConnectException
                    || t instanceof SocketException || t instanceof SocketTimeoutException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P")
                        || RETRYABLE_SQL_STATES.contains(sql.getSQLState()))) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() == null
                    && POOLED_CONNECTION_CLOSED.equals(sql.getMessage())) {
                return true;
            }
        }
        return false;
    }
}
