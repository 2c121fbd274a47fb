/** The details pane: everything about the selected volume, and a docker run line to copy. */
package io.quodock.ui.details;
