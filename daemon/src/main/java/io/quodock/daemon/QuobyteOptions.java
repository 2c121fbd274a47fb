package io.quodock.daemon;

import io.quodock.backend.quobyte.QuobyteApiConfig;
import io.quodock.driver.FixedUser;
import io.quodock.backend.quobyte.QuobyteSettings;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The quobyte backend's flags as the command line gives them (the original plugin's {@code -api},
 * {@code -tenant_id} ... and quodock's own), before they are checked and turned into the backend's
 * {@link QuobyteSettings} by {@link DaemonConfig}. {@link #toString()} never shows the password.
 *
 * @param apiUrl            {@code -api}
 * @param user              {@code -user}
 * @param password          {@code -password}, or the content of {@code --password-file}
 * @param caFile            {@code --api-ca-file}, or null
 * @param connectTimeout    {@code --api-connect-timeout}
 * @param apiTimeout        {@code --api-timeout}
 * @param tenant            {@code -tenant_id}
 * @param configurationName {@code -configuration_name}
 * @param mountPath         {@code -path}
 * @param registry          {@code -registry}
 * @param mountOptions      {@code -options}
 * @param mountCommand      {@code --mount-command}
 * @param mount             false with {@code --no-mount}
 * @param probeTimeout      {@code --probe-timeout}
 * @param adoptExisting     {@code --adopt-existing}
 * @param refreshInterval   {@code --refresh-interval}
 * @param fixedUserMethod   {@code --fixed-user-method}: {@code quobyte} or {@code bindfs}
 */
public record QuobyteOptions(String apiUrl, String user, String password, Path caFile, Duration connectTimeout,
                             Duration apiTimeout, String tenant, String configurationName, Path mountPath,
                             String registry, String mountOptions, String mountCommand, boolean mount,
                             Duration probeTimeout, boolean adoptExisting, Duration refreshInterval,
                             String fixedUserMethod) {

    /** The original plugin's mount command. */
    public static final String DEFAULT_MOUNT_COMMAND = QuobyteSettings.DEFAULT_MOUNT_COMMAND;

    /**
     * The backend's settings.
     *
     * @throws IllegalArgumentException with what to write instead, for a bad URL, path or duration
     */
    QuobyteSettings settings() {
        QuobyteApiConfig api = new QuobyteApiConfig(QuobyteApiConfig.parseUrl(apiUrl), user, password,
                connectTimeout, apiTimeout, caFile);
        return new QuobyteSettings(api, tenant, configurationName, mountPath, registry, mountOptions, mountCommand,
                mount, probeTimeout, adoptExisting, refreshInterval, FixedUser.Method.fromWire(fixedUserMethod));
    }

    @Override
    public String toString() {
        return "QuobyteOptions[apiUrl=" + apiUrl + ", user=" + user + ", password=(hidden), tenant=" + tenant
                + ", mountPath=" + mountPath + ", registry=" + registry + "]";
    }
}
