/** Architecture rules of the daemon module, checked with ArchUnit on the compiled classes. */
package io.quodock.architecture;
