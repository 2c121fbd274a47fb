/** Starting a daemon from the console: as a separate process that outlives it, or embedded in it for trying quodock out. */
package io.quodock.ui.launch;
