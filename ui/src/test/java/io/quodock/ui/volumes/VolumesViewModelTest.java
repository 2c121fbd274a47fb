package io.quodock.ui.volumes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quodock.ui.admin.AdminCalls;
import io.quodock.ui.admin.AdminClient;
import io.quodock.ui.admin.DaemonEvent;
import io.quodock.ui.admin.VolumeInfo;
import io.quodock.ui.fakes.Direct;
import io.quodock.ui.fakes.FakeAdminClient;
import io.quodock.ui.fakes.QueuedExecutor;
import io.quodock.ui.fakes.Volumes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import javafx.beans.property.SimpleObjectProperty;
import org.junit.jupiter.api.Test;

class VolumesViewModelTest {
    private static final Instant NOW = Instant.parse("2026-12-01T08:00:00Z");

    private final FakeAdminClient daemon = new FakeAdminClient();
    private final VolumesViewModel model = new VolumesViewModel(new SimpleObjectProperty<AdminClient>(daemon), Direct.calls());

    private List<String> shownNames() {
        return model.volumes().stream().map(VolumeRow::name).toList();
    }

    @Test
    void filterMatchesEveryWordCaseInsensitivelyInNameOwnerAndContainers() {
        model.replaceAll(List.of(Volumes.unmounted("web-data"),
                Volumes.withContainers(Volumes.mounted(Volumes.unmounted("db"), "m1"), "Postgres-1"),
                Volumes.unmounted("logs")), true);

        model.filterProperty().set("POSTGRES");
        assertEquals(List.of("db"), shownNames());

        model.filterProperty().set("web data");
        assertEquals(List.of("web-data"), shownNames(), "every word must match somewhere");

        model.filterProperty().set("");
        assertEquals(3, model.volumes().size());
    }

    @Test
    void countSaysHowManyTheFilterHides() {
        model.replaceAll(List.of(Volumes.unmounted("alpha1"), Volumes.unmounted("alpha2"), Volumes.unmounted("beta")), true);
        assertEquals("3 volumes", model.countText().get());
        model.filterProperty().set("alpha");
        assertEquals("2 of 3 volumes", model.countText().get());
        model.replaceAll(List.of(Volumes.unmounted("beta")), true);
        model.filterProperty().set("");
        assertEquals("1 volume", model.countText().get());
    }

    @Test
    void createdEventAddsARowAndRemovedEventDeletesIt() {
        model.replaceAll(List.of(Volumes.unmounted("old")), true);

        model.apply(List.of(new DaemonEvent.VolumeChanged(NOW, "created", Volumes.unmounted("new"), null)));
        assertEquals(List.of("old", "new"), shownNames());

        model.apply(List.of(new DaemonEvent.VolumeRemoved(NOW, "old")));
        assertEquals(List.of("new"), shownNames());
    }

    @Test
    void aBatchIsAppliedInOrderSoALaterEventWins() {
        VolumeInfo vol = Volumes.unmounted("vol");
        VolumeInfo once = Volumes.mounted(vol, "m1");
        VolumeInfo twice = Volumes.mounted(once, "m1");
        model.replaceAll(List.of(vol), true);

        model.apply(List.of(new DaemonEvent.VolumeChanged(NOW, "mounted", once, "m1"),
                new DaemonEvent.VolumeChanged(NOW, "mounted", twice, "m1")));

        assertEquals(2, model.find("vol").refs());
    }

    @Test
    void mountOfTheSelectedVolumeUpdatesItAndBlocksRemovalWithTheReason() {
        VolumeInfo vol = Volumes.withContainers(Volumes.unmounted("vol"));
        model.replaceAll(List.of(vol), true);
        model.select(model.row("vol"));
        assertFalse(model.removeDisabled().get());

        model.apply(List.of(new DaemonEvent.VolumeChanged(NOW, "mounted", Volumes.mounted(vol, "m1"), "m1")));

        assertEquals(1, model.selectedProperty().get().refs());
        assertTrue(model.removeDisabled().get());
        assertTrue(model.removeBlockedProperty().get().startsWith("In use by 1 container mount"),
                model.removeBlockedProperty().get());
    }

    @Test
    void removeReasonNamesTheContainersWhenDockerNamedThem() {
        VolumeInfo vol = Volumes.withContainers(Volumes.mounted(Volumes.unmounted("vol"), "m1"), "web-1", "web-2");
        assertEquals("In use by web-1, web-2: stop the containers that use vol to remove it",
                VolumesViewModel.removeBlockedReason(vol));
    }

    @Test
    void eventsKeepTheContainersTheStateNamedBecauseEventsCarryNone() {
        VolumeInfo vol = Volumes.withContainers(Volumes.mounted(Volumes.unmounted("vol"), "m1"), "web-1");
        model.replaceAll(List.of(vol), false);
        VolumeInfo fromEvent = Volumes.with(Volumes.mounted(vol, "m2"), Volumes.mounted(vol, "m2").mounts(), null,
                vol.fixedUser());

        model.apply(List.of(new DaemonEvent.VolumeChanged(NOW, "mounted", fromEvent, "m2")));

        assertEquals(List.of("web-1"), model.find("vol").containers().stream().map(VolumeInfo.ContainerInfo::name).toList());
    }

    @Test
    void aMountEventAsksTheDaemonWhichContainersNowUseTheVolume() {
        VolumeInfo vol = Volumes.unmounted("vol");
        model.replaceAll(List.of(vol), true);
        daemon.put(Volumes.withContainers(Volumes.mounted(vol, "m1"), "web-1"));

        model.apply(List.of(new DaemonEvent.VolumeChanged(NOW, "mounted", Volumes.mounted(vol, "m1"), "m1")));

        assertTrue(daemon.calls().contains("volume vol"));
        assertEquals("web-1", model.find("vol").containers().get(0).name());
    }

    @Test
    void removingARowInTheMiddleKeepsTheOthersFindableAndUpdatable() {
        model.replaceAll(List.of(Volumes.unmounted("a"), Volumes.unmounted("b"), Volumes.unmounted("c")), true);

        model.apply(List.of(new DaemonEvent.VolumeRemoved(NOW, "a")));
        model.apply(List.of(new DaemonEvent.VolumeChanged(NOW, "mounted", Volumes.mounted(Volumes.unmounted("c"), "m"), "m")));

        assertEquals(List.of("b", "c"), shownNames().stream().sorted().toList());
        assertEquals(1, model.find("c").refs());
        assertEquals(0, model.find("b").refs());
        assertNull(model.find("a"));
    }

    @Test
    void replacingTheStateKeepsTheSelectionWhileItsVolumeExists() {
        model.replaceAll(List.of(Volumes.unmounted("a"), Volumes.unmounted("b")), true);
        model.select(model.row("b"));

        model.replaceAll(List.of(Volumes.mounted(Volumes.unmounted("b"), "m")), true);
        assertEquals(1, model.selectedProperty().get().refs());

        model.replaceAll(List.of(Volumes.unmounted("a")), true);
        assertNull(model.selectedProperty().get());
    }

    @Test
    void tenThousandVolumesTakeSingleEventsByIndex() {
        List<VolumeInfo> many = new ArrayList<>();
        IntStream.range(0, 10_000).forEach(i -> many.add(Volumes.unmounted(String.format("vol-%05d", i))));
        model.replaceAll(many, true);
        model.volumes().setComparator(Comparator.comparing(VolumeRow::name));
        VolumeRow rowBefore = model.volumes().get(4321);
        int[] changes = {0};
        model.volumes().addListener((javafx.collections.ListChangeListener<VolumeRow>) change -> changes[0]++);

        model.apply(List.of(new DaemonEvent.VolumeChanged(NOW, "mounted", Volumes.mounted(many.get(4321), "m"), "m")));

        assertEquals(1, changes[0], "one event is one change of the sorted view, not a rebuild");
        assertSame(rowBefore, model.volumes().get(4321), "the row stays, so the table keeps its selection");
        assertEquals(1, model.volumes().get(4321).volume().refs());
        assertEquals("vol-04321", model.volumes().get(4321).name());
    }

    @Test
    void aBatchOfEventsReachesTheSortedTableAsOneChange() {
        List<VolumeInfo> many = new ArrayList<>();
        IntStream.range(0, 1000).forEach(i -> many.add(Volumes.unmounted(String.format("vol-%04d", i))));
        model.replaceAll(many, true);
        model.volumes().setComparator(Comparator.comparing((VolumeRow row) -> row.volume().refs()).reversed());
        int[] changes = {0};
        model.volumes().addListener((javafx.collections.ListChangeListener<VolumeRow>) change -> changes[0]++);
        List<DaemonEvent> batch = new ArrayList<>();
        for (int i = 0; i < 1000; i += 10) {
            batch.add(new DaemonEvent.VolumeChanged(NOW, "mounted", Volumes.mounted(many.get(i), "m"), "m"));
        }
        batch.add(new DaemonEvent.VolumeChanged(NOW, "created", Volumes.unmounted("new"), null));
        batch.add(new DaemonEvent.VolumeRemoved(NOW, "vol-0001"));

        model.apply(batch);

        assertEquals(1, changes[0], "one change for 102 events");
        assertEquals(1000, model.volumes().size());
        assertEquals(100, model.volumes().stream().limit(100).filter(row -> row.volume().refs() == 1).count(),
                "the mounted volumes sort first");
    }

    @Test
    void sortingByReferencesThenNameReadsTheRowsValues() {
        model.replaceAll(List.of(Volumes.unmounted("c"), Volumes.mounted(Volumes.unmounted("b"), "m"),
                Volumes.unmounted("a"), Volumes.mounted(Volumes.unmounted("d"), "m")), true);

        model.sortBy(List.of(new VolumesViewModel.SortKey("refs", false), new VolumesViewModel.SortKey("name", true)));

        assertEquals(List.of("b", "d", "a", "c"), shownNames());
        model.sortBy(List.of());
        assertEquals(List.of("c", "b", "a", "d"), shownNames(), "no sort: the daemon's order");
    }

    @Test
    void removeRefusedByTheDaemonShowsItsWordsInline() {
        VolumeInfo vol = Volumes.unmounted("vol");
        daemon.put(vol);
        model.replaceAll(List.of(vol), true);
        model.select(model.row("vol"));
        daemon.refuseNext("in_use", "volume vol is in use by 1 mount(s): unmount it first");

        model.removeSelected();

        assertEquals("Could not remove volume vol: volume vol is in use by 1 mount(s): unmount it first",
                model.errorProperty().get());
        assertEquals(List.of("vol"), shownNames());
    }

    @Test
    void removeDeletesTheRowOnceTheDaemonHasRemovedIt() {
        VolumeInfo vol = Volumes.unmounted("vol");
        daemon.put(vol);
        model.replaceAll(List.of(vol), true);
        model.select(model.row("vol"));

        model.removeSelected();

        assertEquals(List.of("remove vol"), daemon.calls());
        assertEquals(List.of(), shownNames());
        assertNull(model.selectedProperty().get());
        assertEquals("", model.errorProperty().get());
    }

    @Test
    void anUnmountAsksDockerAgainOnceItHasRemovedTheContainer() throws InterruptedException {
        QueuedExecutor fx = new QueuedExecutor();
        VolumesViewModel later = new VolumesViewModel(new SimpleObjectProperty<AdminClient>(daemon), new AdminCalls(Runnable::run, fx));
        VolumeInfo held = Volumes.withContainers(Volumes.mounted(Volumes.unmounted("vol"), "m1"), "web-1");
        later.replaceAll(List.of(held), true);
        daemon.put(Volumes.withContainers(Volumes.unmounted("vol")));
        long start = System.nanoTime();

        VolumeInfo fromEvent = Volumes.with(Volumes.unmounted("vol"), List.of(), null, held.fixedUser());
        later.apply(List.of(new DaemonEvent.VolumeChanged(NOW, "unmounted", fromEvent, "m1")));
        assertEquals("web-1", later.find("vol").containers().get(0).name(), "Docker still lists it at the unmount");
        fx.runUntil(() -> later.find("vol").containers().isEmpty());

        assertTrue(System.nanoTime() - start >= VolumesViewModel.CONTAINERS_SETTLE.toNanos());
    }
}
