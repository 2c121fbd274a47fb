/**
 * The quodock daemon: the driver core, its backends, the Docker volume plugin server, the admin API
 * with its client, and the {@code quodock} command line. No JavaFX here; the console lives in its own
 * module and reaches the daemon through {@code io.quodock.client}.
 */
module io.quodock.daemon {
    requires com.fasterxml.jackson.databind;
    requires info.picocli;
    requires jdk.net;
    requires org.eclipse.jetty.client;
    requires org.eclipse.jetty.server;
    requires org.eclipse.jetty.unixdomain.server;
    requires org.slf4j;

    exports io.quodock.admin;
    exports io.quodock.client;
    exports io.quodock.daemon;
    exports io.quodock.docker;
    exports io.quodock.driver;
    exports io.quodock.plugin;

    // Jackson binds protocol and state records by reflection; picocli injects command options.
    opens io.quodock.plugin to com.fasterxml.jackson.databind;
    opens io.quodock.state to com.fasterxml.jackson.databind;
    opens io.quodock.cli to info.picocli;
}
