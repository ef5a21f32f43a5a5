/* pb-robots.h: robots.txt rules for one host, as the crawler reads them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _PbRobots PbRobots;

/* Reads TEXT (a robots.txt body, any length, need not be NUL-terminated) and keeps the group
 * for AGENT_TOKEN ("PlugboardAssist"), or the "*" group when none names it. */
PbRobots *pb_robots_new_from_text   (const char *text,
                                     gsize       length,
                                     const char *agent_token);
/* A robots.txt that allows everything (missing file, 404). */
PbRobots *pb_robots_new_allow_all   (void);
/* A robots.txt that forbids everything (401/403, as Google treats them: "do not crawl"). */
PbRobots *pb_robots_new_deny_all    (void);
void      pb_robots_free            (PbRobots   *self);

/* PATH is the URL's path plus "?query" if any. Longest matching Allow/Disallow wins; on a
 * tie Allow wins. Patterns know "*" and a trailing "$". */
gboolean  pb_robots_is_allowed      (PbRobots   *self,
                                     const char *path);
/* Crawl-delay in milliseconds (0 when none). */
guint     pb_robots_get_crawl_delay (PbRobots   *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PbRobots, pb_robots_free)

G_END_DECLS
