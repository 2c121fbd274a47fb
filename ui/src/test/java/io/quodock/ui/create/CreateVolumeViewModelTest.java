package io.quodock.ui.create;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quodock.ui.admin.VolumeInfo;
import io.quodock.ui.fakes.Direct;
import io.quodock.ui.fakes.FakeAdminClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CreateVolumeViewModelTest {
    private final FakeAdminClient daemon = new FakeAdminClient();
    private final CreateVolumeViewModel form = new CreateVolumeViewModel(daemon, Direct.calls(), "local");

    @Test
    void aNameWithASlashIsRefusedAsYouTypeWithTheCoreRuleAndTheSubdirsHint() {
        form.nameProperty().set("data/logs");

        assertEquals("volume name 'data/logs' is invalid: use [a-zA-Z0-9][a-zA-Z0-9_.-]*, or create the volume and use"
                + " the subdirs option for directories inside it", form.nameProblem().get());
        assertTrue(form.createDisabled().get());
    }

    @Test
    void aValidNameClearsTheProblem() {
        form.nameProperty().set(".hidden");
        assertTrue(form.nameProblem().get().contains("is invalid"));

        form.nameProperty().set("hidden.v2");
        assertEquals("", form.nameProblem().get());
        assertFalse(form.createDisabled().get());
    }

    @Test
    void anEmptyFormShowsNoProblemYetButCannotCreate() {
        assertEquals("", form.nameProblem().get());
        assertTrue(form.createDisabled().get());
    }

    @Test
    void optionsLeaveBlankFieldsOutAndQuobyteFieldsOutOnTheLocalBackend() {
        form.userProperty().set(" alice ");
        form.groupProperty().set("");
        form.tenantIdProperty().set("tenant-a");
        form.subdirsProperty().set("data,logs");

        assertEquals(Map.of("user", "alice", "subdirs", "data,logs"), form.options());
        assertFalse(form.quobyteFieldsProperty().get());
    }

    @Test
    void quobyteFieldsBecomeOptionsOnTheQuobyteBackend() {
        CreateVolumeViewModel quobyte = new CreateVolumeViewModel(daemon, Direct.calls(), "quobyte");
        quobyte.configurationNameProperty().set("BASE");
        quobyte.tenantIdProperty().set("tenant-a");
        quobyte.fixedUserProperty().set("bob");

        assertEquals(Map.of("configuration_name", "BASE", "tenant_id", "tenant-a", "fixed_user", "bob"), quobyte.options());
    }

    @Test
    void createSendsNameAndOptionsAndHandsTheCreatedVolume() {
        List<VolumeInfo> created = new ArrayList<>();
        form.nameProperty().set("vol");
        form.fixedGroupProperty().set("staff");

        form.create(created::add);

        assertEquals(List.of("create vol {fixed_group=staff}"), daemon.calls());
        assertEquals("vol", created.get(0).name());
        assertFalse(form.busyProperty().get());
    }

    @Test
    void theDaemonsRefusalIsShownInPlainWordsAndTheFormStays() {
        List<VolumeInfo> created = new ArrayList<>();
        form.nameProperty().set("vol");
        form.userProperty().set("nosuchuser");
        daemon.refuseNext("invalid", "user 'nosuchuser' does not exist on this host: create it or give a numeric uid");

        form.create(created::add);

        assertEquals("Could not create volume vol: user 'nosuchuser' does not exist on this host: create it or give"
                + " a numeric uid", form.errorProperty().get());
        assertTrue(created.isEmpty());
        assertFalse(form.createDisabled().get(), "the user can correct the form and try again");
    }

    @Test
    void anUnexpectedFailureInsideTheDaemonIsNamedAsSuchWithoutAStackTrace() {
        form.nameProperty().set("vol");
        daemon.refuseNext("internal", "internal error in quodock: java.lang.NullPointerException (see the daemon log)");

        form.create(volume -> { });

        String error = form.errorProperty().get();
        assertTrue(error.startsWith("Could not create volume vol: the daemon failed unexpectedly"), error);
        assertFalse(error.contains("\tat "), error);
    }
}
