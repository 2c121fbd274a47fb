/** A small Docker Engine API client (which containers use a volume) and the reconciliation of mount references with it. */
package io.quodock.docker;
