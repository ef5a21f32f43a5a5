/* pb-recent-calls.h: the newest calls of an agent or to a connector, from the audit trail
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "pb-audit-log.h"

G_BEGIN_DECLS

#define PB_TYPE_RECENT_CALLS (pb_recent_calls_get_type ())

G_DECLARE_FINAL_TYPE (PbRecentCalls, pb_recent_calls, PB, RECENT_CALLS, AdwPreferencesGroup)

/* Shows the newest calls of AGENT (or to CONNECTOR; either may be NULL), and follows new
 * entries this app's broker writes. */
GtkWidget *pb_recent_calls_new        (PbAuditLog *audit,
                                       const char *agent,
                                       const char *connector);
void       pb_recent_calls_set_filter (PbRecentCalls *self,
                                       const char    *agent,
                                       const char    *connector);
/* How many calls are shown. */
guint      pb_recent_calls_get_count  (PbRecentCalls *self);

G_END_DECLS
