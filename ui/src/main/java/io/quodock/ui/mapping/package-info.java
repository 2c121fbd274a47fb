/** The fixed-user form: set, change or clear the user and group every access to a volume is made as. */
package io.quodock.ui.mapping;
