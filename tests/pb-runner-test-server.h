/* pb-runner-test-server.h: a loopback API for test reads, with every paginator kind and trap
 *
 * A SoupServer on 127.0.0.1 in its own thread (tests may block on the CLI). Items are
 * {"id", "name", "updated_at"}. When a key is expected (pb_runner_test_server_expect_key),
 * every path but /open/ needs it in X-Api-Key, "Authorization: Bearer KEY" or ?access=KEY,
 * else 401.
 *
 *   /cursor/items?cursor=C       25 items, 10 a page: {"items", "next_cursor" (null at the end)}
 *   /link/items?page=N           25 items; a Link header rel="next" with the full next URL
 *   /path/items?page=N           25 items: {"data", "next": full next URL or null}
 *   /offset/items?limit=L&offset=O   23 items, a top-level list
 *   /search/items                POST {"query": "all", "page": N}, X-Page-Size: S; 25 items:
 *                                {"hits"}
 *   /page/items?page=P&per_page=S    23 items, pages from 1: {"results"}
 *   /parents                     [{"id": 1}, {"id": 2}, {"id": 3}]
 *   /parents/ID/children         ID children: {"children"}
 *   /regions/R/items             eu: 2 items, us: 3 items: {"items"}
 *   /events?since=D&until=D      one event a day in [since, until] (YYYY-MM-DD): {"events"}
 *   /repeat/items                always next_cursor "again"            (pagination_repeats)
 *   /samebody/items?page=N       the same two items whatever the page   (pagination_repeats)
 *   /endless/items?cursor=N      always a next cursor (N + 1)         (pagination_limit_reached)
 *   /badcursor/items             updated_at "last tuesday"              (cursor_unparsable)
 *   /big/items                   a 64 KiB body                           (body_too_large)
 *   /html/items                  an HTML sign-in page, 200               (not_json)
 *   /nested/items                {"results": {"entries": [...]}}        (records_not_found)
 *   /mismatch/items              ids as strings and an extra field      (schema_mismatch)
 *   /ratelimit/items             429 Retry-After: 1 on the first call, then the items
 *   /slow/items                  answers after 5 seconds
 *   /bench/items?page=N          BENCH_PAGES pages of 100 items; {"data", "next_page"}
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _PbRunnerTestServer PbRunnerTestServer;

PbRunnerTestServer *pb_runner_test_server_new          (void);
void                pb_runner_test_server_free         (PbRunnerTestServer *self);
/* "http://127.0.0.1:PORT" */
const char         *pb_runner_test_server_get_base     (PbRunnerTestServer *self);
/* Requests must carry KEY (NULL: no key needed). */
void                pb_runner_test_server_expect_key   (PbRunnerTestServer *self,
                                                        const char         *key);
guint               pb_runner_test_server_get_n_requests (PbRunnerTestServer *self);
/* Every request's path and query, in order ("/page/items?page=2&per_page=10"). */
char              **pb_runner_test_server_dup_requests (PbRunnerTestServer *self);
/* Pages of /bench/items (default 1000). */
void                pb_runner_test_server_set_bench_pages (PbRunnerTestServer *self,
                                                           guint               pages);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PbRunnerTestServer, pb_runner_test_server_free)

G_END_DECLS
