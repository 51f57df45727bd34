package io.docvault.common.auth;

import io.docvault.proto.v1.AdminServiceGrpc;
import io.docvault.proto.v1.DocumentCommandServiceGrpc;
import io.docvault.proto.v1.DocumentQueryServiceGrpc;
import io.docvault.proto.v1.GenerationServiceGrpc;
import io.grpc.MethodDescriptor;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which role each gRPC method needs, by full service name. Default deny: a method of a service that
 * is neither open nor listed here is refused to every caller, so a new service must be added here
 * before anyone can call it.
 */
public final class AccessPolicy {

    /** Callable without a token: probes and tooling must work before a caller has one. */
    private static final Set<String> OPEN_SERVICES = Set.of(
            HealthGrpc.SERVICE_NAME,
            ServerReflectionGrpc.SERVICE_NAME);

    /** Services whose every method needs the same role. */
    private static final Map<String, Role> BY_SERVICE = Map.of(
            DocumentQueryServiceGrpc.SERVICE_NAME, Role.READER,
            DocumentCommandServiceGrpc.SERVICE_NAME, Role.WRITER,
            GenerationServiceGrpc.SERVICE_NAME, Role.WRITER,
            AdminServiceGrpc.SERVICE_NAME, Role.ADMIN);

    /** The old API (package document): its read methods need reader, its write methods writer. */
    static final String LEGACY_SERVICE = "document.DocumentService";
    private static final Map<String, Role> BY_METHOD = Map.of(
            LEGACY_SERVICE + "/GetDocument", Role.READER,
            LEGACY_SERVICE + "/ListDocuments", Role.READER,
            LEGACY_SERVICE + "/GetDocumentVersions", Role.READER,
            LEGACY_SERVICE + "/GetDocumentVersion", Role.READER,
            LEGACY_SERVICE + "/CreateDocument", Role.WRITER,
            LEGACY_SERVICE + "/UpdateDocument", Role.WRITER,
            LEGACY_SERVICE + "/DeleteDocument", Role.WRITER,
            LEGACY_SERVICE + "/RestoreDocument", Role.WRITER);

    private AccessPolicy() {
    }

    /** Whether the method is callable without a token. */
    public static boolean isOpen(String fullMethodName) {
        return OPEN_SERVICES.contains(MethodDescriptor.extractFullServiceName(fullMethodName));
    }

    /** The role the method needs; empty when no rule names it (nobody may call it). */
    public static Optional<Role> requiredRole(String fullMethodName) {
        Role byService = BY_SERVICE.get(MethodDescriptor.extractFullServiceName(fullMethodName));
        return Optional.ofNullable(byService != null ? byService : BY_METHOD.get(fullMethodName));
    }
}
