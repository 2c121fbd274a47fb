package io.quodock.ui.details;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quodock.ui.admin.FixedUserInfo;
import io.quodock.ui.admin.VolumeInfo;
import io.quodock.ui.fakes.Volumes;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import org.junit.jupiter.api.Test;

class DetailsViewModelTest {
    private final SimpleStringProperty driver = new SimpleStringProperty("quobyte");
    private final SimpleObjectProperty<VolumeInfo> selection = new SimpleObjectProperty<>();
    private final DetailsViewModel details = new DetailsViewModel(driver, selection);

    @Test
    void nothingSelectedShowsNothing() {
        assertFalse(details.presentProperty().get());
        assertEquals("No volume selected", details.titleProperty().get());
        assertEquals("", details.dockerRunProperty().get());
    }

    @Test
    void theDockerRunExampleUsesTheDaemonsDriverName() {
        selection.set(Volumes.unmounted("vol"));
        assertEquals("docker run --rm -it -v vol:/data --volume-driver quobyte busybox sh", details.dockerRunProperty().get());

        driver.set("qdtest");
        assertEquals("docker run --rm -it -v vol:/data --volume-driver qdtest busybox sh", details.dockerRunProperty().get());
    }

    @Test
    void mountIdsShowTheirCountsAndSinceTimes() {
        VolumeInfo vol = Volumes.with(Volumes.unmounted("vol"),
                List.of(new VolumeInfo.MountInfo("abc123", 2, Instant.parse("2026-12-01T07:59:58.123Z"))),
                null, FixedUserInfo.NONE);
        selection.set(vol);

        assertEquals(List.of(new DetailsViewModel.Entry("abc123", "× 2 since 2026-12-01 07:59:58Z")), details.mounts());
        assertEquals("2 mount(s); Docker was not reachable to name the containers", details.containersProperty().get());
    }

    @Test
    void optionsTenantAndConfigurationComeFromTheCreateOptions() {
        VolumeInfo vol = new VolumeInfo("vol", "quobyte", "/run/docker/quobyte/mnt/vol", Volumes.CREATED, "alice",
                Map.of("tenant_id", "tenant-a", "configuration_name", "BASE", "api_password", "<redacted>"),
                Map.of("volumeUuid", "0c1d"), List.of(), List.of(), new FixedUserInfo("alice:staff", "alice:staff"));
        selection.set(vol);

        assertEquals("tenant-a", details.tenantProperty().get());
        assertEquals("BASE", details.configurationProperty().get());
        assertEquals("alice:staff", details.fixedUserProperty().get());
        assertTrue(details.options().contains(new DetailsViewModel.Entry("api_password", "<redacted>")));
        assertTrue(details.options().contains(new DetailsViewModel.Entry("volumeUuid", "0c1d")));
        assertEquals("none", details.containersProperty().get());
    }

    @Test
    void theDetailsFollowTheSelectedVolumesUpdates() {
        VolumeInfo vol = Volumes.withContainers(Volumes.unmounted("vol"));
        selection.set(vol);
        selection.set(Volumes.withContainers(Volumes.mounted(vol, "m1"), "web-1"));

        assertEquals("web-1 (running)", details.containersProperty().get());
        assertEquals(1, details.mounts().size());
    }
}
