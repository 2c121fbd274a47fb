/**
 * The console's only way to the daemon: the admin API over its Unix socket, as typed records, and the
 * connection that attaches, follows the event stream and re-attaches when the daemon comes back.
 */
package io.quodock.ui.admin;
