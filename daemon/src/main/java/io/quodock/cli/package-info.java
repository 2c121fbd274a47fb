/** The picocli commands of the quodock launcher; the only place that writes to standard output. */
package io.quodock.cli;
