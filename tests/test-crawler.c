/* test-crawler.c: PbCrawler against real HTTP servers (SoupServer) on 127.0.0.1 only
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <errno.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>

#include <libsoup/soup.h>
#include <zlib.h>

#include "pb-crawler.h"
#include "pb-error.h"
#include "pb-test-util.h"

/* --- a small test site ------------------------------------------------------------------- */

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

static void
response_free (gpointer data)
{
  Response *r = data;

  g_free (r->content_type);
  g_clear_pointer (&r->body, g_bytes_unref);
  g_free (r->location);
  g_free (r->encoding);
  g_free (r);
}

static char *
request_key (const char *path,
             GUri       *uri)
{
  const char *query = g_uri_get_query (uri);

  return query != NULL ? g_strconcat (path, "?", query, NULL) : g_strdup (path);
}

static gboolean
socket_alive (GSocket *socket)
{
  char c;
  ssize_t r;

  if (g_socket_is_closed (socket))
    return FALSE;
  r = recv (g_socket_get_fd (socket), &c, 1, MSG_PEEK | MSG_DONTWAIT);
  return !(r == 0 || (r < 0 && errno != EAGAIN && errno != EWOULDBLOCK));
}

static void
socket_gone (gpointer  data,
             GObject  *where_the_object_was)
{
  g_hash_table_remove (((TestServer *) data)->sockets, where_the_object_was);
}

static void
on_finished (SoupServerMessage *msg,
             TestServer        *ts)
{
  ts->active--;
}

static void
on_disconnected (SoupServerMessage *msg)
{
  g_object_set_data (G_OBJECT (msg), "gone", GINT_TO_POINTER (1));
}

static void
on_request_started (SoupServer        *server,
                    SoupServerMessage *msg,
                    TestServer        *ts)
{
  GSocket *socket = soup_server_message_get_socket (msg);
  GHashTableIter iter;
  gpointer key;

  /* Count the connections that are open right now (closed ones drop out). */
  g_hash_table_iter_init (&iter, ts->sockets);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (!socket_alive (key))
      {
        g_object_weak_unref (key, socket_gone, ts);
        g_hash_table_iter_remove (&iter);
      }
  if (socket != NULL && g_hash_table_add (ts->sockets, socket))
    g_object_weak_ref (G_OBJECT (socket), socket_gone, ts);
  ts->peak_sockets = MAX (ts->peak_sockets, g_hash_table_size (ts->sockets));

  ts->active++;
  ts->peak_active = MAX (ts->peak_active, ts->active);
  g_signal_connect (msg, "finished", G_CALLBACK (on_finished), ts);
  g_signal_connect (msg, "disconnected", G_CALLBACK (on_disconnected), NULL);
}

static gboolean
unpause_cb (gpointer data)
{
  /* The client may have hung up meanwhile (cancel, limits): then there is nothing to send. */
  if (g_object_get_data (data, "gone") == NULL)
    soup_server_message_unpause (data);
  g_object_unref (data);
  return G_SOURCE_REMOVE;
}

static void
server_cb (SoupServer        *server,
           SoupServerMessage *msg,
           const char        *path,
           GHashTable        *query,
           gpointer           user_data)
{
  TestServer *ts = user_data;
  g_autofree char *key = request_key (path, soup_server_message_get_uri (msg));
  SoupMessageHeaders *req = soup_server_message_get_request_headers (msg);
  SoupMessageHeaders *resp = soup_server_message_get_response_headers (msg);
  Response *r = g_hash_table_lookup (ts->routes, key);

  if (r == NULL)
    r = g_hash_table_lookup (ts->routes, path);
  g_hash_table_insert (ts->hits, g_strdup (key),
                       GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (ts->hits, key)) + 1));
  g_ptr_array_add (ts->user_agents, g_strdup (soup_message_headers_get_one (req, "User-Agent")));
  g_ptr_array_add (ts->accept_encodings, g_strdup (soup_message_headers_get_one (req, "Accept-Encoding")));

  if (r == NULL)
    {
      soup_server_message_set_status (msg, 404, NULL);
      soup_server_message_set_response (msg, "text/plain", SOUP_MEMORY_STATIC, "not found", 9);
      return;
    }
  if (r->hang)
    {
      soup_server_message_pause (msg);
      g_ptr_array_add (ts->paused, g_object_ref (msg));
      return;
    }
  soup_server_message_set_status (msg, r->status, NULL);
  if (r->location != NULL)
    soup_message_headers_replace (resp, "Location", r->location);
  if (r->encoding != NULL)
    soup_message_headers_replace (resp, "Content-Encoding", r->encoding);
  if (r->body != NULL)
    {
      gsize len;
      const char *data = g_bytes_get_data (r->body, &len);
      soup_server_message_set_response (msg, r->content_type, SOUP_MEMORY_COPY, data, len);
    }
  if (ts->delay_ms > 0)
    {
      soup_server_message_pause (msg);
      g_timeout_add (ts->delay_ms, unpause_cb, g_object_ref (msg));
    }
}

static TestServer *
test_server_new (void)
{
  TestServer *ts = g_new0 (TestServer, 1);
  g_autoptr (GError) error = NULL;
  g_autoptr (GSList) uris = NULL;
  g_autoptr (GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr (GSocketAddress) address = g_inet_socket_address_new (loopback, 0);

  ts->server = soup_server_new (NULL, NULL);
  ts->routes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, response_free);
  ts->hits = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  ts->user_agents = g_ptr_array_new_with_free_func (g_free);
  ts->accept_encodings = g_ptr_array_new_with_free_func (g_free);
  ts->sockets = g_hash_table_new (NULL, NULL);
  ts->paused = g_ptr_array_new_with_free_func (g_object_unref);
  soup_server_add_handler (ts->server, NULL, server_cb, ts, NULL);
  g_signal_connect (ts->server, "request-started", G_CALLBACK (on_request_started), ts);
  soup_server_listen (ts->server, address, 0, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (ts->server);
  {
    g_autofree char *s = g_uri_to_string (uris->data);
    ts->base = g_strndup (s, strlen (s) - 1);   /* no trailing slash */
  }
  g_slist_free_full (g_steal_pointer (&uris), (GDestroyNotify) g_uri_unref);
  return ts;
}

static void
test_server_free (TestServer *ts)
{
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, ts->sockets);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_object_weak_unref (key, socket_gone, ts);
  soup_server_disconnect (ts->server);
  g_object_unref (ts->server);
  g_hash_table_unref (ts->routes);
  g_hash_table_unref (ts->hits);
  g_hash_table_unref (ts->sockets);
  g_ptr_array_unref (ts->user_agents);
  g_ptr_array_unref (ts->accept_encodings);
  g_ptr_array_unref (ts->paused);
  g_free (ts->base);
  g_free (ts);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TestServer, test_server_free)

static Response *
route (TestServer *ts,
       const char *path,
       guint       status,
       const char *content_type,
       GBytes     *body)
{
  Response *r = g_new0 (Response, 1);

  r->status = status;
  r->content_type = g_strdup (content_type);
  r->body = body;
  g_hash_table_replace (ts->routes, g_strdup (path), r);
  return r;
}

static void
page (TestServer *ts,
      const char *path,
      const char *html)
{
  route (ts, path, 200, "text/html; charset=utf-8", g_bytes_new (html, strlen (html)));
}

static void
redirect (TestServer *ts,
          const char *path,
          const char *location)
{
  route (ts, path, 302, NULL, NULL)->location = g_strdup (location);
}

static GBytes *
fixture (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "crawler", name, NULL);
  g_autoptr (GError) error = NULL;
  char *data = NULL;
  gsize length = 0;

  g_file_get_contents (path, &data, &length, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (data, length);
}

static guint
hits (TestServer *ts,
      const char *key)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (ts->hits, key));
}

static guint
total_hits (TestServer *ts)
{
  GHashTableIter iter;
  gpointer value;
  guint n = 0;

  g_hash_table_iter_init (&iter, ts->hits);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    n += GPOINTER_TO_UINT (value);
  return n;
}

/* --- running a crawl ------------------------------------------------------------------------ */

static void
got_result (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static gboolean
crawl (PbCrawler    *crawler,
       const char   *url,
       GCancellable *cancellable,
       GError      **error)
{
  g_autoptr (GAsyncResult) result = NULL;

  pb_crawler_crawl_async (crawler, url, cancellable, got_result, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return pb_crawler_crawl_finish (crawler, result, error);
}

static char *
url_of (TestServer *ts,
        const char *path)
{
  return g_strconcat (ts->base, path, NULL);
}

static const PbCrawlPage *
find_page (PbCrawler  *crawler,
           const char *uri)
{
  GPtrArray *pages = pb_crawler_get_pages (crawler);

  for (guint i = 0; i < pages->len; i++)
    {
      const PbCrawlPage *p = g_ptr_array_index (pages, i);
      if (strcmp (p->uri, uri) == 0)
        return p;
    }
  return NULL;
}

static GBytes *
gzip_bytes (const char *data,
            gsize       length)
{
  z_stream z = { 0 };
  guint8 *out = g_malloc (compressBound (length) + 64);

  g_assert_cmpint (deflateInit2 (&z, 9, Z_DEFLATED, 31, 9, Z_DEFAULT_STRATEGY), ==, Z_OK);
  z.next_in = (Bytef *) data;
  z.avail_in = length;
  z.next_out = out;
  z.avail_out = compressBound (length) + 64;
  g_assert_cmpint (deflate (&z, Z_FINISH), ==, Z_STREAM_END);
  deflateEnd (&z);
  return g_bytes_new_take (out, z.total_out);
}

/* --- tests ---------------------------------------------------------------------------------- */

static void
test_basic (void)
{
  g_autoptr (TestServer) ts = test_server_new ();
  g_autoptr (PbCrawler) crawler = pb_crawler_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *start = url_of (ts, "/");
  const char *compressed = "<html><body><a href='/docs/api.html'>API</a></body></html>";
  Response *gz;

  page (ts, "/", "<html><body><a href='docs/intro.html'>Intro</a> <a href='docs/intro.html#x'>again</a>"
                 "<a href='/docs/guide/'>Guide</a><link rel=stylesheet href='static/app.css'>"
                 "<a href='static/app.css'>css</a><a href='https://elsewhere.invalid/'>off</a>"
                 "<a href='mailto:docs@example.com'>mail</a></body></html>");
  page (ts, "/docs/intro.html", "<a href='../docs/guide/'>g</a><a href='./gz.html'>gz</a><a href='/'>home</a>");
  page (ts, "/docs/guide/", "<a href='../intro.html?lang=en'>en</a><a href='/docs/api.html'>api</a>");
  page (ts, "/docs/intro.html?lang=en", "<p>English</p>");
  page (ts, "/docs/api.html", "<p>Reference</p>");
  gz = route (ts, "/docs/gz.html", 200, "text/html", gzip_bytes (compressed, strlen (compressed)));
  gz->encoding = g_strdup ("gzip");
  route (ts, "/static/app.css", 200, "text/css", g_bytes_new_static ("body{}", 6));

  g_assert_true (crawl (crawler, start, NULL, &error));
  g_assert_no_error (error);
  g_assert_null (pb_crawler_get_spec (crawler));
  g_assert_cmpint (pb_crawler_get_stop_reason (crawler), ==, PB_CRAWL_STOP_COMPLETE);
  g_assert_cmpuint (pb_crawler_get_pages_fetched (crawler), ==, 6);
  g_assert_cmpuint (pb_crawler_get_pages (crawler)->len, ==, 6);
  g_assert_cmpuint (hits (ts, "/"), ==, 1);
  g_assert_cmpuint (hits (ts, "/docs/intro.html"), ==, 1);
  g_assert_cmpuint (hits (ts, "/docs/intro.html?lang=en"), ==, 1);
  g_assert_cmpuint (hits (ts, "/docs/guide/"), ==, 1);
  g_assert_cmpuint (hits (ts, "/docs/api.html"), ==, 1);   /* linked twice, once from a gzip page */
  g_assert_cmpuint (hits (ts, "/docs/gz.html"), ==, 1);
  g_assert_cmpuint (hits (ts, "/robots.txt"), ==, 1);
  g_assert_cmpuint (hits (ts, "/static/app.css"), ==, 0);
  g_assert_cmpuint (hits (ts, "/openapi.json"), ==, 1);    /* well-known paths were tried once */

  for (guint i = 0; i < ts->user_agents->len; i++)
    g_assert_true (g_str_has_prefix (g_ptr_array_index (ts->user_agents, i), "PlugboardAssist/"));
  for (guint i = 0; i < ts->accept_encodings->len; i++)
    g_assert_nonnull (strstr (g_ptr_array_index (ts->accept_encodings, i), "gzip"));
  {
    g_autofree char *u = url_of (ts, "/docs/intro.html");
    const PbCrawlPage *p = find_page (crawler, u);
    g_assert_nonnull (p);
    g_assert_cmpuint (p->depth, ==, 1);
    g_assert_cmpuint (p->status, ==, 200);
    g_assert_nonnull (strstr (g_bytes_get_data (p->html, NULL), "../docs/guide/"));
  }
}

static void
add_chain (TestServer *ts,
           guint       n,
           gsize       pad)
{
  g_autofree char *padding = g_strnfill (pad, 'x');

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *path = g_strdup_printf ("/p%u.html", i);
      g_autofree char *html = g_strdup_printf ("<a href='/p%u.html'>next</a><p>%s</p>", i + 1, padding);
      page (ts, path, html);
    }
}

static void
test_limit_pages (void)
{
  g_autoptr (TestServer) ts = test_server_new ();
  g_autoptr (PbCrawler) crawler = g_object_new (PB_TYPE_CRAWLER, "max-pages", 5, NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (GString) index = g_string_new (NULL);
  g_autofree char *start = url_of (ts, "/");
  guint page_hits = 0;

  for (guint i = 0; i < 30; i++)
    g_string_append_printf (index, "<a href='/p%u.html'>%u</a>", i, i);
  page (ts, "/", index->str);
  add_chain (ts, 30, 10);

  g_assert_true (crawl (crawler, start, NULL, &error));
  g_assert_cmpint (pb_crawler_get_stop_reason (crawler), ==, PB_CRAWL_STOP_MAX_PAGES);
  g_assert_cmpuint (pb_crawler_get_pages_fetched (crawler), ==, 5);
  for (guint i = 0; i < 30; i++)
    {
      g_autofree char *key = g_strdup_printf ("/p%u.html", i);
      page_hits += hits (ts, key);
    }
  g_assert_cmpuint (page_hits, ==, 4);
}

static void
test_limit_depth (void)
{
  g_autoptr (TestServer) ts = test_server_new ();
  g_autoptr (PbCrawler) crawler = g_object_new (PB_TYPE_CRAWLER, "max-depth", 3, NULL);
  g_autoptr (GError) error = NULL;
  g_autofree char *start = url_of (ts, "/p0.html");

  add_chain (ts, 10, 10);
  g_assert_true (crawl (crawler, start, NULL, &error));
  g_assert_cmpint (pb_crawler_get_stop_reason (crawler), ==, PB_CRAWL_STOP_COMPLETE);
  g_assert_cmpuint (hits (ts, "/p3.html"), ==, 1);
  g_assert_cmpuint (hits (ts, "/p4.html"), ==, 0);
  g_assert_cmpuint (pb_crawler_get_pages_fetched (crawler), ==, 4);
}

static void
test_limit_bytes (void)
{
  g_autoptr (TestServer) ts = test_server_new ();
  g_autoptr (PbCrawler) crawler = g_object_new (PB_TYPE_CRAWLER, "max-total-bytes", (guint64) 64 * 1024,
                                                "max-connections", 1, NULL);
  g_autoptr (GError) error = NULL;
  g_autofree char *start = url_of (ts, "/p0.html");

  add_chain (ts, 20, 20 * 1024);
  g_assert_true (crawl (crawler, start, NULL, &error));
  g_assert_cmpint (pb_crawler_get_stop_reason (crawler), ==, PB_CRAWL_STOP_MAX_BYTES);
  g_assert_cmpuint (pb_crawler_get_pages_fetched (crawler), <, 6);
  g_assert_cmpuint (pb_crawler_get_bytes (crawler), <, 100 * 1024);
  g_assert_cmpuint (hits (ts, "/p10.html"), ==, 0);
}

static void
test_limit_time (void)
{
  g_autoptr (TestServer) ts = test_server_new ();
  g_autoptr (PbCrawler) crawler = g_object_new (PB_TYPE_CRAWLER, "max-seconds", 1, NULL);
  g_autoptr (GError) error = NULL;
  g_autofree char *start = url_of (ts, "/");

  page (ts, "/", "<a href='/hang1.html'>1</a><a href='/hang2.html'>2</a>");
  route (ts, "/hang1.html", 200, "text/html", NULL)->hang = TRUE;
  route (ts, "/hang2.html", 200, "text/html", NULL)->hang = TRUE;

  /* The limit ends the crawl with what was read, not with an error. */
  g_assert_true (crawl (crawler, start, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (pb_crawler_get_stop_reason (crawler), ==, PB_CRAWL_STOP_MAX_TIME);
  g_assert_cmpuint (pb_crawler_get_pages (crawler)->len, ==, 1);
  g_assert_cmpuint (hits (ts, "/hang1.html"), ==, 1);
}

static void
test_robots (void)
{
  g_autoptr (TestServer) ts = test_server_new ();
  g_autoptr (PbCrawler) crawler = pb_crawler_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *start = url_of (ts, "/");
  g_autofree char *private_url = url_of (ts, "/private/x.html");
  const char *robots = "User-agent: *\nDisallow: /private/\nAllow: /private/ok.html\n\n"
                       "User-agent: PlugboardAssist\nDisallow: /private/\nAllow: /private/ok.html\n"
                       "Disallow: /drafts\nDisallow: /openapi\n";

  route (ts, "/robots.txt", 200, "text/plain", g_bytes_new (robots, strlen (robots)));
  page (ts, "/", "<a href='/private/x.html'>x</a><a href='/private/ok.html'>ok</a>"
                 "<a href='/drafts/a.html'>d</a><a href='/public.html'>p</a>");
  page (ts, "/private/x.html", "secret");
  page (ts, "/private/ok.html", "ok");
  page (ts, "/drafts/a.html", "draft");
  page (ts, "/public.html", "public");

  g_assert_true (crawl (crawler, start, NULL, &error));
  g_assert_cmpuint (hits (ts, "/private/x.html"), ==, 0);
  g_assert_cmpuint (hits (ts, "/drafts/a.html"), ==, 0);
  g_assert_cmpuint (hits (ts, "/openapi.json"), ==, 0);   /* probes obey robots.txt too */
  g_assert_cmpuint (hits (ts, "/private/ok.html"), ==, 1);
  g_assert_cmpuint (hits (ts, "/public.html"), ==, 1);
  g_assert_cmpuint (hits (ts, "/robots.txt"), ==, 1);

  /* A start page robots.txt forbids is refused with a clear error. */
  g_assert_false (crawl (crawler, private_url, NULL, &error));
  g_assert_error (error, PB_ERROR, PB_ERROR_NOTHING_FOUND);
  g_assert_nonnull (strstr (error->message, "robots.txt"));
  g_assert_cmpuint (hits (ts, "/private/x.html"), ==, 0);
}

static void
test_robots_crawl_delay (void)
{
  g_autoptr (TestServer) ts = test_server_new ();
  g_autoptr (PbCrawler) crawler = pb_crawler_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *start = url_of (ts, "/");
  g_autoptr (GString) index = g_string_new (NULL);
  const char *robots = "User-agent: *\nCrawl-delay: 0.02\n";

  route (ts, "/robots.txt", 200, "text/plain", g_bytes_new (robots, strlen (robots)));
  for (guint i = 0; i < 6; i++)
    g_string_append_printf (index, "<a href='/p%u.html'>%u</a>", i, i);
  page (ts, "/", index->str);
  add_chain (ts, 6, 10);
  ts->delay_ms = 5;

  g_assert_true (crawl (crawler, start, NULL, &error));
  g_assert_cmpuint (pb_crawler_get_pages_fetched (crawler), ==, 7);
  g_assert_cmpuint (ts->peak_active, ==, 1);   /* a crawl delay means one request at a time */
}

static void
test_redirects (void)
{
  g_autoptr (TestServer) ts = test_server_new ();
  g_autoptr (TestServer) other = test_server_new ();
  g_autoptr (PbCrawler) crawler = pb_crawler_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *start = url_of (ts, "/");
  g_autofree char *offsite = url_of (other, "/page.html");
  g_autofree char *loop = url_of (ts, "/a");
  g_autofree char *jump = url_of (ts, "/jump");
  g_autofree char *chain = url_of (ts, "/r0");

  page (ts, "/", "<a href='/old'>old</a><a href='/go-away'>away</a><a href='/a'>loop</a>");
  redirect (ts, "/old", "/new.html");
  page (ts, "/new.html", "<p>moved here</p>");
  redirect (ts, "/go-away", offsite);
  redirect (ts, "/jump", offsite);
  redirect (ts, "/a", "/b");
  redirect (ts, "/b", "/a");
  for (guint i = 0; i < 20; i++)
    {
      g_autofree char *from = g_strdup_printf ("/r%u", i);
      g_autofree char *to = g_strdup_printf ("/r%u", i + 1);
      redirect (ts, from, to);
    }
  page (other, "/page.html", "elsewhere");

  g_assert_true (crawl (crawler, start, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (hits (ts, "/new.html"), ==, 1);
  g_assert_cmpuint (hits (ts, "/a"), ==, 1);
  g_assert_cmpuint (hits (ts, "/b"), ==, 1);
  g_assert_cmpuint (total_hits (other), ==, 0);
  g_assert_cmpuint (pb_crawler_get_pages_fetched (crawler), ==, 2);

  g_assert_false (crawl (crawler, loop, NULL, &error));
  g_assert_error (error, PB_ERROR, PB_ERROR_HTTP_STATUS);
  g_assert_nonnull (strstr (error->message, "loop"));
  g_clear_error (&error);

  g_assert_false (crawl (crawler, jump, NULL, &error));
  g_assert_error (error, PB_ERROR, PB_ERROR_HTTP_STATUS);
  g_assert_nonnull (strstr (error->message, "another site"));
  g_assert_cmpuint (total_hits (other), ==, 0);
  g_clear_error (&error);

  g_assert_false (crawl (crawler, chain, NULL, &error));
  g_assert_error (error, PB_ERROR, PB_ERROR_HTTP_STATUS);
  g_assert_cmpuint (hits (ts, "/r10"), ==, 1);
  g_assert_cmpuint (hits (ts, "/r11"), ==, 0);
}

static void
test_http_errors (void)
{
  g_autoptr (TestServer) ts = test_server_new ();
  g_autoptr (PbCrawler) crawler = pb_crawler_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *missing = url_of (ts, "/missing.html");
  const char *bad[] = { "not a url", "ftp://example.com/", "http://", "/relative/path", "",
                        "http://exa mple.com/", "http://a_b%00c/", "https://[::1/" };

  g_assert_false (crawl (crawler, missing, NULL, &error));
  g_assert_error (error, PB_ERROR, PB_ERROR_HTTP_STATUS);
  g_assert_nonnull (strstr (error->message, "404"));
  g_clear_error (&error);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_assert_false (crawl (crawler, bad[i], NULL, &error));
      g_assert_error (error, PB_ERROR, PB_ERROR_INVALID_URL);
      g_clear_error (&error);
    }
}

static void
test_slow_server (void)
{
  g_autoptr (TestServer) ts = test_server_new ();
  g_autoptr (PbCrawler) crawler = g_object_new (PB_TYPE_CRAWLER, "io-timeout", 1, NULL);
  g_autoptr (GError) error = NULL;
  g_autofree char *start = url_of (ts, "/");

  route (ts, "/", 200, "text/html", NULL)->hang = TRUE;
  g_assert_false (crawl (crawler, start, NULL, &error));
  g_assert_error (error, PB_ERROR, PB_ERROR_NETWORK);
  g_assert_nonnull (strstr (error->message, "in time"));
}

static gboolean
close_at_once (GSocketService     *service,
               GSocketConnection  *connection,
               GObject            *source,
               gpointer            user_data)
{
  (*(guint *) user_data)++;
  g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
  return TRUE;
}

static void
test_closed_connection (void)
{
  g_autoptr (GSocketService) service = g_socket_service_new ();
  g_autoptr (PbCrawler) crawler = pb_crawler_new ();
  g_autoptr (GError) error = NULL;
  g_autoptr (GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr (GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr (GSocketAddress) bound = NULL;
  g_autofree char *url = NULL;
  g_autofree char *refused = NULL;
  guint accepted = 0;
  guint16 port;

  g_socket_listener_add_address (G_SOCKET_LISTENER (service), any, G_SOCKET_TYPE_STREAM,
                                 G_SOCKET_PROTOCOL_TCP, NULL, &bound, &error);
  g_assert_no_error (error);
  port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  g_signal_connect (service, "incoming", G_CALLBACK (close_at_once), &accepted);
  g_socket_service_start (service);

  url = g_strdup_printf ("http://127.0.0.1:%u/docs/", port);
  g_assert_false (crawl (crawler, url, NULL, &error));
  g_assert_error (error, PB_ERROR, PB_ERROR_NETWORK);
  g_assert_cmpuint (accepted, >=, 1);
  g_clear_error (&error);

  /* Nothing listening at all: refused. */
  g_socket_service_stop (service);
  g_socket_listener_close (G_SOCKET_LISTENER (service));
  refused = g_strdup_printf ("http://127.0.0.1:%u/", port);
  g_assert_false (crawl (crawler, refused, NULL, &error));
  g_assert_error (error, PB_ERROR, PB_ERROR_NETWORK);
  g_assert_nonnull (strstr (error->message, "refused"));
}

static void
test_huge_page (void)
{
  g_autoptr (TestServer) ts = test_server_new ();
  g_autoptr (PbCrawler) crawler = g_object_new (PB_TYPE_CRAWLER, "max-page-bytes", (guint64) 256 * 1024, NULL);
  g_autoptr (GError) error = NULL;
  g_autofree char *start = url_of (ts, "/huge.html");
  g_autoptr (GString) huge = g_string_new ("<html><body><a href='/early.html'>early</a>");
  const PbCrawlPage *p;

  while (huge->len < 10 * 1024 * 1024)
    g_string_append (huge, "<p>Lorem ipsum dolor sit amet, consectetur adipiscing elit.</p>\n");
  g_string_append (huge, "<a href='/late.html'>late</a></body></html>");
  route (ts, "/huge.html", 200, "text/html", g_bytes_new (huge->str, huge->len));
  page (ts, "/early.html", "early");
  page (ts, "/late.html", "late");

  g_assert_true (crawl (crawler, start, NULL, &error));
  p = find_page (crawler, start);
  g_assert_nonnull (p);
  g_assert_true (p->truncated);
  g_assert_cmpuint (g_bytes_get_size (p->html), <=, 256 * 1024);
  g_assert_cmpuint (hits (ts, "/early.html"), ==, 1);
  g_assert_cmpuint (hits (ts, "/late.html"), ==, 0);
  g_assert_cmpuint (pb_crawler_get_bytes (crawler), <, 2 * 1024 * 1024);
}

/* A gzip body of about 4 MB that inflates to 4 GiB of zeros: one deflate block for 1 MiB of
 * zeros, repeated (a full flush makes every block the same bytes). */
static GBytes *
zip_bomb (void)
{
  const gsize mib = 1024 * 1024;
  g_autofree guint8 *zeros = g_malloc0 (mib);
  guint8 *out = g_malloc (2 * mib);
  GByteArray *body = g_byte_array_new ();
  z_stream z = { 0 };
  gsize first, block;

  g_assert_cmpint (deflateInit2 (&z, 9, Z_DEFLATED, 31, 9, Z_DEFAULT_STRATEGY), ==, Z_OK);
  z.next_in = zeros; z.avail_in = mib; z.next_out = out; z.avail_out = 2 * mib;
  g_assert_cmpint (deflate (&z, Z_FULL_FLUSH), ==, Z_OK);
  first = z.total_out;
  g_byte_array_append (body, out, first);
  z.next_in = zeros; z.avail_in = mib; z.next_out = out; z.avail_out = 2 * mib;
  g_assert_cmpint (deflate (&z, Z_FULL_FLUSH), ==, Z_OK);
  block = z.total_out - first;
  deflateEnd (&z);
  for (guint i = 1; i < 4096; i++)
    g_byte_array_append (body, out, block);
  g_free (out);
  g_assert_cmpuint (body->len, <, 8 * mib);
  return g_byte_array_free_to_bytes (body);
}

static void
test_zip_bomb (void)
{
  g_autoptr (TestServer) ts = test_server_new ();
  g_autoptr (PbCrawler) crawler = g_object_new (PB_TYPE_CRAWLER, "max-page-bytes", (guint64) 1024 * 1024, NULL);
  g_autoptr (GError) error = NULL;
  g_autofree char *start = url_of (ts, "/bomb.html");
  const PbCrawlPage *p;
  struct rusage usage;

  route (ts, "/bomb.html", 200, "text/html", zip_bomb ())->encoding = g_strdup ("gzip");
  g_assert_true (crawl (crawler, start, NULL, &error));
  g_assert_no_error (error);
  p = find_page (crawler, start);
  g_assert_nonnull (p);
  g_assert_true (p->truncated);
  g_assert_cmpuint (g_bytes_get_size (p->html), <=, 1024 * 1024);
  g_assert_cmpuint (pb_crawler_get_bytes (crawler), <, 4 * 1024 * 1024);
  /* Bounded memory: nowhere near the 4 GiB the body inflates to. */
  getrusage (RUSAGE_SELF, &usage);
  g_assert_cmpint (usage.ru_maxrss, <, 300 * 1024);
}

static void
test_charsets (void)
{
  g_autoptr (TestServer) ts = test_server_new ();
  g_autoptr (PbCrawler) crawler = pb_crawler_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *start = url_of (ts, "/");
  g_autofree char *latin = url_of (ts, "/latin.html");
  g_autofree char *ja = url_of (ts, "/ja/");
  const PbCrawlPage *p;

  page (ts, "/", "<a href='latin.html'>fr</a><a href='/ja/'>ja</a>");
  route (ts, "/latin.html", 200, "text/html; charset=ISO-8859-1", fixture ("latin1.html"));
  route (ts, "/ja/", 200, "text/html", fixture ("shift-jis.html"));
  page (ts, "/next.html", "suite");
  page (ts, "/ja/next.html", "next");

  g_assert_true (crawl (crawler, start, NULL, &error));
  p = find_page (crawler, latin);
  g_assert_nonnull (p);
  g_assert_nonnull (strstr (g_bytes_get_data (p->html, NULL), "Le café coûte"));
  p = find_page (crawler, ja);
  g_assert_nonnull (p);
  g_assert_nonnull (strstr (g_bytes_get_data (p->html, NULL), "日本語のドキュメント"));
  g_assert_cmpuint (hits (ts, "/next.html"), ==, 1);
  g_assert_cmpuint (hits (ts, "/ja/next.html"), ==, 1);
}

static void
spec_case (const char  *start_path,
           const char  *start_fixture,
           const char  *spec_path,
           const char  *spec_fixture,
           const char  *spec_type,
           const char  *expected_version)
{
  g_autoptr (TestServer) ts = test_server_new ();
  g_autoptr (PbCrawler) crawler = pb_crawler_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *start = url_of (ts, start_path);
  g_autofree char *spec_url = url_of (ts, spec_path);
  PbSpecDocument *spec;

  if (start_fixture != NULL)
    route (ts, start_path, 200, "text/html", fixture (start_fixture));
  route (ts, spec_path, 200, spec_type, fixture (spec_fixture));
  route (ts, "/config/swagger-config.json", 200, "application/json", fixture ("swagger-config.json"));
  page (ts, "/unrelated.html", "<p>not linked from anywhere</p>");

  g_assert_true (crawl (crawler, start, NULL, &error));
  g_assert_no_error (error);
  spec = pb_crawler_get_spec (crawler);
  g_assert_nonnull (spec);
  g_assert_cmpstr (pb_spec_document_get_uri (spec), ==, spec_url);
  g_assert_cmpstr (pb_spec_document_get_version (spec), ==, expected_version);
  g_assert_cmpint (pb_crawler_get_stop_reason (crawler), ==, PB_CRAWL_STOP_SPEC_FOUND);
  g_assert_cmpuint (hits (ts, spec_path), ==, 1);
}

static void
test_spec_redoc (void)
{
  spec_case ("/docs/", "redoc.html", "/docs/specs/petstore.json", "petstore.json", "application/json", "3.0.3");
  spec_case ("/reference", "redoc-init.html", "/static/openapi/petstore.json", "petstore.json",
             "application/octet-stream", "3.0.3");
}

static void
test_spec_swagger_ui (void)
{
  spec_case ("/ui/", "swagger-ui.html", "/api/v2/swagger.json", "swagger2.json", "application/json", "2.0");
  spec_case ("/ui/", "swagger-ui-config.html", "/specs/orders.json", "swagger2.json", "application/json", "2.0");
}

static void
test_spec_links (void)
{
  spec_case ("/", "link-alternate.html", "/downloads/api-description", "petstore.json",
             "application/vnd.oai.openapi+json", "3.0.3");
  /* Nothing links to it, but it sits at a well-known path. */
  spec_case ("/", "latin1.html", "/openapi.json", "petstore.json", "application/json", "3.0.3");
  /* The start URL is the spec itself. */
  spec_case ("/files/petstore.json", NULL, "/files/petstore.json", "petstore.json", "application/json", "3.0.3");
}

static void
test_spec_elsewhere (void)
{
  g_autoptr (TestServer) docs = test_server_new ();
  g_autoptr (TestServer) api = test_server_new ();
  g_autoptr (PbCrawler) crawler = pb_crawler_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *start = url_of (docs, "/");
  g_autofree char *spec_url = url_of (api, "/v1/openapi.json");
  g_autofree char *other = url_of (api, "/v1/other.html");
  g_autofree char *html = g_strdup_printf ("<redoc spec-url='%s'></redoc><a href='%s'>raw</a>", spec_url, other);

  page (docs, "/", html);
  route (api, "/v1/openapi.json", 200, "application/json", fixture ("petstore.json"));
  page (api, "/v1/other.html", "not to be crawled");

  /* A spec the docs name explicitly may live on another host; pages there are not crawled,
   * and no well-known path is guessed there. */
  g_assert_true (crawl (crawler, start, NULL, &error));
  g_assert_nonnull (pb_crawler_get_spec (crawler));
  g_assert_cmpstr (pb_spec_document_get_uri (pb_crawler_get_spec (crawler)), ==, spec_url);
  g_assert_cmpuint (hits (api, "/v1/other.html"), ==, 0);
  g_assert_cmpuint (hits (api, "/openapi.json"), ==, 0);
  g_assert_cmpuint (hits (api, "/v1/openapi.json"), ==, 1);
}

static void
test_json_not_spec (void)
{
  g_autoptr (TestServer) ts = test_server_new ();
  g_autoptr (PbCrawler) crawler = pb_crawler_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *start = url_of (ts, "/");

  page (ts, "/", "<a href='/data/settings.json'>settings</a><a href='/next.html'>next</a>");
  route (ts, "/data/settings.json", 200, "application/json", g_bytes_new_static ("{\"theme\":\"dark\"}", 16));
  route (ts, "/openapi.json", 200, "text/html", g_bytes_new_static ("<html>SPA fallback</html>", 25));
  page (ts, "/next.html", "next");

  g_assert_true (crawl (crawler, start, NULL, &error));
  g_assert_null (pb_crawler_get_spec (crawler));
  g_assert_cmpint (pb_crawler_get_stop_reason (crawler), ==, PB_CRAWL_STOP_COMPLETE);
  g_assert_cmpuint (hits (ts, "/data/settings.json"), ==, 1);
  g_assert_cmpuint (hits (ts, "/next.html"), ==, 1);
  g_assert_cmpuint (pb_crawler_get_pages_fetched (crawler), ==, 2);
}

typedef struct {
  GCancellable *cancellable;
  guint         calls;
  guint         last_fetched;
  guint64       last_bytes;
} ProgressData;

static void
on_progress (PbCrawler    *crawler,
             guint         fetched,
             guint         queued,
             guint64       bytes,
             ProgressData *data)
{
  g_assert_cmpuint (fetched, >=, data->last_fetched);
  g_assert_cmpuint (bytes, >=, data->last_bytes);
  data->calls++;
  data->last_fetched = fetched;
  data->last_bytes = bytes;
  if (fetched >= 3 && data->cancellable != NULL)
    g_cancellable_cancel (data->cancellable);
}

static void
add_wide_site (TestServer *ts,
               guint       n)
{
  g_autoptr (GString) index = g_string_new (NULL);

  for (guint i = 0; i < n; i++)
    g_string_append_printf (index, "<a href='/p%u.html'>%u</a>", i, i);
  page (ts, "/", index->str);
  add_chain (ts, n, 100);
}

static void
test_cancel (void)
{
  g_autoptr (TestServer) ts = test_server_new ();
  g_autoptr (PbCrawler) crawler = pb_crawler_new ();
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *start = url_of (ts, "/");
  ProgressData data = { cancellable, 0, 0, 0 };

  add_wide_site (ts, 40);
  ts->delay_ms = 20;
  g_signal_connect (crawler, "progress", G_CALLBACK (on_progress), &data);

  g_assert_false (crawl (crawler, start, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (data.calls, >, 0);
  g_assert_cmpuint (pb_crawler_get_pages_fetched (crawler), <, 40);
}

static void
test_connections (void)
{
  g_autoptr (TestServer) ts = test_server_new ();
  g_autoptr (PbCrawler) crawler = g_object_new (PB_TYPE_CRAWLER, "max-connections", 3, NULL);
  g_autoptr (GError) error = NULL;
  g_autofree char *start = url_of (ts, "/");
  ProgressData data = { NULL, 0, 0, 0 };

  add_wide_site (ts, 40);
  ts->delay_ms = 15;
  g_signal_connect (crawler, "progress", G_CALLBACK (on_progress), &data);

  g_assert_true (crawl (crawler, start, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (pb_crawler_get_pages_fetched (crawler), ==, 41);
  g_assert_cmpuint (data.last_fetched, ==, 41);
  g_assert_cmpuint (ts->peak_sockets, <=, 3);
  g_assert_cmpuint (ts->peak_active, <=, 3);
  g_assert_cmpuint (ts->peak_active, >=, 2);   /* and it did work in parallel */
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/crawler/basic", test_basic);
  g_test_add_func ("/crawler/limit/pages", test_limit_pages);
  g_test_add_func ("/crawler/limit/depth", test_limit_depth);
  g_test_add_func ("/crawler/limit/bytes", test_limit_bytes);
  g_test_add_func ("/crawler/limit/time", test_limit_time);
  g_test_add_func ("/crawler/robots", test_robots);
  g_test_add_func ("/crawler/robots/crawl-delay", test_robots_crawl_delay);
  g_test_add_func ("/crawler/redirects", test_redirects);
  g_test_add_func ("/crawler/http-errors", test_http_errors);
  g_test_add_func ("/crawler/slow-server", test_slow_server);
  g_test_add_func ("/crawler/closed-connection", test_closed_connection);
  g_test_add_func ("/crawler/huge-page", test_huge_page);
  g_test_add_func ("/crawler/zip-bomb", test_zip_bomb);
  g_test_add_func ("/crawler/charsets", test_charsets);
  g_test_add_func ("/crawler/spec/redoc", test_spec_redoc);
  g_test_add_func ("/crawler/spec/swagger-ui", test_spec_swagger_ui);
  g_test_add_func ("/crawler/spec/links-and-well-known", test_spec_links);
  g_test_add_func ("/crawler/spec/json-not-spec", test_json_not_spec);
  g_test_add_func ("/crawler/spec/elsewhere", test_spec_elsewhere);
  g_test_add_func ("/crawler/cancel", test_cancel);
  g_test_add_func ("/crawler/connections", test_connections);
  return g_test_run ();
}
