#!/bin/bash
# Installs what is missing, builds Plugboard and runs the whole test suite: every test gets
# private directories, a real unlocked gnome-keyring in a private D-Bus session and, for the
# widget tests, a private Xvfb. The parsers and analyzer then run again under ASan + UBSan.
set -uo pipefail
cd "$(dirname "$0")/.."
tools/install-deps.sh --tests || exit 1

rc=0
[ -f build/build.ninja ] || meson setup build || exit 1
meson compile -C build || exit 1
meson test -C build --print-errorlogs --num-processes 2 || rc=1

# Sanitizers: everything that reads untrusted input, in a second build tree.
if [ "${PB_SKIP_ASAN:-0}" != 1 ]; then
  [ -f build-asan/build.ninja ] || meson setup build-asan -Db_sanitize=address,undefined -Db_lundef=false -Dbuildtype=debug || exit 1
  meson compile -C build-asan || exit 1
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    LSAN_OPTIONS="suppressions=$PWD/tests/lsan.supp:print_suppressions=0" \
    meson test -C build-asan --print-errorlogs --num-processes 2 --suite sanitize || rc=1
fi
exit $rc
