/** The backend SPI and the local-directory backend. */
package io.quodock.backend;
