package io.quodock.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The layering the design asks for, checked on the compiled classes. */
@AnalyzeClasses(packages = "io.quodock", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule adaptersReachStorageOnlyThroughTheCore = noClasses()
            .that().resideInAnyPackage("io.quodock.plugin..", "io.quodock.admin..", "io.quodock.cli..",
                    "io.quodock.client..", "io.quodock.docker..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "io.quodock.state..", "io.quodock.backend..", "io.quodock.mount..")
            .because("adapters only translate: rules, locking, state and events live in driver.VolumeService");

    @ArchTest
    static final ArchRule pluginProtocolDependsOnNoOtherAdapter = noClasses()
            .that().resideInAPackage("io.quodock.plugin..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "io.quodock.admin..", "io.quodock.cli..", "io.quodock.client..", "io.quodock.docker..",
                    "io.quodock.daemon..")
            .because("the plugin package speaks Docker's protocol to the core and reports requests through RequestListener");

    @ArchTest
    static final ArchRule coreDependsOnNoAdapter = noClasses()
            .that().resideInAPackage("io.quodock.driver..")
            .should().dependOnClassesThat().resideInAnyPackage("io.quodock.plugin..", "io.quodock.admin..",
                    "io.quodock.cli..", "io.quodock.client..", "io.quodock.docker..", "io.quodock.daemon..")
            .because("every adapter depends on the core, never the other way round; events leave through VolumeListener");

    @ArchTest
    static final ArchRule standardOutputOnlyInCli = noClasses()
            .that().resideOutsideOfPackage("io.quodock.cli..")
            .should().accessField(System.class, "out")
            .because("the daemon logs; only the commands print for a person or a script");

    @ArchTest
    static final ArchRule noJavaFxInTheDaemon = noClasses()
            .should().dependOnClassesThat().resideInAnyPackage("javafx..", "io.quodock.ui..")
            .because("the console lives in its own module; the daemon runs headless");
}
