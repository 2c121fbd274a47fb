package io.quodock.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class CreateOptionsTest {
    private static final Set<String> EVERY_KEY = Set.copyOf(CreateOptions.ALL_KEYS);
    private static final Set<String> LOCAL_KEYS = Set.of(CreateOptions.USER, CreateOptions.GROUP, CreateOptions.SUBDIRS);

    @ParameterizedTest
    @NullAndEmptySource
    void noOptsMeansNoOptions(Map<String, String> opts) {
        CreateOptions options = CreateOptions.parse(opts, EVERY_KEY, "local");

        assertEquals(CreateOptions.NONE, options);
        assertEquals(Map.of(), options.asMap());
    }

    @Test
    void everyKnownKeyIsRead() {
        Map<String, String> opts = Map.of("user", "alice", "group", "staff", "configuration_name", "BASE",
                "tenant_id", "t1", "fixed_user", "app", "fixed_group", "apps", "subdirs", "data");

        CreateOptions options = CreateOptions.parse(opts, EVERY_KEY, "quobyte");

        assertEquals(new CreateOptions("alice", "staff", "BASE", "t1", "app", "apps", List.of("data")), options);
    }

    @Test
    void unknownKeyIsRefusedListingTheKnownKeys() {
        DriverException e = refused(Map.of("user", "alice", "size", "10G"), EVERY_KEY);

        assertTrue(e.getMessage().contains("unknown option 'size'"), e.getMessage());
        assertTrue(e.getMessage().contains(
                "user, group, configuration_name, tenant_id, fixed_user, fixed_group, subdirs"), e.getMessage());
    }

    @Test
    void keyTheBackendDoesNotHonourIsRefusedNamingTheBackendAndItsKeys() {
        DriverException e = refused(Map.of("tenant_id", "t1"), LOCAL_KEYS);

        assertTrue(e.getMessage().contains("'tenant_id'"), e.getMessage());
        assertTrue(e.getMessage().contains("local backend"), e.getMessage());
        assertTrue(e.getMessage().contains("user, group, subdirs"), e.getMessage());
    }

    @Test
    void subdirsAreSplitTrimmedAndNormalised() {
        CreateOptions options = parse(Map.of("subdirs", " data , logs/app/,./conf,a//b,,c/./d ,"));

        assertEquals(List.of("data", "logs/app", "conf", "a/b", "c/d"), options.subdirs());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/etc", "data,/var/lib"})
    void absoluteSubdirIsRefused(String subdirs) {
        DriverException e = refused(Map.of("subdirs", subdirs), EVERY_KEY);

        assertTrue(e.getMessage().contains("is absolute"), e.getMessage());
        assertTrue(e.getMessage().contains("relative paths inside the volume"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"..", "../x", "a/../../x", "a/..", "data,x/../.."})
    void subdirLeavingTheVolumeIsRefused(String subdirs) {
        DriverException e = refused(Map.of("subdirs", subdirs), EVERY_KEY);

        assertTrue(e.getMessage().contains("'..'"), e.getMessage());
    }

    @Test
    void subdirWithNulIsRefused() {
        DriverException e = refused(Map.of("subdirs", "a\0b"), EVERY_KEY);

        assertTrue(e.getMessage().contains("NUL"), e.getMessage());
        assertTrue(e.getMessage().chars().noneMatch(c -> c == 0), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {".", "./", "./.", "a,."})
    void subdirNamingTheVolumeRootIsRefused(String subdirs) {
        DriverException e = refused(Map.of("subdirs", subdirs), EVERY_KEY);

        assertTrue(e.getMessage().contains("volume root"), e.getMessage());
    }

    @Test
    void blankValuesCountAsAbsent() {
        CreateOptions options = parse(Map.of("user", "", "group", "  ", "subdirs", " , "));

        assertNull(options.user());
        assertNull(options.group());
        assertEquals(List.of(), options.subdirs());
        assertEquals(Map.of(), options.asMap());
    }

    @Test
    void nullValueCountsAsAbsent() {
        Map<String, String> opts = new HashMap<>();
        opts.put("user", null);

        assertNull(parse(opts).user());
    }

    @Test
    void valuesAreStripped() {
        assertEquals("alice", parse(Map.of("user", " alice\t")).user());
    }

    @ParameterizedTest
    @ValueSource(strings = {"al\nice", "al\0ice"})
    void valueWithAControlCharacterIsRefused(String user) {
        DriverException e = refused(Map.of("user", user), EVERY_KEY);

        assertTrue(e.getMessage().contains("'user'"), e.getMessage());
        assertTrue(e.getMessage().contains("control character"), e.getMessage());
    }

    @Test
    void asMapLeavesOutAbsentOptionsAndParsesBackToTheSameOptions() {
        CreateOptions options = parse(Map.of("user", " alice ", "tenant_id", "t1", "subdirs", "data, logs/app/"));

        Map<String, String> map = options.asMap();

        assertEquals(Map.of("user", "alice", "tenant_id", "t1", "subdirs", "data,logs/app"), map);
        assertEquals(options, parse(map));
    }

    @Test
    void asMapCannotBeModified() {
        Map<String, String> map = parse(Map.of("user", "alice")).asMap();

        assertThrows(UnsupportedOperationException.class, () -> map.put("group", "staff"));
    }

    private static CreateOptions parse(Map<String, String> opts) {
        return CreateOptions.parse(opts, EVERY_KEY, "quobyte");
    }

    private static DriverException refused(Map<String, String> opts, Set<String> supported) {
        DriverException e = assertThrows(DriverException.class, () -> CreateOptions.parse(opts, supported, "local"));
        assertEquals(DriverException.Kind.INVALID, e.kind());
        return e;
    }
}
