/** The console application: its command line, its window, and what the views share (layout loading, column layouts). */
package io.quodock.ui;
