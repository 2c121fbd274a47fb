/** Tests of the runtime images as users get them: their launchers, daemon, socket activation and installation. */
package io.quodock.image;
