package io.quodock.driver;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The {@code -o key=value} options of {@code docker volume create}, checked. The keys are the original
 * Quobyte plugin's ({@code user}, {@code group}, {@code configuration_name}, {@code tenant_id}) plus
 * {@code fixed_user}, {@code fixed_group} and {@code subdirs}. An unknown key, or a key the running
 * backend cannot honour, is refused with the list of keys that are accepted.
 *
 * @param user               owner of the volume root, by name or id, or null
 * @param group              group of the volume root, by name or id, or null
 * @param configurationName  Quobyte volume configuration, or null for the daemon default
 * @param tenantId           Quobyte tenant (id or name), or null for the daemon default
 * @param fixedUser          user every access is mapped to, or null
 * @param fixedGroup         group every access is mapped to, or null
 * @param subdirs            relative directories to create inside the new volume
 */
public record CreateOptions(String user, String group, String configurationName, String tenantId,
                            String fixedUser, String fixedGroup, List<String> subdirs) {

    public static final String USER = "user";
    public static final String GROUP = "group";
    public static final String CONFIGURATION_NAME = "configuration_name";
    public static final String TENANT_ID = "tenant_id";
    public static final String FIXED_USER = "fixed_user";
    public static final String FIXED_GROUP = "fixed_group";
    public static final String SUBDIRS = "subdirs";

    /** Every option key quodock knows, in the order the README documents them. */
    public static final List<String> ALL_KEYS =
            List.of(USER, GROUP, CONFIGURATION_NAME, TENANT_ID, FIXED_USER, FIXED_GROUP, SUBDIRS);

    public static final CreateOptions NONE = new CreateOptions(null, null, null, null, null, null, List.of());

    public CreateOptions {
        subdirs = List.copyOf(subdirs);
    }

    /**
     * Checks Docker's {@code Opts} (which is {@code null} when no {@code -o} was given).
     *
     * @param supported the keys the running backend honours
     * @param backend   the backend's name, for the error message
     */
    public static CreateOptions parse(Map<String, String> opts, Set<String> supported, String backend) {
        if (opts == null || opts.isEmpty()) {
            return NONE;
        }
        for (String key : new TreeMap<>(opts).keySet()) {
            if (!ALL_KEYS.contains(key)) {
                throw DriverException.invalid("unknown option '" + VolumeName.printable(key) + "': known options are "
                        + String.join(", ", ALL_KEYS));
            }
            if (!supported.contains(key)) {
                List<String> accepted = ALL_KEYS.stream().filter(supported::contains).toList();
                throw DriverException.invalid("option '" + key + "' does not apply to the " + backend
                        + " backend: it accepts " + String.join(", ", accepted));
            }
        }
        return new CreateOptions(
                value(opts, USER), value(opts, GROUP), value(opts, CONFIGURATION_NAME), value(opts, TENANT_ID),
                value(opts, FIXED_USER), value(opts, FIXED_GROUP), subdirs(opts.get(SUBDIRS)));
    }

    /** The options as Docker gave them, for the state and for Status; empty ones left out. */
    public Map<String, String> asMap() {
        Map<String, String> map = new TreeMap<>();
        put(map, USER, user);
        put(map, GROUP, group);
        put(map, CONFIGURATION_NAME, configurationName);
        put(map, TENANT_ID, tenantId);
        put(map, FIXED_USER, fixedUser);
        put(map, FIXED_GROUP, fixedGroup);
        if (!subdirs.isEmpty()) {
            map.put(SUBDIRS, String.join(",", subdirs));
        }
        return Collections.unmodifiableMap(map);
    }

    private static void put(Map<String, String> map, String key, String value) {
        if (value != null) {
            map.put(key, value);
        }
    }

    private static String value(Map<String, String> opts, String key) {
        String value = opts.get(key);
        if (value == null || value.isBlank()) {
            return null;
        }
        if (value.indexOf('\0') >= 0 || value.indexOf('\n') >= 0) {
            throw DriverException.invalid("option '" + key + "' contains a control character: give a plain value");
        }
        return value.strip();
    }

    /** Comma-separated relative paths; each must stay inside the volume. */
    private static List<String> subdirs(String value) {
        if (value == null || value.isBlank()) {
            return List.of();
        }
        List<String> result = new ArrayList<>();
        for (String part : value.split(",")) {
            String dir = part.strip();
            if (dir.isEmpty()) {
                continue;
            }
            String problem = subdirProblem(dir);
            if (problem != null) {
                throw DriverException.invalid("option 'subdirs' entry '" + VolumeName.printable(dir) + "' " + problem
                        + ": give relative paths inside the volume, separated by commas, e.g. subdirs=data,logs/app");
            }
            result.add(Path.of(dir).normalize().toString());
        }
        return result;
    }

    private static String subdirProblem(String dir) {
        if (dir.indexOf('\0') >= 0) {
            return "contains NUL";
        }
        if (dir.startsWith("/")) {
            return "is absolute";
        }
        for (String segment : dir.split("/")) {
            if (segment.equals("..")) {
                return "leaves the volume through '..'";
            }
        }
        if (Path.of(dir).normalize().toString().isEmpty()) {
            return "names the volume root itself";
        }
        return null;
    }
}
