/** Test doubles for view-model tests: an in-memory admin API and volumes to fill it with. */
package io.quodock.ui.fakes;
