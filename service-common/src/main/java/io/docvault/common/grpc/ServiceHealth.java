package io.docvault.common.grpc;

/**
 * Implemented by a gRPC service that can be up without being able to serve (e.g. generation without
 * LibreOffice): the health service reports it NOT_SERVING from the start instead of SERVING.
 */
public interface ServiceHealth {

    /** Whether the service can answer its calls now. */
    boolean serving();
}
