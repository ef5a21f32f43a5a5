/* runner-bench-server.c: the loopback API of bench/runner-benchmark.sh — PAGES pages of 100
 * small records at /bench/items?page=N ({"data": […], "next_page": N+1 or null}), bodies made
 * once at start. Prints "http://127.0.0.1:PORT" on stdout, then serves until killed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include <libsoup/soup.h>

static GBytes **bodies;
static guint n_pages;

static void
handler (SoupServer        *server,
         SoupServerMessage *msg,
         const char        *path,
         GHashTable        *query,
         gpointer           user_data)
{
  const char *page_text = query != NULL ? g_hash_table_lookup (query, "page") : NULL;
  guint page = page_text != NULL ? (guint) g_ascii_strtoull (page_text, NULL, 10) : 1;

  if (page < 1 || page > n_pages)
    {
      soup_server_message_set_status (msg, 404, NULL);
      return;
    }
  soup_server_message_set_status (msg, 200, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC,
                                    g_bytes_get_data (bodies[page - 1], NULL),
                                    g_bytes_get_size (bodies[page - 1]));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr (GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr (SoupServer) server = NULL;
  g_autoptr (GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  GSList *uris;

  n_pages = argc > 1 ? (guint) atoi (argv[1]) : 1000;
  bodies = g_new0 (GBytes *, n_pages);
  for (guint p = 1; p <= n_pages; p++)
    {
      GString *body = g_string_new ("{\"data\": [");
      gsize len;

      for (guint i = 0; i < 100; i++)
        {
          guint id = (p - 1) * 100 + i + 1;

          g_string_append_printf (body,
                                  "%s{\"id\": %u, \"name\": \"item %u\", "
                                  "\"updated_at\": \"2024-01-01T00:00:00Z\"}",
                                  i > 0 ? ", " : "", id, id);
        }
      if (p < n_pages)
        g_string_append_printf (body, "], \"next_page\": %u}", p + 1);
      else
        g_string_append (body, "], \"next_page\": null}");
      len = body->len;
      bodies[p - 1] = g_bytes_new_take (g_string_free (body, FALSE), len);
    }
  server = soup_server_new (NULL, NULL);
  soup_server_add_handler (server, "/bench/items", handler, NULL, NULL);
  if (!soup_server_listen (server, address, 0, &error))
    {
      fprintf (stderr, "runner-bench-server: %s\n", error->message);
      return 1;
    }
  uris = soup_server_get_uris (server);
  printf ("http://127.0.0.1:%d\n", g_uri_get_port (uris->data));
  fflush (stdout);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  g_main_loop_run (loop);
  return 0;
}
