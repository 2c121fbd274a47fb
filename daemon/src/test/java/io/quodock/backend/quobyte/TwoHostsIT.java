package io.quodock.backend.quobyte;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quodock.daemon.Daemon;
import io.quodock.daemon.DaemonConfig;
import io.quodock.e2e.PluginClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.eclipse.jetty.util.component.LifeCycle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two hosts on one cluster: two daemons (own state, own plugin socket) against one Quobyte API double
 * and one mount directory, spoken to as dockerd speaks. They never talk to each other; the cluster
 * refresh and the lookup of unknown names keep them in step.
 */
class TwoHostsIT {
    private static final String ID = "f".repeat(64);
    private static final Duration SOON = Duration.ofSeconds(10);

    @TempDir
    Path tmp;
    private QuobyteApiDouble quobyte;
    private Path mountDir;
    private String tenant;
    private final List<Daemon> daemons = new ArrayList<>();
    private final List<PluginClient> clients = new ArrayList<>();

    @BeforeEach
    void startCluster() throws Exception {
        mountDir = Files.createDirectory(tmp.resolve("mnt"));
        quobyte = new QuobyteApiDouble(QuobyteHost.USER, QuobyteHost.PASSWORD, mountDir);
        quobyte.start();
        tenant = quobyte.addTenant("docker");
    }

    @AfterEach
    void stopAll() throws Exception {
        for (PluginClient client : clients) {
            client.close();
        }
        for (Daemon daemon : daemons) {
            daemon.stop();
        }
        LifeCycle.stop(quobyte);
    }

    @Test
    void aVolumeCreatedThroughOneHostIsListedAndMountedOnTheOther() throws Exception {
        PluginClient hostA = host("a", Duration.ofMillis(200));
        PluginClient hostB = host("b", Duration.ofMillis(200));
        assertEquals("global", hostB.call("VolumeDriver.Capabilities", "{}").json().at("/Capabilities/Scope").asText());

        assertEquals("", hostA.call("VolumeDriver.Create", "{\"Name\":\"shared\",\"Opts\":{\"subdirs\":\"data\"}}").err());

        await(hostB, list -> names(list).contains("shared"));
        JsonNode mount = hostB.call("VolumeDriver.Mount", "{\"Name\":\"shared\",\"ID\":\"" + ID + "\"}").json();
        assertEquals(mountDir.resolve("shared").toString(), mount.get("Mountpoint").asText());
        assertTrue(Files.isDirectory(mountDir.resolve("shared/data")));
        JsonNode onA = get(hostA, "shared");
        JsonNode onB = get(hostB, "shared");
        assertEquals(onA.at("/Volume/Status/volume_uuid"), onB.at("/Volume/Status/volume_uuid"));
        assertEquals(1, onB.at("/Volume/Status/refs").asInt(), "mount references are per host");
        assertEquals(0, onA.at("/Volume/Status/refs").asInt());
    }

    @Test
    void anUnknownNameIsLookedUpOnceBeforeTheAnswerIsNoSuchVolume() throws Exception {
        PluginClient hostA = host("a", Duration.ofHours(1));
        PluginClient hostB = host("b", Duration.ofHours(1));
        Daemon daemonB = daemons.get(1);
        awaitTrue(() -> daemonB.service().backendHealth().containsKey("refreshed_at")); // its one refresh, at start
        assertEquals("", hostA.call("VolumeDriver.Create", "{\"Name\":\"asked\"}").err());
        quobyte.clearCalls();

        JsonNode found = get(hostB, "asked");

        assertEquals(mountDir.resolve("asked").toString(), found.at("/Volume/Mountpoint").asText());
        assertEquals("", found.get("Err").asText());
        assertEquals(List.of("asked"), names(hostB.call("VolumeDriver.List", "{}").json()), "registered");
        assertEquals("no such volume: ghost", get(hostB, "ghost").get("Err").asText());
        assertEquals(2, quobyte.calls("resolveVolumeName").size(), "one lookup per unknown name");
        get(hostB, "asked");
        assertEquals(2, quobyte.calls("resolveVolumeName").size(), "known names are answered from state");
    }

    @Test
    void aVolumeRemovedOnOneHostLeavesTheOthersListUnlessMountedThere() throws Exception {
        PluginClient hostA = host("a", Duration.ofMillis(200));
        PluginClient hostB = host("b", Duration.ofMillis(200));
        hostA.call("VolumeDriver.Create", "{\"Name\":\"gone\"}");
        hostA.call("VolumeDriver.Create", "{\"Name\":\"held\"}");
        await(hostB, list -> names(list).containsAll(List.of("gone", "held")));
        assertEquals("", hostB.call("VolumeDriver.Mount", "{\"Name\":\"held\",\"ID\":\"" + ID + "\"}").err());

        assertEquals("", hostA.call("VolumeDriver.Remove", "{\"Name\":\"gone\"}").err());
        assertEquals("", hostA.call("VolumeDriver.Remove", "{\"Name\":\"held\"}").err());

        await(hostB, list -> !names(list).contains("gone"));
        assertTrue(names(hostB.call("VolumeDriver.List", "{}").json()).contains("held"), "kept while mounted here");
        Daemon daemonB = daemons.get(1);
        awaitTrue(() -> List.of("held").equals(daemonB.service().backendHealth().get("deleted_elsewhere_but_mounted_here")));

        assertEquals("", hostB.call("VolumeDriver.Unmount", "{\"Name\":\"held\",\"ID\":\"" + ID + "\"}").err());
        await(hostB, list -> names(list).isEmpty());
    }

    @Test
    void volumesMadeBeforeQuodockAreListedOnlyByAHostThatAdoptsExisting() throws Exception {
        quobyte.addVolume(tenant, "from-go-plugin");
        PluginClient plain = host("a", Duration.ofMillis(200));
        PluginClient adopting = host("b", Duration.ofMillis(200), true);

        await(adopting, list -> names(list).equals(List.of("from-go-plugin")));
        JsonNode adopted = get(adopting, "from-go-plugin");
        assertEquals(tenant, adopted.at("/Volume/Status/tenant_id").asText());
        Daemon daemonA = daemons.get(0);
        awaitTrue(() -> daemonA.service().backendHealth().containsKey("refreshed_at"));
        assertEquals(List.of(), names(plain.call("VolumeDriver.List", "{}").json()),
                "without --adopt-existing, unmarked volumes are not listed");
    }

    private PluginClient host(String name, Duration refresh) throws Exception {
        return host(name, refresh, false);
    }

    private PluginClient host(String name, Duration refresh, boolean adoptExisting) throws Exception {
        QuobyteSettings settings = new QuobyteSettings(
                QuobyteHost.settings(quobyte.url(), mountDir, tenant, Duration.ofSeconds(2)).api(), tenant, "BASE",
                mountDir, "localhost:7861", "", QuobyteSettings.DEFAULT_MOUNT_COMMAND, false, Duration.ofSeconds(2),
                adoptExisting, refresh);
        Path dir = tmp.resolve(name);
        Daemon daemon = new Daemon(new DaemonConfig("qd2h", dir.resolve("plugins"), "root", dir.resolve("state"),
                dir.resolve("volumes"), Duration.ofSeconds(10), null, dir.resolve("spec"), null, dir.resolve("run"),
                dir.resolve("admin.sock"), "root", dir.resolve("no-docker.sock"), false, settings));
        daemon.start();
        daemons.add(daemon);
        PluginClient client = new PluginClient(daemon.config().pluginSocket());
        clients.add(client);
        return client;
    }

    private static JsonNode get(PluginClient client, String name) throws IOException {
        return client.call("VolumeDriver.Get", "{\"Name\":\"" + name + "\"}").json();
    }

    private static List<String> names(JsonNode list) {
        List<String> names = new ArrayList<>();
        list.path("Volumes").forEach(volume -> names.add(volume.get("Name").asText()));
        return names;
    }

    private static void await(PluginClient client, Predicate<JsonNode> condition) throws Exception {
        awaitTrue(() -> condition.test(client.call("VolumeDriver.List", "{}").json()));
    }

    @FunctionalInterface
    private interface Check {
        boolean holds() throws Exception;
    }

    private static void awaitTrue(Check check) throws Exception {
        long deadline = System.nanoTime() + SOON.toNanos();
        while (!check.holds()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + SOON.toSeconds() + " s");
            }
            Thread.sleep(50);
        }
    }
}
