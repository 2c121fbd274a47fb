/**
 * End-to-end tests of the console: TestFX drives the real window (headless, Monocle) against a real
 * daemon started in the test's JVM on temporary sockets; and the screenshot run for README.
 */
package io.quodock.ui.it;
