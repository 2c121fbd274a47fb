/** What the console remembers between runs, in a small file under ~/.config/quodock: the table columns' layout. */
package io.quodock.ui.settings;
