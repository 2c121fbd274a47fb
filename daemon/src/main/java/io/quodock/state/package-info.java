/** The durable store of volumes and mount references: a checksummed journal with group commit and snapshots. */
package io.quodock.state;
