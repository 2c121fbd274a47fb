package io.quodock.backend.quobyte;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quodock.driver.DriverException;
import io.quodock.driver.Volume;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.util.component.LifeCycle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two hosts (two states) on one cluster (one API double, one mount directory), kept in step by the refresh. */
class ClusterRefreshTest {
    private static final String ID = "d".repeat(64);

    @TempDir
    Path tmp;
    private QuobyteApiDouble quobyte;
    private Path mountDir;
    private String tenant;
    private QuobyteHost hostA;
    private QuobyteHost hostB;

    @BeforeEach
    void start() throws Exception {
        mountDir = Files.createDirectory(tmp.resolve("mnt"));
        quobyte = new QuobyteApiDouble(QuobyteHost.USER, QuobyteHost.PASSWORD, mountDir);
        quobyte.start();
        tenant = quobyte.addTenant("docker");
        hostA = new QuobyteHost(quobyte.url(), mountDir, tenant, tmp.resolve("a"), Duration.ofSeconds(2));
        hostB = new QuobyteHost(quobyte.url(), mountDir, tenant, tmp.resolve("b"), Duration.ofSeconds(2));
    }

    @AfterEach
    void stop() throws Exception {
        hostA.close();
        hostB.close();
        LifeCycle.stop(quobyte);
    }

    @Test
    void aVolumeMadeOnOneHostIsRegisteredOnTheOtherAndMountable() {
        hostA.service.create("shared", Map.of("subdirs", "data"));

        ClusterRefresh.Report report = refresh(hostB, false);

        assertEquals(List.of("shared"), report.registered());
        Volume registered = hostB.service.get("shared").orElseThrow();
        assertEquals(hostA.service.get("shared").orElseThrow().attributes().get("volume_uuid"),
                registered.attributes().get("volume_uuid"));
        assertEquals(mountDir.resolve("shared").toString(), hostB.service.mount("shared", ID));
        assertEquals(List.of(), refresh(hostB, false).registered(), "registered once");
    }

    @Test
    void volumesMadeOutsideQuodockAreRegisteredOnlyWhenAdoptingExisting() {
        quobyte.addVolume(tenant, "from-go-plugin");

        assertEquals(List.of(), refresh(hostB, false).registered(), "no mark, no registration");
        assertTrue(hostB.service.get("from-go-plugin").isEmpty());

        ClusterRefresh.Report adopted = refresh(hostB, true);
        assertEquals(List.of("from-go-plugin"), adopted.registered());
        Volume volume = hostB.service.get("from-go-plugin").orElseThrow();
        assertEquals(tenant, volume.attributes().get("tenant_id"));
        assertEquals("BASE", volume.attributes().get("configuration_name"));
    }

    @Test
    void aVolumeDeletedOnOneHostIsForgottenOnTheOther() {
        hostA.service.create("short-lived", null);
        refresh(hostB, false);
        hostA.service.remove("short-lived");
        quobyte.clearCalls();

        ClusterRefresh.Report report = refresh(hostB, false);

        assertEquals(List.of("short-lived"), report.forgotten());
        assertTrue(hostB.service.get("short-lived").isEmpty());
        assertEquals("short-lived", quobyte.calls("resolveVolumeName").get(0).param("volume_name"),
                "confirmed with Quobyte before forgetting");
    }

    @Test
    void aVolumeDeletedElsewhereButMountedHereIsKeptAndReported() {
        hostA.service.create("in-use", null);
        refresh(hostB, false);
        hostB.service.mount("in-use", ID);
        hostA.service.remove("in-use");

        ClusterRefresh.Report report = refresh(hostB, false);

        assertEquals(List.of("in-use"), report.kept());
        assertEquals(1, hostB.service.get("in-use").orElseThrow().mounts().total());
        DriverException e = assertThrows(DriverException.class, () -> hostB.service.forget("in-use"));
        assertEquals(DriverException.Kind.IN_USE, e.kind());

        hostB.service.unmount("in-use", ID);
        assertEquals(List.of("in-use"), refresh(hostB, false).forgotten());
    }

    @Test
    void theBackgroundRefreshReportsItsFailureInTheHealth() throws Exception {
        quobyte.stop();
        try (ClusterRefresh refresh = new ClusterRefresh(hostB.backend, hostB.service, Duration.ofMillis(50), false)) {
            refresh.start();
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (!hostB.backend.health().containsKey("refresh_error") && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
        }
        String error = String.valueOf(hostB.backend.health().get("refresh_error"));
        assertTrue(error.contains("could not list the Quobyte volumes") && error.contains("unreachable"), error);
    }

    private static ClusterRefresh.Report refresh(QuobyteHost host, boolean adoptExisting) {
        return new ClusterRefresh(host.backend, host.service, Duration.ZERO, adoptExisting).refresh();
    }
}
