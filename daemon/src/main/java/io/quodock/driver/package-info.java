/** The driver core: volume rules, mount reference counting, per-volume serialization; every adapter calls VolumeService. */
package io.quodock.driver;
