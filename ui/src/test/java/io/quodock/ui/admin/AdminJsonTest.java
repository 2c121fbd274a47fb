package io.quodock.ui.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class AdminJsonTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String text) throws IOException {
        return JSON.readTree(text.replace('\'', '"'));
    }

    @Test
    void stateReadsTheDaemonItsBackendHealthAndEveryVolume() throws IOException {
        DaemonState state = AdminJson.state(json("{'daemon': {'version': '0.1.0', 'pid': 77,"
                + " 'startedAt': '2026-12-01T08:00:00Z', 'driver': 'quobyte', 'pluginSocket': '/run/docker/plugins/quobyte.sock',"
                + " 'adminSocket': '/run/quodock/admin.sock',"
                + " 'backend': {'name': 'local', 'scope': 'local', 'healthy': false, 'health': {'volumesRootWritable': false}},"
                + " 'docker': {'socket': '/var/run/docker.sock', 'reachable': true}},"
                + " 'volumes': [{'name': 'vol', 'mountpoint': '/v/vol', 'backend': 'local', 'createdAt': '2026-12-01T08:01:00Z',"
                + " 'owner': 'alice', 'options': {'user': 'alice'}, 'attributes': {'owner': 'alice'}, 'refs': 3,"
                + " 'mounts': [{'id': 'm1', 'count': 2, 'since': '2026-12-01T08:02:00Z'}, {'id': 'm2', 'count': 1, 'since': '2026-12-01T08:03:00Z'}],"
                + " 'containers': [{'id': 'c1', 'name': 'web', 'state': 'running'}]}]}"));

        assertEquals("0.1.0", state.daemon().version());
        assertEquals(Instant.parse("2026-12-01T08:00:00Z"), state.daemon().startedAt());
        assertFalse(state.daemon().health().healthy());
        assertEquals("unhealthy, volumesRootWritable failed", state.daemon().health().describe());
        assertTrue(state.daemon().dockerReachable());
        VolumeInfo vol = state.volumes().get(0);
        assertEquals(3, vol.refs());
        assertEquals("alice", vol.owner());
        assertEquals(List.of(new VolumeInfo.ContainerInfo("c1", "web", "running")), vol.containers());
        assertFalse(vol.fixedUser().pending());
    }

    @Test
    void aVolumeWithoutContainersFieldHasUnknownContainers() throws IOException {
        VolumeInfo vol = AdminJson.volume(json("{'name': 'vol', 'mounts': [], 'options': {}, 'attributes': {}}"));
        assertNull(vol.containers());
        assertEquals(0, vol.refs());
    }

    @Test
    void aPendingMappingKeepsWhatIsInEffectAndWhatWaits() throws IOException {
        VolumeInfo removing = AdminJson.volume(json("{'name': 'vol', 'fixedUser': {'current': {'user': 'alice',"
                + " 'group': 'staff'}, 'next': null, 'pending': true, 'method': 'bindfs'}}"));
        VolumeInfo changing = AdminJson.volume(json("{'name': 'vol', 'fixedUser': {'current': {'user': 'alice',"
                + " 'group': 'staff'}, 'next': {'user': '1234', 'group': '2345'}, 'pending': true, 'method': 'bindfs'}}"));

        assertEquals(new FixedUserInfo("alice:staff", null), removing.fixedUser());
        assertEquals("alice:staff → none (pending)", removing.fixedUser().describe());
        assertEquals("alice:staff → 1234:2345 (pending)", changing.fixedUser().describe());
        assertEquals(FixedUserInfo.NONE, AdminJson.volume(json("{'name': 'vol'}")).fixedUser());
    }

    @Test
    void eventsBecomeTypedEvents() throws IOException {
        DaemonEvent mounted = AdminJson.event("mounted", json("{'type': 'mounted', 'time': '2026-12-01T08:00:00Z',"
                + " 'volume': 'vol', 'mountId': 'm1', 'state': {'name': 'vol', 'mounts': [{'id': 'm1', 'count': 1,"
                + " 'since': '2026-12-01T08:00:00Z'}]}}"));
        DaemonEvent removed = AdminJson.event("removed", json("{'type': 'removed', 'time': '2026-12-01T08:00:00Z', 'volume': 'vol',"
                + " 'state': {'name': 'vol'}}"));
        DaemonEvent request = AdminJson.event("request", json("{'type': 'request', 'time': '2026-12-01T08:00:00Z',"
                + " 'method': 'VolumeDriver.Mount', 'volume': 'vol', 'outcome': 'in_use', 'latencyMicros': 412}"));

        assertEquals("m1", assertInstanceOf(DaemonEvent.VolumeChanged.class, mounted).mountId());
        assertEquals(1, ((DaemonEvent.VolumeChanged) mounted).volume().refs());
        assertEquals("vol", assertInstanceOf(DaemonEvent.VolumeRemoved.class, removed).name());
        DaemonEvent.PluginRequest plugin = assertInstanceOf(DaemonEvent.PluginRequest.class, request);
        assertEquals(412, plugin.latencyMicros());
        assertFalse(plugin.ok());
        assertInstanceOf(DaemonEvent.Dropped.class, AdminJson.event("dropped", json("{}")));
        assertNull(AdminJson.event("something-new", json("{'time': '2026-12-01T08:00:00Z'}")), "unknown types are skipped");
    }
}
