package io.quodock.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.GeneralCodingRules;

/**
 * The package rules of DESIGN.md and STYLE.md, checked on the compiled main classes (test code is
 * not imported). {@code io.quodock.daemon.Daemon} is the one wiring point and may use every package.
 */
@AnalyzeClasses(packages = "io.quodock", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule daemonModuleHasNoJavaFx = noClasses()
            .that().resideInAPackage("io.quodock..")
            .should().dependOnClassesThat().resideInAnyPackage("javafx..", "io.quodock.ui..")
            .because("the daemon runs headless on servers; JavaFX and the console live in their own module");

    @ArchTest
    static final ArchRule adaptersReachVolumesOnlyThroughTheDriver = noClasses()
            .that().resideInAnyPackage("io.quodock.plugin..", "io.quodock.admin..", "io.quodock.cli..",
                    "io.quodock.client..", "io.quodock.docker..")
            .should().dependOnClassesThat().resideInAnyPackage("io.quodock.state..", "io.quodock.backend..",
                    "io.quodock.mount..")
            .because("adapters only translate: rules, locking, state and backend calls live in"
                    + " driver.VolumeService, so every way in takes one code path");

    @ArchTest
    static final ArchRule driverCoreKnowsNoAdapter = noClasses()
            .that().resideInAPackage("io.quodock.driver..")
            .should().dependOnClassesThat().resideInAnyPackage("io.quodock.plugin..", "io.quodock.admin..",
                    "io.quodock.cli..", "io.quodock.client..", "io.quodock.docker..", "io.quodock.daemon..",
                    "io.quodock.backend..")
            .because("the core is driven by adapters and drives backends through its own Backend SPI;"
                    + " only io.quodock.daemon wires them together; events leave through VolumeListener");

    @ArchTest
    static final ArchRule pluginProtocolDependsOnNoOtherAdapter = noClasses()
            .that().resideInAPackage("io.quodock.plugin..")
            .should().dependOnClassesThat().resideInAnyPackage("io.quodock.admin..", "io.quodock.cli..",
                    "io.quodock.client..", "io.quodock.docker..", "io.quodock.daemon..")
            .because("the plugin package speaks Docker's protocol to the core and reports requests through"
                    + " RequestListener, which the daemon connects to events and metrics");

    @ArchTest
    static final ArchRule standardStreamsOnlyInTheCommandLine = noClasses()
            .that().resideOutsideOfPackage("io.quodock.cli..")
            .should(GeneralCodingRules.ACCESS_STANDARD_STREAMS)
            .because("the daemon reports through its logger, which gives every line a level and a source;"
                    + " only the command line talks to a terminal");
}
