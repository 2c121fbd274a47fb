package io.quodock.ui.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.type;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import io.quodock.driver.VolumeName;

/** The console's layering (STYLE.md, "Views"), checked on the compiled main classes. */
@AnalyzeClasses(packages = "io.quodock.ui", importOptions = ImportOption.DoNotIncludeTests.class)
class ConsoleArchitectureTest {

    @ArchTest
    static final ArchRule viewModelsUseNoSceneClasses = noClasses()
            .that().haveSimpleNameEndingWith("ViewModel")
            .should().dependOnClassesThat().resideInAnyPackage("javafx.scene..", "javafx.stage..", "javafx.fxml..")
            .because("a view model is tested without a window: the view binds to its properties and forwards actions");

    @ArchTest
    static final ArchRule adminLaunchAndSettingsHaveNoJavaFx = noClasses()
            .that().resideInAnyPackage("io.quodock.ui.admin..", "io.quodock.ui.launch..", "io.quodock.ui.settings..")
            .should().dependOnClassesThat().resideInAnyPackage("javafx..")
            .because("talking to the daemon, starting one and remembering settings work the same without a window");

    @ArchTest
    static final ArchRule theConsoleReachesTheDaemonOnlyThroughTheAdminApi = noClasses()
            .that().resideInAPackage("io.quodock.ui..").and().resideOutsideOfPackage("io.quodock.ui.launch..")
            .should().dependOnClassesThat(resideInAnyPackage("io.quodock.daemon..", "io.quodock.driver..",
                    "io.quodock.state..", "io.quodock.backend..", "io.quodock.plugin..", "io.quodock.mount..")
                    .and(not(type(VolumeName.class))))
            .because("create, remove and map go through the admin API into the daemon's one VolumeService;"
                    + " only the name rule is shared, so the form and the daemon never disagree");
}
