package io.docvault.query;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

/** The query side's layers. Each rule fails when it matches no class, so none can pass vacuously. */
class LayeringTest {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.docvault.query");

    private static final String[] INFRASTRUCTURE = {
            "org.springframework..", "java.sql..", "javax.sql..", "io.grpc..", "com.google.protobuf..",
            "io.docvault.proto..", "com.mongodb..", "..infrastructure..", "..grpc.."};

    @Test
    void modelIsFreeOfInfrastructure() {
        ArchRule rule = noClasses()
                .that().resideInAPackage("..document.model..")
                .should().dependOnClassesThat().resideInAnyPackage(INFRASTRUCTURE)
                .allowEmptyShould(false);
        rule.check(CLASSES);
    }

    @Test
    void projectionWritesThroughPortsOnly() {
        ArchRule rule = noClasses()
                .that().resideInAPackage("..document.projection..")
                .should().dependOnClassesThat().resideInAnyPackage(INFRASTRUCTURE)
                .allowEmptyShould(false);
        rule.check(CLASSES);
    }

    @Test
    void applicationReadsThroughPortsOnly() {
        ArchRule rule = noClasses()
                .that().resideInAPackage("..document.application..")
                .should().dependOnClassesThat().resideInAnyPackage(INFRASTRUCTURE)
                .allowEmptyShould(false);
        rule.check(CLASSES);
    }

    @Test
    void storeAdaptersArePackagePrivate() {
        ArchRule rule = classes()
                .that().resideInAnyPackage("..infrastructure.postgres..", "..infrastructure.mongo..")
                .and().haveSimpleNameNotEndingWith("Configuration")
                .should().notBePublic()
                .allowEmptyShould(false);
        rule.check(CLASSES);
    }

    @Test
    void querySideNeverSeesCommandSide() {
        ArchRule rule = noClasses()
                .that().resideInAPackage("io.docvault.query..")
                .should().dependOnClassesThat().resideInAPackage("io.docvault.command..")
                .allowEmptyShould(false);
        rule.check(CLASSES);
    }
}
