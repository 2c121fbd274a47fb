/** The admin API on its own Unix socket: state, volume commands, reconciliation, server-sent events and Prometheus metrics. */
package io.quodock.admin;
