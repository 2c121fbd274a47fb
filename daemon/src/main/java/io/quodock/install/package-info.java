/** Puts a quodock runtime image and its host files (systemd units, settings, desktop entry) in place, and takes them away. */
package io.quodock.install;
