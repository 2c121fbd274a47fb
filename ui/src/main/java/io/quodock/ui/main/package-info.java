/** The main window: attaches to the daemon, holds the screens, and shows the connection in the status bar. */
package io.quodock.ui.main;
