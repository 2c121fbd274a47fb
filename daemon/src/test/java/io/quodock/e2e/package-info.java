/** End-to-end test harness: a private dockerd, an offline busybox image and the ITs that use them. */
package io.quodock.e2e;
