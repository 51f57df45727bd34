package io.docvault.command;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

/** The command side's layers. Each rule fails when it matches no class, so none can pass vacuously. */
class LayeringTest {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.docvault.command");

    @Test
    void domainIsFreeOfInfrastructure() {
        ArchRule rule = noClasses()
                .that().resideInAPackage("..command.domain..")
                .should().dependOnClassesThat().resideInAnyPackage(
                    "org.springframework..", "java.sql..", "javax.sql..", "io.grpc..", "com.google.protobuf..",
                    "io.docvault.proto..", "io.docvault.command.application..", "io.docvault.command.infrastructure..",
                    "io.docvault.command.grpc..")
                .allowEmptyShould(false);
        rule.check(CLASSES);
    }

    @Test
    void applicationKnowsNoWireOrDatabase() {
        ArchRule rule = noClasses()
                .that().resideInAPackage("..command.application..")
                .should().dependOnClassesThat().resideInAnyPackage(
                    "org.springframework..", "java.sql..", "io.grpc..", "com.google.protobuf..", "io.docvault.proto..",
                    "io.docvault.command.infrastructure..", "io.docvault.command.grpc..")
                .allowEmptyShould(false);
        rule.check(CLASSES);
    }

    @Test
    void grpcLayerDoesNotReachIntoInfrastructure() {
        ArchRule rule = noClasses()
                .that().resideInAPackage("..command.grpc..")
                .should().dependOnClassesThat().resideInAnyPackage(
                    "io.docvault.command.infrastructure..", "io.docvault.command.domain..", "org.springframework.jdbc..")
                .allowEmptyShould(false);
        rule.check(CLASSES);
    }

    @Test
    void commandSideNeverSeesQuerySide() {
        ArchRule rule = noClasses()
                .that().resideInAPackage("io.docvault.command..")
                .should().dependOnClassesThat().resideInAPackage("io.docvault.query..")
                .allowEmptyShould(false);
        rule.check(CLASSES);
    }
}
