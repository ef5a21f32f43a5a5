#!/bin/bash
# Installs what is missing, builds Plugboard and starts it from the build tree.
set -euo pipefail
cd "$(dirname "$0")/.."
tools/install-deps.sh
[ -f build/build.ninja ] || meson setup build
meson compile -C build
GSETTINGS_SCHEMA_DIR="$PWD/build/data" exec build/src/ui/plugboard "$@"
