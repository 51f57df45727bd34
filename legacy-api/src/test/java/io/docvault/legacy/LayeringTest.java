package io.docvault.legacy;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

/** The legacy API's layers. Each rule fails when it matches no class, so none can pass vacuously. */
class LayeringTest {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.docvault.legacy");

    @Test
    void applicationIsFreeOfWireAndFramework() {
        ArchRule rule = noClasses()
                .that().resideInAPackage("io.docvault.legacy.application..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "org.springframework..", "java.sql..", "javax.sql..", "io.grpc..", "com.google.protobuf..",
                        "io.docvault.proto..", "org.axonframework..", "..infrastructure..", "..grpc..")
                .allowEmptyShould(false);
        rule.check(CLASSES);
    }

    @Test
    void usesTheSidesThroughTheirApplicationServicesOnly() {
        ArchRule rule = noClasses()
                .that().resideInAPackage("io.docvault.legacy..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "io.docvault.command.domain..", "io.docvault.command.grpc..", "io.docvault.command.infrastructure..",
                        "io.docvault.query.document.grpc..", "io.docvault.query.document.infrastructure..",
                        "io.docvault.query.document.projection..")
                .allowEmptyShould(false);
        rule.check(CLASSES);
    }
}
