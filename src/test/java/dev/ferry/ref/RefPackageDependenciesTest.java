package dev.ferry.ref;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The reference package is a leaf: it uses the JDK and nothing else, in particular no other ferry package. */
class RefPackageDependenciesTest {

    @Test
    void dependsOnlyOnTheJdk() {
        JavaClasses production = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.ferry.ref");
        classes().that().resideInAPackage("dev.ferry.ref")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "dev.ferry.ref")
                .check(production);
    }
}
