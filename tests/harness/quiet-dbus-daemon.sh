#!/bin/sh
# Activated services (at-spi's registry) print on dbus-daemon's stdout, which would land in
# the test's TAP stream: send it to stderr.
exec dbus-daemon "$@" 1>&2
