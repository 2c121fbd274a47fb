/** The volumes screen: every volume in a sortable, filterable table kept live from the daemon's events. */
package io.quodock.ui.volumes;
