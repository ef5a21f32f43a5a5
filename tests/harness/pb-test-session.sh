#!/bin/bash
# Inside the private D-Bus session: start and unlock a real gnome-keyring, then run the test.
set -u
if [ "${PB_TEST_KEYRING:-1}" = 1 ]; then
  # --unlock on a fresh HOME creates the "login" keyring, unlocked, with this password.
  printf '%s' pb-test-keyring | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1
  # Wait for the name: otherwise the first libsecret call may activate a second daemon.
  if ! gdbus wait --session --timeout=10 org.freedesktop.secrets >/dev/null 2>&1; then
    echo "harness: the Secret Service did not appear on the private bus" >&2
  fi
fi
"$@"
