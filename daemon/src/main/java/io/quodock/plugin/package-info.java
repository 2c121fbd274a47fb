/** The Docker volume plugin protocol: message records, the Jetty handler, the plugin socket and spec files. */
package io.quodock.plugin;
