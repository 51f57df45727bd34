package io.docvault.common.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.docvault.proto.v1.AdminServiceGrpc;
import io.docvault.proto.v1.DocumentCommandServiceGrpc;
import io.docvault.proto.v1.DocumentQueryServiceGrpc;
import io.docvault.proto.v1.GenerationServiceGrpc;
import io.grpc.MethodDescriptor;
import io.grpc.ServiceDescriptor;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class AccessPolicyTest {

    @Test
    @DisplayName("every method of the docvault.v1 services needs its service's role")
    void docvaultServices() {
        Map<ServiceDescriptor, Role> expected = Map.of(
                DocumentQueryServiceGrpc.getServiceDescriptor(), Role.READER,
                DocumentCommandServiceGrpc.getServiceDescriptor(), Role.WRITER,
                GenerationServiceGrpc.getServiceDescriptor(), Role.WRITER,
                AdminServiceGrpc.getServiceDescriptor(), Role.ADMIN);
        expected.forEach((service, role) -> {
            assertThat(service.getMethods()).isNotEmpty();
            for (MethodDescriptor<?, ?> method : service.getMethods()) {
                assertThat(AccessPolicy.requiredRole(method.getFullMethodName())).as(method.getFullMethodName())
                        .contains(role);
                assertThat(AccessPolicy.isOpen(method.getFullMethodName())).isFalse();
            }
        });
    }

    @Test
    @DisplayName("the old API's read methods need reader and its write methods writer")
    void legacyService() {
        for (String read : new String[] {"GetDocument", "ListDocuments", "GetDocumentVersions", "GetDocumentVersion"}) {
            assertThat(AccessPolicy.requiredRole("document.DocumentService/" + read)).contains(Role.READER);
        }
        for (String write : new String[] {"CreateDocument", "UpdateDocument", "DeleteDocument", "RestoreDocument"}) {
            assertThat(AccessPolicy.requiredRole("document.DocumentService/" + write)).contains(Role.WRITER);
        }
        assertThat(AccessPolicy.requiredRole("document.DocumentService/PurgeEverything")).isEmpty();
    }

    @Test
    @DisplayName("health and reflection are open; an unlisted service is open to no role")
    void openAndUnknown() {
        HealthGrpc.getServiceDescriptor().getMethods()
                .forEach(m -> assertThat(AccessPolicy.isOpen(m.getFullMethodName())).isTrue());
        ServerReflectionGrpc.getServiceDescriptor().getMethods()
                .forEach(m -> assertThat(AccessPolicy.isOpen(m.getFullMethodName())).isTrue());
        assertThat(AccessPolicy.isOpen("docvault.v2.SomethingNew/Do")).isFalse();
        assertThat(AccessPolicy.requiredRole("docvault.v2.SomethingNew/Do")).isEmpty();
    }

    @Test
    @DisplayName("admin includes writer, writer includes reader, not the other way round")
    void roleOrder() {
        assertThat(new Caller("a", java.util.Set.of(Role.ADMIN)).has(Role.READER)).isTrue();
        assertThat(new Caller("w", java.util.Set.of(Role.WRITER)).has(Role.READER)).isTrue();
        assertThat(new Caller("w", java.util.Set.of(Role.WRITER)).has(Role.ADMIN)).isFalse();
        assertThat(new Caller("r", java.util.Set.of(Role.READER)).has(Role.WRITER)).isFalse();
        assertThat(new Caller("n", java.util.Set.of()).has(Role.READER)).isFalse();
    }
}
