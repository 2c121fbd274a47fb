#!/usr/bin/env bash
# Links one quodock runtime image, puts its launchers and host files in, trains its AppCDS archive and packs
# it as IMAGE.tar.gz. jlink/pom.xml runs it at `mvn package`, once per image:
#
#   link-image.sh JDK MODULE_PATH MODULES IMAGE [SOURCE=PATH]...
#
#   JDK          the JDK whose jlink, jmods and java make and train the image (Maven's own)
#   MODULE_PATH  the application's modules: the daemon jar and its runtime dependencies
#   MODULES      the root modules, comma-separated
#   IMAGE        the image directory, replaced when it exists
#   SOURCE=PATH  copies the file SOURCE to IMAGE/PATH, keeping its mode; @TARGET=PATH makes PATH a
#                symbolic link to TARGET; %JAR=DIR puts the native libraries (*.so) of JAR into IMAGE/DIR
set -euo pipefail
jdk=$1 module_path=$2 modules=$3 image=$4
shift 4

if [ ! -e "$jdk/jmods/java.base.jmod" ]; then
  echo "link-image.sh: $jdk has no jmods to link from; on Ubuntu: apt-get install openjdk-17-jmods" >&2
  exit 1
fi
rm -rf "$image" "$image.tar.gz"

# The flags verified in shared/reference/java-stack.md ("jlink"). --add-options puts into the image's JVM
# options the export that BlankHostConnectionFactory needs (the daemon refuses to start without it), so every
# launcher has it; jlink reads an option value that starts with "--" only after a blank. Native libraries
# inside a module (JavaFX's) could only be loaded by unpacking them at run time, into ~/.openjfx: they stay
# out of the modules, and a %JAR=lib argument below puts them into lib/ instead.
"$jdk/bin/jlink" --module-path "$module_path" --add-modules "$modules" \
  --strip-debug --no-header-files --no-man-pages --compress=2 --generate-cds-archive --exclude-resources='**.so' \
  --add-options=" --add-exports=org.eclipse.jetty.server/org.eclipse.jetty.server.internal=io.quodock.daemon" \
  --output "$image"
# The CDS archive for JVMs without compressed oops serves heaps of 32 GB and more only: 10 MB quodock never uses.
rm "$image/lib/server/classes_nocoops.jsa"

for file in "$@"; do
  source=${file%%=*} path=$image/${file#*=}
  mkdir -p "$(dirname "$path")"
  case $source in
    @*) ln -s "${source#@}" "$path" ;;
    %*)
      jar=${source#%}
      libraries=$("$jdk/bin/jar" tf "$jar" | grep '\.so$' || true)
      if [ -z "$libraries" ]; then
        echo "link-image.sh: $jar has no native libraries (*.so) to put into $path" >&2
        exit 1
      fi
      # shellcheck disable=SC2086
      (cd "$path" && "$jdk/bin/jar" xf "$jar" $libraries) ;;
    *) cp -p "$source" "$path" ;;
  esac
done

# AppCDS: a short real run of the daemon in this image records the classes it loads in lib/quodock.jsa.
"$jdk/bin/java" "$(dirname "$0")/TrainingRun.java" "$image"

tar -C "$(dirname "$image")" --owner=0 --group=0 --numeric-owner -czf "$image.tar.gz" "$(basename "$image")"
echo "quodock image $(basename "$image"): $(du -sm --apparent-size "$image" | cut -f1) MB, $(du -sm --apparent-size "$image.tar.gz" | cut -f1) MB as .tar.gz"
