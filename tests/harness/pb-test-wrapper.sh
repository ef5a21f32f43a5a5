#!/bin/bash
# Runs one test in a world of its own: temporary HOME and XDG directories, a private
# D-Bus session with a real, unlocked gnome-keyring, and, for tests that set
# PB_TEST_DISPLAY=1, a private Xvfb. Nothing is shared between tests or with the user.
#
# PB_TEST_KEYRING=0 leaves the Secret Service out (the bus then has no such name).
# PB_TEST_KEEP=1 keeps the temporary directory for a post-mortem.
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(mktemp -d "${TMPDIR:-/tmp}/pb-test.XXXXXX")
mkdir -p "$root/home" "$root/data" "$root/config" "$root/cache" "$root/run"
chmod 700 "$root/run"
export HOME="$root/home" XDG_DATA_HOME="$root/data" XDG_CONFIG_HOME="$root/config" \
       XDG_CACHE_HOME="$root/cache" XDG_RUNTIME_DIR="$root/run" PB_TEST_ROOT="$root"
unset DBUS_SESSION_BUS_ADDRESS WAYLAND_DISPLAY DISPLAY

xvfb_pid=
cleanup () {
  [ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null && wait "$xvfb_pid" 2>/dev/null
  [ "${PB_TEST_KEEP:-0}" = 1 ] || rm -rf "$root"
}
trap cleanup EXIT

if [ "${PB_TEST_DISPLAY:-0}" = 1 ]; then
  # -displayfd picks a free display itself: no races between tests running in parallel.
  exec 3>"$root/display"
  Xvfb -displayfd 3 -screen 0 1280x1024x24 -nolisten tcp -noreset >"$root/xvfb.log" 2>&1 &
  xvfb_pid=$!
  exec 3>&-
  for _ in $(seq 100); do [ -s "$root/display" ] && break; sleep 0.05; done
  if [ ! -s "$root/display" ]; then
    echo "Bail out! harness: Xvfb did not start" ; cat "$root/xvfb.log" >&2; exit 1
  fi
  export DISPLAY=":$(head -n1 "$root/display")"
fi

config=
if [ "${PB_TEST_KEYRING:-1}" = 0 ]; then
  # A session bus that knows no services at all, so org.freedesktop.secrets cannot be activated.
  config="$root/session-no-services.conf"
  sed -e '/<standard_session_servicedirs *\/>/d' /usr/share/dbus-1/session.conf > "$config"
fi

dbus-run-session ${config:+--config-file="$config"} --dbus-daemon="$here/quiet-dbus-daemon.sh" -- \
  "$here/pb-test-session.sh" "$@"
