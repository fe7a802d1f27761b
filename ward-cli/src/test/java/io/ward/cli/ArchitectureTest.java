package io.ward.cli;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.ward.lua.ModuleRegistry;
import io.ward.lua.WardModule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The package rules of ward-core, ward-lua and ward-cli (the modules this one depends on):
 * the runtime names no {@code ward.*} module, modules reach each other only through the
 * runtime's published types ({@code io.ward.lua}), nothing below the CLI imports it, and no
 * package cycle exists. A module package is any package holding a registered
 * {@link WardModule}, so a new module is covered as soon as it registers.
 */
class ArchitectureTest {
    private static JavaClasses classes;
    private static List<String> modulePackages;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.ward");
        TreeSet<String> packages = new TreeSet<>();
        for (WardModule m : ModuleRegistry.standard().all()) {
            packages.add(m.getClass().getPackageName());
        }
        modulePackages = new ArrayList<>(packages);
        assertTrue(modulePackages.containsAll(List.of("io.ward.lua.async", "io.ward.lua.process", "io.ward.lua.time")),
                "module packages found through the registry: " + modulePackages);
    }

    private static String[] withSubpackages(List<String> packages) {
        return packages.stream().map(p -> p + "..").toArray(String[]::new);
    }

    @Test
    void coreUsesNoLuaJ() {
        noClasses().that().resideInAPackage("io.ward.core..")
                .should().dependOnClassesThat().resideInAPackage("org.luaj..")
                .check(classes);
    }

    @Test
    void luaSemanticsStayFreeOfLuaJ() {
        noClasses().that().resideInAPackage("io.ward.lua.lang..")
                .should().dependOnClassesThat().resideInAnyPackage("org.luaj..", "io.netty..")
                .because("number formatting, parsing and patterns are reused by the compiler and other dialects")
                .check(classes);
    }

    @Test
    void theRuntimeImportsNoModule() {
        noClasses().that().resideInAPackage("io.ward.lua..")
                .and().resideOutsideOfPackages(withSubpackages(modulePackages))
                .should().dependOnClassesThat().resideInAnyPackage(withSubpackages(modulePackages))
                .because("modules are found through the registry; the runtime names none of them")
                .check(classes);
    }

    @Test
    void modulesDoNotImportEachOther() {
        for (String module : modulePackages) {
            List<String> others = new ArrayList<>(modulePackages);
            others.remove(module);
            noClasses().that().resideInAPackage(module + "..")
                    .should().dependOnClassesThat().resideInAnyPackage(withSubpackages(others))
                    .because("what modules share lives in io.ward.lua (the registry's published types)")
                    .check(classes);
        }
    }

    @Test
    void nothingBelowTheCommandLineImportsIt() {
        noClasses().that().resideInAnyPackage("io.ward.core..", "io.ward.lua..")
                .should().dependOnClassesThat().resideInAPackage("io.ward.cli..")
                .check(classes);
    }

    @Test
    void noPackageCycles() {
        slices().matching("io.ward.(*)..").should().beFreeOfCycles().check(classes);
        slices().matching("io.ward.lua.(*)..").should().beFreeOfCycles().check(classes);
        slices().matching("io.ward.core.(*)..").should().beFreeOfCycles().check(classes);
    }
}
