package io.docvault.common.eventstore;

import java.sql.SQLException;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;

/**
 * Tells Axon when an append failed because the (aggregate, sequence number) already exists, which is
 * how it detects a taken identifier and a concurrent append. Axon's default JDBC resolver only knows
 * {@code SQLIntegrityConstraintViolationException}, which the PostgreSQL driver never throws; this one
 * reads PostgreSQL's SQL state {@code 23505} (unique_violation), also inside batch failures.
 */
public final class PostgresDuplicateKeyResolver implements PersistenceExceptionResolver {

    static final String UNIQUE_VIOLATION = "23505";

    @Override
    public boolean isDuplicateKeyViolation(Exception exception) {
        for (Throwable t = exception; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql) {
                for (SQLException next = sql; next != null; next = next.getNextException()) {
                    if (UNIQUE_VIOLATION.equals(next.getSQLState())) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
