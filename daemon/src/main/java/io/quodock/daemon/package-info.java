/** The daemon's lifecycle: wires store, backend, driver core and sockets together, starts and stops them in order. */
package io.quodock.daemon;
