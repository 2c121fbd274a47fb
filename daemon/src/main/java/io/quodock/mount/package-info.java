/** Mount-table reading, file trees, host commands with time limits, and bindfs fixed-user views with liveness probes that never hang the caller. */
package io.quodock.mount;
