/* test-crawler-hostile.c: PbCrawler against servers that fail, stall, flood or mislabel
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <errno.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>

#include <zlib.h>

#include "pb-crawl-test-site.h"
#include "pb-error.h"
#include "pb-test-util.h"

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

/* Issue 10, point 13: a page of 150,000 links takes no more than the caps, and the crawler
 * reports what it left out. */
static void
test_many_links (void)
{
  const guint n = 150000;
  g_autoptr (GString) html = g_string_sized_new (n * 40);

  g_string_append (html, "<html><body>");
  for (guint i = 0; i < n; i++)
    g_string_append_printf (html, "<a href='/p%u.html'>%u</a>", i, i);
  for (guint i = 0; i < 1000; i++)
    g_string_append_printf (html, "<a href='/specs/s%u.json'>spec %u</a>", i, i);
  g_string_append (html, "</body></html>");

  /* (The page is about 5 MB: the page size limit is raised so that all its links are read.)
   * Default caps: 2000 links from one page (so at most 2000 queued), 32 spec references. */
  {
    g_autoptr (TestServer) ts = test_server_new ();
    g_autoptr (PbCrawler) crawler = g_object_new (PB_TYPE_CRAWLER, "max-pages", 3,
                                                  "max-page-bytes", (guint64) 16 << 20, NULL);
    g_autoptr (GError) error = NULL;
    g_autofree char *start = url_of (ts, "/");
    guint spec_hits = 0;
    GHashTableIter iter;
    gpointer key, value;

    route (ts, "/", 200, "text/html", g_bytes_new (html->str, html->len));
    g_assert_true (crawl (crawler, start, NULL, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (pb_crawler_get_peak_queued (crawler), <=, 2000);
    g_assert_cmpuint (pb_crawler_get_peak_queued (crawler), >=, 1000);
    g_assert_cmpuint (pb_crawler_get_links_skipped (crawler), >=, n - 2000 + 1000 - 32);
    g_hash_table_iter_init (&iter, ts->hits);
    while (g_hash_table_iter_next (&iter, &key, &value))
      if (g_str_has_prefix (key, "/specs/"))
        spec_hits += GPOINTER_TO_UINT (value);
    g_assert_cmpuint (spec_hits, <=, 32);
  }

  /* No per-page cap: the frontier cap holds instead. */
  {
    g_autoptr (TestServer) ts = test_server_new ();
    g_autoptr (PbCrawler) crawler = g_object_new (PB_TYPE_CRAWLER, "max-pages", 3,
                                                  "max-links-per-page", 0, "max-queued", 500,
                                                  "max-page-bytes", (guint64) 16 << 20,
                                                  "find-specs", FALSE, NULL);
    g_autoptr (GError) error = NULL;
    g_autofree char *start = url_of (ts, "/");

    route (ts, "/", 200, "text/html", g_bytes_new (html->str, html->len));
    g_assert_true (crawl (crawler, start, NULL, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (pb_crawler_get_peak_queued (crawler), ==, 500);
    g_assert_cmpuint (pb_crawler_get_links_skipped (crawler), >=, n - 500);
    g_assert_cmpuint (pb_crawler_get_pages_fetched (crawler), <=, 3);
  }
}

/* --- a server that sends one byte every 100 ms, for ever -------------------------------- */

typedef struct {
  SoupServerMessage *msg;
  guint              source;
  guint              sent;
} Trickle;

static void
trickle_free (gpointer data)
{
  Trickle *t = data;

  g_clear_handle_id (&t->source, g_source_remove);
  g_free (t);
}

static gboolean
trickle_cb (gpointer data)
{
  Trickle *t = data;

  soup_message_body_append (soup_server_message_get_response_body (t->msg), SOUP_MEMORY_STATIC,
                            "a", 1);
  soup_server_message_unpause (t->msg);
  t->sent++;
  return G_SOURCE_CONTINUE;
}

static void
trickle_finished (SoupServerMessage *msg,
                  gpointer           data)
{
  g_object_set_data (G_OBJECT (msg), "trickle", NULL);
}

static void
trickle_handler (SoupServer        *server,
                 SoupServerMessage *msg,
                 const char        *path,
                 GHashTable        *query,
                 gpointer           user_data)
{
  Trickle *t;

  if (strcmp (path, "/") != 0)
    {
      soup_server_message_set_status (msg, 404, NULL);
      return;
    }
  soup_server_message_set_status (msg, 200, NULL);
  soup_message_headers_set_content_type (soup_server_message_get_response_headers (msg),
                                         "text/html", NULL);
  soup_message_headers_set_encoding (soup_server_message_get_response_headers (msg),
                                     SOUP_ENCODING_CHUNKED);
  t = g_new0 (Trickle, 1);
  t->msg = msg;
  t->source = g_timeout_add (100, trickle_cb, t);
  g_object_set_data_full (G_OBJECT (msg), "trickle", t, trickle_free);
  g_signal_connect (msg, "finished", G_CALLBACK (trickle_finished), NULL);
  g_signal_connect (msg, "disconnected", G_CALLBACK (trickle_finished), NULL);
  *(guint *) user_data += 1;
  soup_server_message_pause (msg);
}

/* Issue 10, point 14: bytes that keep trickling in do not hold a crawl: each request has an
 * overall deadline besides the idle timeout. */
static void
test_trickle_deadline (void)
{
  g_autoptr (SoupServer) server = soup_server_new (NULL, NULL);
  g_autoptr (GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr (GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr (PbCrawler) crawler = g_object_new (PB_TYPE_CRAWLER, "request-timeout", 2,
                                                "io-timeout", 20, "max-seconds", 120, NULL);
  g_autoptr (GError) error = NULL;
  g_autofree char *start = NULL;
  GSList *uris;
  guint requests = 0;
  gint64 began;

  soup_server_add_handler (server, NULL, trickle_handler, &requests, NULL);
  soup_server_listen (server, address, 0, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  start = g_uri_to_string (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  began = g_get_monotonic_time ();
  g_assert_false (crawl (crawler, start, NULL, &error));
  g_assert_error (error, PB_ERROR, PB_ERROR_NETWORK);
  g_assert_nonnull (strstr (error->message, "took longer than 2 seconds"));
  g_assert_cmpuint (requests, ==, 1);
  /* Not the 120 s crawl limit (nor the 300 s of the default): the 2 s deadline ended it. */
  g_assert_cmpint (g_get_monotonic_time () - began, <, 60 * G_USEC_PER_SEC);
  g_assert_cmpuint (pb_crawler_get_request_timeout (crawler), ==, 2);
  soup_server_disconnect (server);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/crawler/http-errors", test_http_errors);
  g_test_add_func ("/crawler/slow-server", test_slow_server);
  g_test_add_func ("/crawler/closed-connection", test_closed_connection);
  g_test_add_func ("/crawler/huge-page", test_huge_page);
  g_test_add_func ("/crawler/zip-bomb", test_zip_bomb);
  g_test_add_func ("/crawler/charsets", test_charsets);
  g_test_add_func ("/crawler/many-links", test_many_links);
  g_test_add_func ("/crawler/trickle-deadline", test_trickle_deadline);
  return g_test_run ();
}
