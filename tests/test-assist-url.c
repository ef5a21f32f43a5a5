/* test-assist-url.c: `plugboard-cli assist URL` end to end against a SoupServer on 127.0.0.1
 * (the server runs in a thread of its own: the CLI is a child process this test waits for)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdlib.h>
#include <string.h>

#include <libsoup/soup.h>

#include "pb-test-util.h"

typedef struct {
  GMainContext *context;
  SoupServer   *server;
  guint         port;
  gboolean      quit;
  GMutex        lock;
  GCond         ready;
} Site;

static void
serve (SoupServer        *server,
       SoupServerMessage *msg,
       const char        *path,
       GHashTable        *query,
       gpointer           user_data)
{
  static const struct { const char *prefix, *dir, *index; } mounts[] = {
    { "/docs/", "docs-site", "index.html" },
    { "/redoc/specs/", "", "petstore.json" },
    { "/redoc/", "", "redoc.html" },
    { "/about/", "", "no-api.html" },
  };
  g_autofree char *file = NULL;
  g_autofree char *data = NULL;
  gsize length = 0;

  /* Bodies over the crawler's 16 MiB page limit: plain, and gzip that unpacks past it. */
  if (strcmp (path, "/big/") == 0 || strcmp (path, "/bomb/") == 0)
    {
      g_autoptr (GString) big = g_string_new ("<html><body>");
      g_autoptr (GBytes) body = NULL;

      while (big->len < 18 * 1024 * 1024)
        g_string_append (big, "<p>Nothing to see here, only words about nothing.</p>\n");
      body = g_string_free_to_bytes (g_steal_pointer (&big));
      if (path[1] == 'b' && path[2] == 'o')
        {
          g_autoptr (GConverter) zip
            = G_CONVERTER (g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP, 9));
          g_autoptr (GInputStream) raw = g_memory_input_stream_new_from_bytes (body);
          g_autoptr (GInputStream) packed = g_converter_input_stream_new (raw, zip);
          g_autoptr (GOutputStream) mem = g_memory_output_stream_new_resizable ();

          g_output_stream_splice (mem, packed, G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET, NULL, NULL);
          g_bytes_unref (body);
          body = g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (mem));
          soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                        "Content-Encoding", "gzip");
        }
      soup_server_message_set_status (msg, 200, NULL);
      soup_server_message_set_response (msg, "text/html", SOUP_MEMORY_COPY,
                                        g_bytes_get_data (body, NULL), g_bytes_get_size (body));
      return;
    }

  for (guint i = 0; i < G_N_ELEMENTS (mounts) && file == NULL; i++)
    if (g_str_has_prefix (path, mounts[i].prefix))
      {
        const char *rest = path + strlen (mounts[i].prefix);
        if (strstr (rest, "..") == NULL)
          file = g_test_build_filename (G_TEST_DIST, "data", "crawler", mounts[i].dir,
                                        *rest != '\0' ? rest : mounts[i].index, NULL);
      }
  if (file == NULL || !g_file_get_contents (file, &data, &length, NULL))
    {
      soup_server_message_set_status (msg, 404, NULL);
      soup_server_message_set_response (msg, "text/plain", SOUP_MEMORY_STATIC, "not found", 9);
      return;
    }
  soup_server_message_set_status (msg, 200, NULL);
  soup_server_message_set_response (msg, g_str_has_suffix (file, ".json") ? "application/json" : "text/html",
                                    SOUP_MEMORY_COPY, data, length);
}

static gpointer
site_thread (gpointer user_data)
{
  Site *site = user_data;
  g_autoptr (GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr (GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr (GError) error = NULL;
  GSList *uris;

  g_main_context_push_thread_default (site->context);
  site->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (site->server, NULL, serve, site, NULL);
  soup_server_listen (site->server, address, 0, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (site->server);
  g_mutex_lock (&site->lock);
  site->port = g_uri_get_port (uris->data);
  g_cond_signal (&site->ready);
  g_mutex_unlock (&site->lock);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  while (!g_atomic_int_get (&site->quit))
    g_main_context_iteration (site->context, TRUE);
  soup_server_disconnect (site->server);
  g_clear_object (&site->server);
  g_main_context_pop_thread_default (site->context);
  return NULL;
}

static Site site;
static GThread *thread;

static char *
url (const char *path)
{
  return g_strdup_printf ("http://127.0.0.1:%u%s", site.port, path);
}

static int
assist (const char  *target,
        const char  *extra,
        char       **out,
        char       **err)
{
  const char *argv[] = { "assist", target, extra, extra != NULL ? "2" : NULL, NULL };

  return pb_test_run_cli (argv, NULL, out, err);
}

static void
test_docs_site (void)
{
  g_autofree char *target = url ("/docs/");
  g_autofree char *out = NULL, *err = NULL;
  int status = assist (target, NULL, &out, &err);

  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (out, "type: DeclarativeSource"));
  g_assert_nonnull (strstr (out, "https://api.shopnest.example/v2"));
  g_assert_nonnull (strstr (out, "BearerAuthenticator"));
  g_assert_nonnull (strstr (out, "name: customers"));
  g_assert_nonnull (strstr (err, "Crawl"));
  g_assert_nonnull (strstr (err, "no spec found"));
  g_assert_null (strstr (out, "sk_test"));
}

static void
test_spec_behind_docs (void)
{
  g_autofree char *target = url ("/redoc/");
  g_autofree char *out = NULL, *err = NULL;
  int status = assist (target, NULL, &out, &err);

  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (out, "https://api.petstore.example/v1"));
  g_assert_nonnull (strstr (err, "Found a spec at"));
}

static void
test_max_pages (void)
{
  g_autofree char *target = url ("/docs/");
  g_autofree char *out = NULL, *err = NULL;

  const char *crawled;

  assist (target, "--max-pages", &out, &err);
  crawled = strstr (err, "Crawled ");
  g_assert_nonnull (crawled);
  /* At most two page requests: here one of them is a 404. */
  g_assert_cmpint (atoi (crawled + strlen ("Crawled ")), >=, 1);
  g_assert_cmpint (atoi (crawled + strlen ("Crawled ")), <=, 2);
}

static void
test_exit_codes (void)
{
  g_autofree char *missing = url ("/docs/missing.html");
  g_autofree char *about = url ("/about/");
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr (GSocket) probe = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr (GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr (GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr (GSocketAddress) bound = NULL;
  g_autofree char *refused = NULL;

  /* A port nothing listens on: bind one, read its number, close it. */
  g_assert_true (g_socket_bind (probe, any, TRUE, NULL));
  bound = g_socket_get_local_address (probe, NULL);
  refused = g_strdup_printf ("http://127.0.0.1:%u/", g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  g_socket_close (probe, NULL);

  g_assert_cmpint (assist ("http://", NULL, &out, &err), ==, 10);
  g_clear_pointer (&out, g_free); g_clear_pointer (&err, g_free);
  g_assert_cmpint (assist ("https://exa mple.com/docs", NULL, &out, &err), ==, 10);
  g_clear_pointer (&out, g_free); g_clear_pointer (&err, g_free);
  g_assert_cmpint (assist (refused, NULL, &out, &err), ==, 11);
  g_assert_nonnull (strstr (err, "refused"));
  g_clear_pointer (&out, g_free); g_clear_pointer (&err, g_free);
  g_assert_cmpint (assist (missing, NULL, &out, &err), ==, 12);
  g_assert_nonnull (strstr (err, "404"));
  g_clear_pointer (&out, g_free); g_clear_pointer (&err, g_free);
  g_assert_cmpint (assist (about, NULL, &out, &err), ==, 13);
  g_assert_nonnull (strstr (err, "Nothing API-like"));
  g_assert_cmpstr (out, ==, "");
}

/* Issue 10, point 15: a page cut at the size limit says so and names the limit. */
static void
test_cut_at_limit (void)
{
  const char *paths[] = { "/big/", "/bomb/" };

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autofree char *target = url (paths[i]);
      g_autofree char *out = NULL, *err = NULL;

      int status = assist (target, NULL, &out, &err);

      g_test_message ("%s → %d: %s", target, status, err);
      g_assert_cmpint (status, ==, 16);
      /* (g_format_size () puts a no-break space before the unit) */
      g_assert_nonnull (strstr (err, "larger than the limit of 16.0\u00a0MiB"));
      g_assert_nonnull (strstr (err, target));
      g_assert_null (strstr (err, "0 documentation pages"));
    }
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  site.context = g_main_context_new ();
  g_mutex_init (&site.lock);
  g_cond_init (&site.ready);
  g_mutex_lock (&site.lock);
  thread = g_thread_new ("site", site_thread, &site);
  while (site.port == 0)
    g_cond_wait (&site.ready, &site.lock);
  g_mutex_unlock (&site.lock);

  g_test_add_func ("/assist-url/docs-site", test_docs_site);
  g_test_add_func ("/assist-url/spec-behind-docs", test_spec_behind_docs);
  g_test_add_func ("/assist-url/max-pages", test_max_pages);
  g_test_add_func ("/assist-url/exit-codes", test_exit_codes);
  g_test_add_func ("/assist-url/cut-at-limit", test_cut_at_limit);
  status = g_test_run ();

  g_atomic_int_set (&site.quit, TRUE);
  g_main_context_wakeup (site.context);
  g_thread_join (thread);
  g_main_context_unref (site.context);
  return status;
}
