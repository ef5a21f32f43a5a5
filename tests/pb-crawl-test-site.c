/* pb-crawl-test-site.c: a small web site on 127.0.0.1 (SoupServer) for the crawler tests, and
 * running a crawl against it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>
#include <sys/socket.h>

#include <zlib.h>

#include "pb-crawl-test-site.h"

/* --- a small test site ------------------------------------------------------------------- */

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

TestServer *
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

void
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


Response *
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

void
page (TestServer *ts,
      const char *path,
      const char *html)
{
  route (ts, path, 200, "text/html; charset=utf-8", g_bytes_new (html, strlen (html)));
}

void
redirect (TestServer *ts,
          const char *path,
          const char *location)
{
  route (ts, path, 302, NULL, NULL)->location = g_strdup (location);
}

GBytes *
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

guint
hits (TestServer *ts,
      const char *key)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (ts->hits, key));
}

guint
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

gboolean
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

char *
url_of (TestServer *ts,
        const char *path)
{
  return g_strconcat (ts->base, path, NULL);
}

const PbCrawlPage *
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

GBytes *
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
