package io.quodock.ui.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quodock.ui.admin.FixedUserInfo;
import io.quodock.ui.admin.VolumeInfo;
import io.quodock.ui.fakes.Direct;
import io.quodock.ui.fakes.FakeAdminClient;
import io.quodock.ui.fakes.Volumes;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FixedUserViewModelTest {
    private final FakeAdminClient daemon = new FakeAdminClient();

    private FixedUserViewModel form(VolumeInfo volume) {
        daemon.put(volume);
        return new FixedUserViewModel(daemon, Direct.calls(), volume);
    }

    @Test
    void onAMountedVolumeTheFormSaysTheChangeWaitsForTheNextFirstMount() {
        FixedUserViewModel form = form(Volumes.mounted(Volumes.unmounted("vol"), "m1"));

        assertTrue(form.when().startsWith("vol is mounted now (1 mount(s)): a change takes effect at its next first mount"),
                form.when());
    }

    @Test
    void onAnUnmountedVolumeTheChangeTakesEffectAtOnce() {
        assertEquals("No container mounts vol: a change takes effect at once.", form(Volumes.unmounted("vol")).when());
    }

    @Test
    void theFormStartsWithTheWaitingMappingWhenOneIsPending() {
        VolumeInfo vol = Volumes.mounted(Volumes.unmounted("vol"), "m1");
        FixedUserViewModel form = form(Volumes.with(vol, vol.mounts(), null, new FixedUserInfo("alice:staff", "bob:users")));

        assertEquals("bob", form.userProperty().get());
        assertEquals("users", form.groupProperty().get());
        assertEquals("alice:staff → bob:users (pending)", form.current());
        assertTrue(form.canClear());
    }

    @Test
    void savingOnAMountedVolumeGivesBackAPendingMapping() {
        List<VolumeInfo> done = new ArrayList<>();
        FixedUserViewModel form = form(Volumes.mounted(Volumes.unmounted("vol"), "m1"));
        form.userProperty().set("alice");

        form.save(done::add);

        assertEquals(List.of("map vol alice null"), daemon.calls(), "a blank group is left to the daemon (primary group)");
        assertTrue(done.get(0).fixedUser().pending());
    }

    @Test
    void aUserIsNeededToSave() {
        FixedUserViewModel form = form(Volumes.unmounted("vol"));
        form.groupProperty().set("staff");
        assertTrue(form.saveDisabled().get());
        form.userProperty().set("alice");
        assertFalse(form.saveDisabled().get());
        assertFalse(form.canClear(), "nothing to clear on a volume without a mapping");
    }

    @Test
    void theDaemonsRefusalIsShownInline() {
        FixedUserViewModel form = form(Volumes.unmounted("vol"));
        form.userProperty().set("ghost");
        daemon.refuseNext("invalid", "fixed_user 'ghost' is not a user on this host (getent passwd finds nothing)");

        form.save(volume -> { });

        assertEquals("Could not map volume vol to ghost: fixed_user 'ghost' is not a user on this host (getent passwd"
                + " finds nothing)", form.errorProperty().get());
        assertFalse(form.busyProperty().get());
    }
}
