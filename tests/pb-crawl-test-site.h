/* pb-crawl-test-site.h: a small web site on 127.0.0.1 (SoupServer) for the crawler tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libsoup/soup.h>

#include "pb-crawler.h"

G_BEGIN_DECLS

typedef struct {
  guint     status;
  char     *content_type;
  GBytes   *body;
  char     *location;
  char     *encoding;
  gboolean  hang;
} Response;

typedef struct {
  SoupServer *server;
  char       *base;
  GHashTable *routes;       /* path (+ "?query") → Response */
  GHashTable *hits;         /* path (+ "?query") → count */
  GPtrArray  *user_agents;
  GPtrArray  *accept_encodings;
  GHashTable *sockets;      /* open GSocket* seen by the server */
  guint       peak_sockets;
  guint       active;
  guint       peak_active;
  guint       delay_ms;
  GPtrArray  *paused;       /* hanging messages, answered at teardown */
} TestServer;

TestServer *test_server_new (void);
void test_server_free (TestServer *ts);
/* Serves BODY (taken) at PATH; the returned Response can be adjusted (headers, hang). */
Response *route (TestServer *ts,
                 const char *path,
                 guint       status,
                 const char *content_type,
                 GBytes     *body);
void page (TestServer *ts, const char *path, const char *html);
void redirect (TestServer *ts, const char *path, const char *location);
GBytes *fixture (const char *name);
guint hits (TestServer *ts, const char *key);
guint total_hits (TestServer *ts);
/* Runs one crawl on the default main context until it ends. */
gboolean crawl (PbCrawler    *crawler,
                const char   *url,
                GCancellable *cancellable,
                GError      **error);
char *url_of (TestServer *ts, const char *path);
const PbCrawlPage *find_page (PbCrawler *crawler, const char *uri);
GBytes *gzip_bytes (const char *data, gsize length);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TestServer, test_server_free)

G_END_DECLS
