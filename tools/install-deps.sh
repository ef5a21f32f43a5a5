#!/bin/bash
# Installs what Plugboard needs on Debian 12 and is missing; does nothing when all is there.
#   tools/install-deps.sh          build and run the app
#   tools/install-deps.sh --tests  also what the test suite needs (Xvfb, keyring, nginx, node tools)
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(
  build-essential pkg-config meson ninja-build gettext
  libglib2.0-dev libgtk-4-dev libadwaita-1-dev libsoup-3.0-dev libjson-glib-dev
  libsecret-1-dev libwebkitgtk-6.0-dev libyaml-dev libcjson-dev zlib1g-dev libglib-testing-0-dev
  libhttp-parser-dev
  desktop-file-utils appstream gnome-keyring dbus dbus-x11 glib-networking
  # Recommended by GTK, so absent with --no-install-recommends on a bare image: the SVG loader
  # (app icon, libadwaita's icons), a settings backend that keeps the window size, the a11y bus.
  librsvg2-common dconf-gsettings-backend at-spi2-core
)
if [ "${1:-}" = "--tests" ]; then
  packages+=(
    xvfb xauth libsecret-tools imagemagick nginx wget jq python3
    clang libclang-rt-14-dev
  )
  # Any node >= 18 with npm will do (some machines carry their own): Debian's only when absent.
  command -v node >/dev/null 2>&1 || packages+=(nodejs)
  command -v npm >/dev/null 2>&1 || packages+=(npm)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing: ${missing[*]}" >&2
  SUDO=; [ "$(id -u)" = 0 ] || SUDO=sudo
  $SUDO apt-get update -q >&2
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}" >&2
fi

if [ "${1:-}" = "--tests" ]; then
  # Test-only tools from npm (ajv, oidc-provider…), pinned by the committed lock file.
  if [ ! -d tests/node/node_modules ] || [ tests/node/package-lock.json -nt tests/node/node_modules ]; then
    (cd tests/node && npm ci --no-audit --no-fund --loglevel=error >&2)
  fi
fi
