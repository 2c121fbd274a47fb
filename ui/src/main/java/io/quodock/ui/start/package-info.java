/** The start panel, shown when no daemon answers: start one as its own process, or embedded for trying quodock out. */
package io.quodock.ui.start;
