/** The client of the admin API over its Unix socket, for the quodock commands and the console. */
package io.quodock.client;
