/** Mount-table reading, mount and unmount commands, and liveness probes that never hang the caller. */
package io.quodock.mount;
