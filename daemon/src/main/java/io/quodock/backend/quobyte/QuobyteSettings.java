package io.quodock.backend.quobyte;

import io.quodock.driver.FixedUser;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * What the {@code quobyte} backend needs, resolved from the original plugin's flags ({@code -api},
 * {@code -tenant_id}, {@code -path} ...) and quodock's own. {@link #toString()} never shows the API
 * password (see {@link QuobyteApiConfig#toString()}), so settings can be logged as they are.
 *
 * @param api               the management API: URL, user, password, timeouts, CA file
 * @param tenant            tenant of new volumes without {@code -o tenant_id}: an id (UUID), a tenant name
 *                          (resolved to its id), or empty for the server's default tenant ({@code -tenant_id})
 * @param configurationName volume configuration without {@code -o configuration_name} ({@code -configuration_name})
 * @param mountPath         where the client mounts all volumes; volume {@code v} is {@code <mountPath>/v} ({@code -path})
 * @param registry          the registry address(es) the mount command mounts ({@code -registry})
 * @param mountOptions      raw text spliced into the mount command, e.g. {@code -o user_xattr} ({@code -options})
 * @param mountCommand      command line run through {@code /bin/sh} when nothing Quobyte is mounted at
 *                          {@code mountPath}; {@code {options}}, {@code {registry}} and {@code {path}} are filled in
 * @param mount             false when an external client (a container, say) provides the mount ({@code --no-mount})
 * @param probeTimeout      how long one file-system call on the mount may take before the mount counts as hung
 * @param adoptExisting     register the volumes that already exist in the tenant ({@code --adopt-existing})
 * @param refreshInterval   how often the cluster's volume list is fetched; zero for never
 * @param fixedUserMethod   how fixed-user mappings are made: the client's own {@code user#group@volume}
 *                          paths ({@code quobyte}), or bindfs views of the volume directory
 */
public record QuobyteSettings(QuobyteApiConfig api, String tenant, String configurationName, Path mountPath,
                              String registry, String mountOptions, String mountCommand, boolean mount,
                              Duration probeTimeout, boolean adoptExisting, Duration refreshInterval,
                              FixedUser.Method fixedUserMethod) {

    /** The client's option that makes {@code <mount>/<user>#<group>@<volume>} paths work. */
    public static final String USER_MAPPING_OPTION = "allow-usermapping-in-volumename";

    /** The original plugin's mount command, {@code mount <options> -t quobyte <registry>/ <path>}. */
    public static final String DEFAULT_MOUNT_COMMAND = "mount {options} -t quobyte {registry}/ {path}";

    public QuobyteSettings {
        Objects.requireNonNull(api, "api");
        tenant = Objects.requireNonNullElse(tenant, "").strip();
        configurationName = Objects.requireNonNullElse(configurationName, "").strip();
        Objects.requireNonNull(mountPath, "mountPath");
        if (!mountPath.isAbsolute()) {
            throw new IllegalArgumentException("Quobyte mount path '" + mountPath
                    + "' is not absolute: give e.g. -path /run/docker/quobyte/mnt");
        }
        mountPath = mountPath.normalize();
        registry = Objects.requireNonNullElse(registry, "").strip();
        mountOptions = Objects.requireNonNullElse(mountOptions, "");
        if (mountCommand == null || mountCommand.isBlank()) {
            throw new IllegalArgumentException("the mount command is empty: leave --mount-command out for '"
                    + DEFAULT_MOUNT_COMMAND + "', or give --no-mount when a client provides the mount");
        }
        if (mount && registry.isEmpty() && mountCommand.contains("{registry}")) {
            throw new IllegalArgumentException("no Quobyte registry to mount: give -registry host:7861"
                    + " (QUOBYTE_REGISTRY), or --no-mount when a client provides " + mountPath);
        }
        if (probeTimeout.isNegative() || probeTimeout.isZero()) {
            throw new IllegalArgumentException("probe timeout must be positive, not " + probeTimeout);
        }
        if (refreshInterval.isNegative()) {
            throw new IllegalArgumentException("refresh interval must be zero (off) or positive, not " + refreshInterval);
        }
        Objects.requireNonNull(fixedUserMethod, "fixedUserMethod");
    }

    /** Settings with the client's native fixed-user mapping, the default. */
    public QuobyteSettings(QuobyteApiConfig api, String tenant, String configurationName, Path mountPath,
                           String registry, String mountOptions, String mountCommand, boolean mount,
                           Duration probeTimeout, boolean adoptExisting, Duration refreshInterval) {
        this(api, tenant, configurationName, mountPath, registry, mountOptions, mountCommand, mount, probeTimeout,
                adoptExisting, refreshInterval, FixedUser.Method.QUOBYTE);
    }

    /**
     * The mount options the daemon mounts with: {@code -options}, plus the user-mapping option when
     * mappings are the client's own.
     */
    public String effectiveMountOptions() {
        if (fixedUserMethod != FixedUser.Method.QUOBYTE || mountOptions.contains(USER_MAPPING_OPTION)) {
            return mountOptions;
        }
        return (mountOptions.isBlank() ? "" : mountOptions + " ") + "-o " + USER_MAPPING_OPTION;
    }
}
