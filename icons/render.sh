#!/bin/sh
# Renders the PNG sizes of the icon from quodock.svg. Needs rsvg-convert (apt-get install librsvg2-bin).
# The PNGs are committed, so no build needs the renderer: run this after changing the SVG.
set -eu
cd "$(dirname "$0")"
for size in 16 24 32 48 64 128 256 512; do
  rsvg-convert --width "$size" --height "$size" quodock.svg --output "quodock-$size.png"
done
