/* pb-runner-datetime.h: datetimes as Airbyte manifests write them (strftime formats, ISO 8601
 * durations)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Formats DT with a Python strftime FORMAT as the Airbyte CDK accepts it: the usual %Y %m %d %H
 * %M %S %f %z %Z %j %y %b %B %a %A %p %F %T %%, plus the CDK's %s (epoch seconds), %ms (epoch
 * milliseconds) and %s_as_float. */
char      *pb_runner_datetime_format       (GDateTime  *dt,
                                            const char *format);

/* Parses TEXT with FORMAT (the same codes). %z accepts "Z", "+hh:mm" and "+hhmm"; a time without
 * a zone is UTC. Returns NULL when TEXT does not match FORMAT exactly. */
GDateTime *pb_runner_datetime_parse        (const char *text,
                                            const char *format);

/* Parses an ISO 8601 / RFC 3339 datetime or date ("2024-01-31", "2024-01-31T10:00:00Z"). */
GDateTime *pb_runner_datetime_parse_iso    (const char *text);

/* Adds an ISO 8601 duration ("P1D", "PT1H", "P1M", "P1W", "PT0.000001S") SIGN times (1 or -1).
 * Returns NULL (and sets ERROR) when DURATION is not one. */
GDateTime *pb_runner_datetime_add_duration (GDateTime   *dt,
                                            const char  *duration,
                                            int          sign,
                                            GError     **error);

/* Microseconds since the epoch, both ways (GLib 2.74 has no _usec variants). */
gint64     pb_runner_datetime_to_unix_usec   (GDateTime *dt);
GDateTime *pb_runner_datetime_from_unix_usec (gint64     usec);

G_END_DECLS
