/** The create form: a new volume's name, checked as it is typed by the core's own rule, and its create options. */
package io.quodock.ui.create;
