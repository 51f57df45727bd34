package io.docvault.cli;

import io.grpc.Status;

/** The CLI's exit codes, one per class of failure, so scripts can tell them apart. */
final class ExitCodes {

    static final int OK = 0;
    /** Any failure not listed below (INTERNAL, UNIMPLEMENTED, RESOURCE_EXHAUSTED, a local I/O error, ...). */
    static final int OTHER = 1;
    /** A command line that does not parse, or an input file that cannot be read. */
    static final int USAGE = 2;
    static final int NOT_FOUND = 3;
    static final int INVALID_ARGUMENT = 4;
    /** ALREADY_EXISTS or FAILED_PRECONDITION: the request conflicts with the document's state. */
    static final int CONFLICT = 5;
    /** UNAVAILABLE or DEADLINE_EXCEEDED: the server could not be reached or did not answer in time. */
    static final int UNAVAILABLE = 6;
    /** UNAUTHENTICATED or PERMISSION_DENIED. */
    static final int AUTH = 7;

    private ExitCodes() {
    }

    static int of(Status.Code code) {
        return switch (code) {
            case OK -> OK;
            case NOT_FOUND -> NOT_FOUND;
            case INVALID_ARGUMENT -> INVALID_ARGUMENT;
            case ALREADY_EXISTS, FAILED_PRECONDITION -> CONFLICT;
            case UNAVAILABLE, DEADLINE_EXCEEDED -> UNAVAILABLE;
            case UNAUTHENTICATED, PERMISSION_DENIED -> AUTH;
            default -> OTHER;
        };
    }
}
