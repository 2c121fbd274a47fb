/** The Quobyte backend: management API client, shared client mount, volume lifecycle. */
package io.quodock.backend.quobyte;
