package dev.ferry;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The dependency direction of DESIGN.md, checked so it cannot rot quietly: front ends -> app ->
 * adapters/engine -> value types, and the engine never sees a transport or UI library.
 */
class ArchitectureTest {
    private static JavaClasses classes;

    @BeforeAll
    static void load() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("dev.ferry");
    }

    /** The one class of spi front ends may see: a value type they group, offer retries and translate by. */
    private static final java.util.Set<String> FOR_FRONT_ENDS = java.util.Set.of("dev.ferry.spi.ErrorKind");

    private static void mayOnlyUse(String pkg, String... allowed) {
        mayOnlyUse(pkg, java.util.Set.of(), allowed);
    }

    private static void mayOnlyUse(String pkg, java.util.Set<String> alsoClasses, String... allowed) {
        String[] all = new String[allowed.length + 1];
        all[0] = "dev.ferry." + pkg + "..";
        for (int i = 0; i < allowed.length; i++) all[i + 1] = "dev.ferry." + allowed[i] + "..";
        ArchRule rule = noClasses().that().resideInAPackage("dev.ferry." + pkg + "..")
                .should().dependOnClassesThat(com.tngtech.archunit.base.DescribedPredicate.describe(
                        "are ferry classes outside " + String.join(", ", all) + (alsoClasses.isEmpty() ? "" : " but " + alsoClasses),
                        c -> c.getPackageName().startsWith("dev.ferry") && !inAny(c.getPackageName(), all) && !alsoClasses.contains(c.getName())));
        // no allowEmptyShould: a rule over a package without classes (renamed, or not written yet) fails
        rule.check(classes);
    }

    private static boolean inAny(String pkg, String[] patterns) {
        for (String p : patterns) {
            String base = p.substring(0, p.length() - 2);
            if (pkg.equals(base) || pkg.startsWith(base + ".")) return true;
        }
        return false;
    }

    @Test void refDependsOnNothingOfOurs() { mayOnlyUse("ref"); }

    @Test void ociUsesOnlyRef() { mayOnlyUse("oci", "ref"); }

    @Test void spiUsesOnlyValueTypes() { mayOnlyUse("spi", "ref", "oci"); }

    @Test void registryUsesValueTypesAndSpi() { mayOnlyUse("registry", "ref", "oci", "spi"); }

    @Test void packUsesValueTypesAndSpi() { mayOnlyUse("pack", "ref", "oci", "spi"); }

    @Test void cacheUsesOnlyValueTypes() { mayOnlyUse("cache", "ref", "oci"); }

    /** The ports of Go's compressors stand alone: plain Java, nothing of ferry. */
    @Test void goflateDependsOnNothingOfOurs() { mayOnlyUse("pack.squash.goflate"); }

    @Test void daemonUsesValueTypesPackAndSpi() { mayOnlyUse("daemon", "ref", "oci", "pack", "spi"); }

    @Test void engineUsesValueTypesCacheAndSpi() { mayOnlyUse("engine", "ref", "oci", "cache", "spi"); }

    @Test void configUsesOnlyValueTypes() { mayOnlyUse("config", "ref", "oci"); }

    @Test void notifyUsesOnlyValueTypes() { mayOnlyUse("notify", "ref"); }

    @Test void appDoesNotKnowItsFrontEnds() { mayOnlyUse("app", "ref", "oci", "spi", "registry", "pack", "cache", "daemon", "engine", "config", "notify"); }

    @Test void cliUsesTheAppAndValueTypes() { mayOnlyUse("cli", FOR_FRONT_ENDS, "app", "config", "ref", "oci", "engine", "notify"); }

    @Test void shellUsesTheAppTheCliAndValueTypes() { mayOnlyUse("shell", FOR_FRONT_ENDS, "app", "cli", "ref", "oci", "engine"); }

    @Test void tuiUsesTheAppAndValueTypes() {
        mayOnlyUse("tui", java.util.Set.of("dev.ferry.spi.ErrorKind", "dev.ferry.cli.TuiLauncher", "dev.ferry.cli.CliContext",
                "dev.ferry.cli.CliContext$Language"), "app", "config", "ref", "oci", "engine");
    }

    /** The packages the rules above name; a package outside it has no rule yet. */
    private static final java.util.Set<String> RULED = java.util.Set.of("ref", "oci", "spi", "registry", "pack", "cache", "daemon",
            "engine", "config", "notify", "app", "cli", "shell", "tui");

    @Test void everyPackageHasARule() {
        java.util.Set<String> packages = new java.util.TreeSet<>();
        classes.forEach(c -> {
            String rest = c.getPackageName().equals("dev.ferry") ? "" : c.getPackageName().substring("dev.ferry.".length());
            if (!rest.isEmpty()) packages.add(rest.split("\\.")[0]);
        });
        // DESIGN.md: shell may use app, cli, ref, oci, engine (and spi.ErrorKind); tui app, ref, oci, engine; neither the other's UI library
        assertEquals(new java.util.TreeSet<>(RULED), packages, "each package of dev.ferry needs its dependency rule here");
    }

    @Test void aRuleOverAPackageWithoutClassesFails() {
        assertThrows(AssertionError.class, () -> mayOnlyUse("nosuchpackage", "ref"));
    }

    @Test void engineNeverSeesTransportsOrUi() {
        noClasses().that().resideInAPackage("dev.ferry.engine..")
                .should().dependOnClassesThat().resideInAnyPackage("okhttp3..", "okio..", "org.apache.commons.compress..",
                        "picocli..", "org.jline..", "com.googlecode.lanterna..")
                .check(classes);
    }

    @Test void frontEndsKeepToTheirOwnUiLibrary() {
        noClasses().that().resideInAPackage("dev.ferry.cli..")
                .should().dependOnClassesThat().resideInAnyPackage("org.jline..", "com.googlecode.lanterna..", "okhttp3..")
                .check(classes);
    }

    @Test void theShellKeepsToJLine() {
        noClasses().that().resideInAPackage("dev.ferry.shell..")
                .should().dependOnClassesThat().resideInAnyPackage("com.googlecode.lanterna..", "okhttp3..", "okio..")
                .check(classes);
    }

    @Test void theTuiKeepsToLanterna() {
        noClasses().that().resideInAPackage("dev.ferry.tui..")
                .should().dependOnClassesThat().resideInAnyPackage("org.jline..", "picocli..", "okhttp3..", "okio..")
                .check(classes);
    }

    @Test void valueTypesAndEngineNeverPrint() {
        noClasses().that().resideInAnyPackage("dev.ferry.ref..", "dev.ferry.oci..", "dev.ferry.engine..", "dev.ferry.registry..",
                        "dev.ferry.pack..", "dev.ferry.app..", "dev.ferry.spi..")
                .should().accessField(System.class, "out").orShould().accessField(System.class, "err")
                .check(classes);
    }
}
