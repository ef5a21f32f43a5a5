/* pb-runner-test-server.c: a loopback API for test reads (paginators, routers, incremental
 * windows and every trap), a SoupServer in its own thread
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>
#include <libsoup/soup.h>

#include "pb-runner-test-server.h"
#include "pb-test-util.h"

struct _PbRunnerTestServer
{
  PbTestServerThread *thread;
  const char         *base;

  GMutex              mutex;
  char               *key;
  GPtrArray          *requests;
  guint               rate_limited;
  guint               bench_pages;
  GBytes            **bench_bodies;
};

static void
append_item (GString    *out,
             guint       id,
             const char *updated)
{
  g_string_append_printf (out, "{\"id\": %u, \"name\": \"item %u\", \"updated_at\": \"%s\"}", id,
                          id, updated != NULL ? updated : "2024-01-01T00:00:00Z");
}

/* Items FIRST … FIRST+COUNT-1 as a JSON list. */
static void
append_items (GString *out,
              guint    first,
              guint    count)
{
  g_string_append_c (out, '[');
  for (guint i = 0; i < count; i++)
    {
      if (i > 0)
        g_string_append (out, ", ");
      append_item (out, first + i, NULL);
    }
  g_string_append_c (out, ']');
}

static guint
query_uint (GHashTable *query,
            const char *name,
            guint       fallback)
{
  const char *v = query != NULL ? g_hash_table_lookup (query, name) : NULL;

  return v != NULL && *v != '\0' ? (guint) g_ascii_strtoull (v, NULL, 10) : fallback;
}

static gboolean
authorized (PbRunnerTestServer *self,
            SoupServerMessage  *msg,
            GHashTable         *query)
{
  const char *access = query != NULL ? g_hash_table_lookup (query, "access") : NULL;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *key = soup_message_headers_get_one (headers, "X-Api-Key");
  const char *auth = soup_message_headers_get_one (headers, "Authorization");
  gboolean ok;

  g_mutex_lock (&self->mutex);
  ok = self->key == NULL || g_strcmp0 (key, self->key) == 0
       || g_strcmp0 (access, self->key) == 0
       || (auth != NULL && g_str_has_prefix (auth, "Bearer ")
           && g_strcmp0 (auth + 7, self->key) == 0);
  g_mutex_unlock (&self->mutex);
  return ok;
}

static gboolean
finish_slow (gpointer user_data)
{
  SoupServerMessage *msg = user_data;
  GString *body = g_string_new ("{\"items\": ");

  append_items (body, 1, 2);
  g_string_append (body, "}");
  pb_test_reply_json_take (msg, 200, body);
  soup_server_message_unpause (msg);
  g_object_unref (msg);
  return G_SOURCE_REMOVE;
}

/* 25 items, 10 a page: the items of page N (from 1) and whether another follows. */
static gboolean
page_of_25 (GString *out,
            guint    page)
{
  guint first = (page - 1) * 10 + 1;
  guint count = first > 25 ? 0 : MIN (10, 26 - first);

  append_items (out, first, count);
  return first + count <= 25;
}

static void
handle_events (SoupServerMessage *msg,
               GHashTable        *query)
{
  const char *since = query != NULL ? g_hash_table_lookup (query, "since") : NULL;
  const char *until = query != NULL ? g_hash_table_lookup (query, "until") : NULL;
  g_autoptr (GDateTime) a = NULL;
  g_autoptr (GDateTime) b = NULL;
  GString *body = g_string_new ("{\"events\": [");
  guint n = 0;

  if (since != NULL && until != NULL)
    {
      g_autofree char *sa = g_strdup_printf ("%.10sT00:00:00Z", since);
      g_autofree char *sb = g_strdup_printf ("%.10sT00:00:00Z", until);

      a = g_date_time_new_from_iso8601 (sa, NULL);
      b = g_date_time_new_from_iso8601 (sb, NULL);
    }
  if (a == NULL || b == NULL)
    {
      g_string_free (body, TRUE);
      pb_test_reply_json (msg, 400, "{\"error\": \"since and until are required\"}");
      return;
    }
  for (GDateTime *d = g_date_time_ref (a); g_date_time_compare (d, b) <= 0;)
    {
      g_autofree char *when = g_date_time_format (d, "%Y-%m-%dT12:00:00Z");
      GDateTime *next = g_date_time_add_days (d, 1);

      if (n++ > 0)
        g_string_append (body, ", ");
      append_item (body, (guint) g_date_time_get_day_of_year (d), when);
      g_date_time_unref (d);
      d = next;
      if (g_date_time_compare (d, b) > 0)
        {
          g_date_time_unref (d);
          break;
        }
    }
  g_string_append (body, "]}");
  pb_test_reply_json_take (msg, 200, body);
}

static void
handler (SoupServer        *server,
         SoupServerMessage *msg,
         const char        *path,
         GHashTable        *query,
         gpointer           user_data)
{
  PbRunnerTestServer *self = user_data;
  GUri *uri = soup_server_message_get_uri (msg);
  GString *body;

  g_mutex_lock (&self->mutex);
  g_ptr_array_add (self->requests,
                   g_uri_get_query (uri) != NULL
                     ? g_strdup_printf ("%s?%s", path, g_uri_get_query (uri))
                     : g_strdup (path));
  g_mutex_unlock (&self->mutex);

  if (!g_str_has_prefix (path, "/open/") && !authorized (self, msg, query))
    {
      pb_test_reply_json (msg, 401, "{\"error\": \"invalid api key\"}");
      return;
    }
  if (g_str_has_prefix (path, "/open/"))
    path += strlen ("/open");

  if (g_str_equal (path, "/cursor/items") || g_str_equal (path, "/path/items")
      || g_str_equal (path, "/link/items"))
    {
      guint page = g_str_equal (path, "/cursor/items")
                     ? query_uint (query, "cursor", 0) / 100 + 1
                     : query_uint (query, "page", 1);
      gboolean more;

      body = g_string_new (g_str_equal (path, "/cursor/items") ? "{\"items\": "
                           : g_str_equal (path, "/path/items") ? "{\"data\": " : "");
      more = page_of_25 (body, page);
      if (g_str_equal (path, "/cursor/items"))
        {
          if (more)
            g_string_append_printf (body, ", \"next_cursor\": \"%u\"}", page * 100);
          else
            g_string_append (body, ", \"next_cursor\": null}");
        }
      else if (g_str_equal (path, "/path/items"))
        {
          if (more)
            g_string_append_printf (body, ", \"next\": \"%s/path/items?page=%u\"}", self->base,
                                    page + 1);
          else
            g_string_append (body, ", \"next\": null}");
        }
      else if (more)
        {
          g_autofree char *link = g_strdup_printf (
            "<%s/link/items?page=%u>; rel=\"next\", <%s/link/items?page=3>; rel=\"last\"",
            self->base, page + 1, self->base);

          soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Link",
                                        link);
        }
      pb_test_reply_json_take (msg, 200, body);
    }
  else if (g_str_equal (path, "/search/items"))
    {
      /* POST {"query": "all", "page": N} with X-Page-Size: S */
      SoupMessageBody *request = soup_server_message_get_request_body (msg);
      g_autoptr (GBytes) bytes = soup_message_body_flatten (request);
      cJSON *json = cJSON_ParseWithLength (g_bytes_get_data (bytes, NULL),
                                           g_bytes_get_size (bytes));
      const char *size_text = soup_message_headers_get_one (
        soup_server_message_get_request_headers (msg), "X-Page-Size");
      const cJSON *page_item = cJSON_GetObjectItem (json, "page");
      guint size = size_text != NULL ? (guint) g_ascii_strtoull (size_text, NULL, 10) : 5;
      guint page = cJSON_IsNumber (page_item) ? (guint) page_item->valuedouble
                   : cJSON_IsString (page_item) ? (guint) atoi (page_item->valuestring) : 1;
      guint first = (page - 1) * size;

      if (g_strcmp0 (soup_server_message_get_method (msg), "POST") != 0
          || g_strcmp0 (cJSON_GetStringValue (cJSON_GetObjectItem (json, "query")), "all") != 0
          || size == 0 || page == 0)
        pb_test_reply_json (msg, 400, "{\"error\": \"POST a query\"}");
      else
        {
          body = g_string_new ("{\"hits\": ");
          append_items (body, first + 1, first >= 25 ? 0 : MIN (size, 25 - first));
          g_string_append (body, "}");
          pb_test_reply_json_take (msg, 200, body);
        }
      cJSON_Delete (json);
    }
  else if (g_str_equal (path, "/offset/items"))
    {
      guint limit = query_uint (query, "limit", 5), offset = query_uint (query, "offset", 0);

      body = g_string_new (NULL);
      append_items (body, offset + 1, offset >= 23 ? 0 : MIN (limit, 23 - offset));
      pb_test_reply_json_take (msg, 200, body);
    }
  else if (g_str_equal (path, "/page/items"))
    {
      guint page = query_uint (query, "page", 1), size = query_uint (query, "per_page", 5);
      guint first = (page - 1) * size;

      body = g_string_new ("{\"results\": ");
      append_items (body, first + 1, first >= 23 ? 0 : MIN (size, 23 - first));
      g_string_append (body, "}");
      pb_test_reply_json_take (msg, 200, body);
    }
  else if (g_str_equal (path, "/parents"))
    pb_test_reply_json (msg, 200, "[{\"id\": 1}, {\"id\": 2}, {\"id\": 3}]");
  else if (g_str_has_prefix (path, "/parents/") && g_str_has_suffix (path, "/children"))
    {
      guint id = (guint) g_ascii_strtoull (path + strlen ("/parents/"), NULL, 10);

      body = g_string_new ("{\"children\": ");
      append_items (body, id * 100, MIN (id, 10));
      g_string_append (body, "}");
      pb_test_reply_json_take (msg, 200, body);
    }
  else if (g_str_has_prefix (path, "/regions/"))
    {
      guint count = g_str_has_prefix (path, "/regions/eu/") ? 2
                    : g_str_has_prefix (path, "/regions/us/") ? 3 : 0;

      body = g_string_new ("{\"items\": ");
      append_items (body, 1, count);
      g_string_append (body, "}");
      pb_test_reply_json_take (msg, count > 0 ? 200 : 404, body);
    }
  else if (g_str_equal (path, "/events"))
    handle_events (msg, query);
  else if (g_str_equal (path, "/repeat/items"))
    {
      body = g_string_new ("{\"items\": ");
      append_items (body, query_uint (query, "cursor", 0) + 1, 2);
      g_string_append (body, ", \"next_cursor\": \"again\"}");
      pb_test_reply_json_take (msg, 200, body);
    }
  else if (g_str_equal (path, "/samebody/items"))
    {
      body = g_string_new (NULL);
      append_items (body, 1, 2);
      pb_test_reply_json_take (msg, 200, body);
    }
  else if (g_str_equal (path, "/endless/items"))
    {
      guint cursor = query_uint (query, "cursor", 0);

      body = g_string_new ("{\"items\": ");
      append_items (body, cursor * 2 + 1, 2);
      g_string_append_printf (body, ", \"next_cursor\": %u}", cursor + 1);
      pb_test_reply_json_take (msg, 200, body);
    }
  else if (g_str_equal (path, "/badcursor/items"))
    {
      body = g_string_new ("{\"items\": [");
      append_item (body, 1, "2024-01-02T00:00:00Z");
      g_string_append (body, ", ");
      append_item (body, 2, "last tuesday");
      g_string_append (body, ", ");
      append_item (body, 3, "03/01/2024");
      g_string_append (body, "]}");
      pb_test_reply_json_take (msg, 200, body);
    }
  else if (g_str_equal (path, "/big/items"))
    {
      body = g_string_new ("{\"items\": [");
      for (guint i = 0; i < 1000; i++)
        {
          if (i > 0)
            g_string_append (body, ", ");
          append_item (body, i + 1, NULL);
        }
      g_string_append (body, "]}");
      pb_test_reply_json_take (msg, 200, body);
    }
  else if (g_str_equal (path, "/html/items"))
    pb_test_reply (msg, 200, "text/html",
                   "<!DOCTYPE html><html><head><title>Sign in</title></head>"
                   "<body><form><input name=password></form></body></html>");
  else if (g_str_equal (path, "/nested/items"))
    {
      body = g_string_new ("{\"meta\": {\"count\": 2}, \"results\": {\"entries\": ");
      append_items (body, 1, 2);
      g_string_append (body, ", \"tags\": [\"a\"]}}");
      pb_test_reply_json_take (msg, 200, body);
    }
  else if (g_str_equal (path, "/mismatch/items"))
    pb_test_reply_json (msg, 200,
                        "{\"items\": [{\"id\": \"a1\", \"name\": \"x\", \"extra\": true}, "
                        "{\"id\": \"a2\", \"name\": null, \"extra\": false}]}");
  else if (g_str_equal (path, "/ratelimit/items"))
    {
      gboolean limited;

      g_mutex_lock (&self->mutex);
      limited = self->rate_limited++ == 0;
      g_mutex_unlock (&self->mutex);
      if (limited)
        {
          soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                        "Retry-After", "1");
          pb_test_reply_json (msg, 429, "{\"error\": \"slow down\"}");
        }
      else
        {
          body = g_string_new ("{\"items\": ");
          append_items (body, 1, 4);
          g_string_append (body, "}");
          pb_test_reply_json_take (msg, 200, body);
        }
    }
  else if (g_str_equal (path, "/slow/items"))
    {
      GSource *source = g_timeout_source_new_seconds (5);

      soup_server_message_pause (msg);
      g_source_set_callback (source, finish_slow, g_object_ref (msg), NULL);
      g_source_attach (source, pb_test_server_thread_get_context (self->thread));
      g_source_unref (source);
    }
  else if (g_str_equal (path, "/bench/items"))
    {
      guint page = query_uint (query, "page", 1);

      if (page >= 1 && page <= self->bench_pages)
        {
          GBytes *bytes = self->bench_bodies[page - 1];

          soup_server_message_set_status (msg, 200, NULL);
          soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC,
                                            g_bytes_get_data (bytes, NULL),
                                            g_bytes_get_size (bytes));
        }
      else
        pb_test_reply_json (msg, 404, "{\"error\": \"no such page\"}");
    }
  else
    pb_test_reply_json (msg, 404, "{\"error\": \"no such path\"}");
}

static void
make_bench_bodies (PbRunnerTestServer *self)
{
  self->bench_bodies = g_new0 (GBytes *, self->bench_pages);
  for (guint p = 1; p <= self->bench_pages; p++)
    {
      GString *body = g_string_new ("{\"data\": ");
      gsize len;

      append_items (body, (p - 1) * 100 + 1, 100);
      if (p < self->bench_pages)
        g_string_append_printf (body, ", \"next_page\": %u}", p + 1);
      else
        g_string_append (body, ", \"next_page\": null}");
      len = body->len;
      self->bench_bodies[p - 1] = g_bytes_new_take (g_string_free (body, FALSE), len);
    }
}

PbRunnerTestServer *
pb_runner_test_server_new (void)
{
  PbRunnerTestServer *self = g_new0 (PbRunnerTestServer, 1);

  g_mutex_init (&self->mutex);
  self->requests = g_ptr_array_new_with_free_func (g_free);
  self->bench_pages = 1000;
  make_bench_bodies (self);
  self->thread = pb_test_server_thread_new ("runner-test-server", handler, NULL, self);
  self->base = pb_test_server_thread_get_base (self->thread);
  return self;
}

static void
free_bench_bodies (PbRunnerTestServer *self)
{
  for (guint i = 0; self->bench_bodies != NULL && i < self->bench_pages; i++)
    g_bytes_unref (self->bench_bodies[i]);
  g_clear_pointer (&self->bench_bodies, g_free);
}

void
pb_runner_test_server_free (PbRunnerTestServer *self)
{
  pb_test_server_thread_free (self->thread);
  g_free (self->key);
  g_ptr_array_unref (self->requests);
  free_bench_bodies (self);
  g_mutex_clear (&self->mutex);
  g_free (self);
}

const char *
pb_runner_test_server_get_base (PbRunnerTestServer *self)
{
  return self->base;
}

void
pb_runner_test_server_expect_key (PbRunnerTestServer *self,
                                  const char         *key)
{
  g_mutex_lock (&self->mutex);
  g_free (self->key);
  self->key = g_strdup (key);
  g_mutex_unlock (&self->mutex);
}

guint
pb_runner_test_server_get_n_requests (PbRunnerTestServer *self)
{
  guint n;

  g_mutex_lock (&self->mutex);
  n = self->requests->len;
  g_mutex_unlock (&self->mutex);
  return n;
}

char **
pb_runner_test_server_dup_requests (PbRunnerTestServer *self)
{
  GStrvBuilder *builder = g_strv_builder_new ();
  char **out;

  g_mutex_lock (&self->mutex);
  for (guint i = 0; i < self->requests->len; i++)
    g_strv_builder_add (builder, self->requests->pdata[i]);
  g_mutex_unlock (&self->mutex);
  out = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);
  return out;
}

void
pb_runner_test_server_set_bench_pages (PbRunnerTestServer *self,
                                       guint               pages)
{
  g_mutex_lock (&self->mutex);
  free_bench_bodies (self);
  self->bench_pages = MAX (pages, 1);
  make_bench_bodies (self);
  g_mutex_unlock (&self->mutex);
}
