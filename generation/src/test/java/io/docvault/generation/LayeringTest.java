package io.docvault.generation;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

/** The generation module's layers. Each rule fails when it matches no class, so none can pass vacuously. */
class LayeringTest {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.docvault.generation");

    @Test
    void engineIsFreeOfFrameworksAndWire() {
        ArchRule rule = noClasses()
                .that().resideInAPackage("..generation.engine..")
                .should().dependOnClassesThat().resideInAnyPackage(
                    "org.springframework..", "io.grpc..", "com.google.protobuf..", "io.docvault.proto..",
                    "org.jodconverter..", "io.docvault.generation.application..", "io.docvault.generation.grpc..",
                    "io.docvault.generation.infrastructure..", "io.docvault.generation.client..")
                .allowEmptyShould(false);
        rule.check(CLASSES);
    }

    @Test
    void applicationKnowsNoWireNorOffice() {
        ArchRule rule = noClasses()
                .that().resideInAPackage("..generation.application..")
                .should().dependOnClassesThat().resideInAnyPackage(
                    "org.springframework..", "io.grpc..", "com.google.protobuf..", "io.docvault.proto..",
                    "org.jodconverter..", "io.docvault.generation.grpc..", "io.docvault.generation.infrastructure..",
                    "io.docvault.generation.client..")
                .allowEmptyShould(false);
        rule.check(CLASSES);
    }

    @Test
    void grpcLayerDoesNotReachIntoInfrastructure() {
        ArchRule rule = noClasses()
                .that().resideInAPackage("..generation.grpc..")
                .should().dependOnClassesThat().resideInAnyPackage(
                    "io.docvault.generation.infrastructure..", "org.jodconverter..", "org.springframework..")
                .allowEmptyShould(false);
        rule.check(CLASSES);
    }

    @Test
    void generationNeverSeesEitherSide() {
        ArchRule rule = noClasses()
                .that().resideInAPackage("io.docvault.generation..")
                .should().dependOnClassesThat().resideInAnyPackage("io.docvault.command..", "io.docvault.query..")
                .allowEmptyShould(false);
        rule.check(CLASSES);
    }
}
