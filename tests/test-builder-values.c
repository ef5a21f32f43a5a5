/* test-builder-values.c: the values an AI Assist suggestion carries, key by key (the Builder's
 * pb-builder-values.c): which keys there are, what differs, how each shows, deep copies
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "pb-builder-values.h"

static const char * const manifest_keys[] = { "url_base", "auth" };

/* A manifest whose every value is set, with one stream ("full") likewise. */
static PbManifest *
full_manifest (void)
{
  PbManifest *m = pb_manifest_new ();
  g_autoptr (PbManifestStream) s = pb_manifest_stream_new ("full", "/things/{{ id }}");
  PbManifestAuth *a = pb_manifest_get_auth (m);
  PbManifestPaginator *p = pb_manifest_stream_get_paginator (s);
  PbManifestIncremental *i = pb_manifest_stream_get_incremental (s);
  PbManifestParent *parent = pb_manifest_stream_get_parent (s);
  const char *record_path[] = { "data", "items", NULL };
  const char *key[] = { "id", "region", NULL };
  const char *scopes[] = { "read", "write", NULL };
  const char *formats[] = { "%Y-%m-%d", "%s", NULL };
  const char *body[] = { "query", "open", "limit", "50", NULL };

  pb_manifest_set_url_base (m, "https://api.example.com/v1");
  a->kind = PB_AUTH_OAUTH;
  a->in_query = TRUE;
  a->field_name = g_strdup ("access_token");
  a->value_prefix = g_strdup ("Token");
  a->token_url = g_strdup ("https://auth.example.com/token");
  a->authorization_url = g_strdup ("https://auth.example.com/authorize");
  a->grant_type = g_strdup ("refresh_token");
  a->scopes = g_strdupv ((char **) scopes);

  pb_manifest_stream_set_http_method (s, "post");
  pb_manifest_stream_set_request_body (s, PB_BODY_JSON, body);
  pb_manifest_stream_set_record_path (s, record_path);
  pb_manifest_stream_set_primary_key (s, key);
  p->kind = PB_PAGINATION_CURSOR;
  p->cursor_value = g_strdup ("{{ response.next }}");
  p->stop_condition = g_strdup ("{{ not response.next }}");
  p->token_inject_into = PB_INJECT_HEADER;
  p->token_field = g_strdup ("X-Cursor");
  p->page_size = 50;
  p->page_size_inject_into = PB_INJECT_REQUEST_PARAMETER;
  p->page_size_field = g_strdup ("limit");
  p->start_from_page = 2;
  i->cursor_field = g_strdup ("updated_at");
  i->datetime_format = g_strdup ("%Y-%m-%dT%H:%M:%SZ");
  i->cursor_datetime_formats = g_strdupv ((char **) formats);
  i->start_datetime = g_strdup ("{{ config['start'] }}");
  i->start_time_inject_into = PB_INJECT_REQUEST_PARAMETER;
  i->start_time_field = g_strdup ("since");
  i->end_time_inject_into = PB_INJECT_BODY_JSON;
  i->end_time_field = g_strdup ("until");
  parent->parent_stream = g_strdup ("accounts");
  parent->parent_key = g_strdup ("account_id");
  parent->partition_field = g_strdup ("account");
  pb_manifest_stream_set_request_parameter (s, "expand", "all");
  pb_manifest_stream_set_request_parameter (s, "sort", "asc");
  pb_manifest_stream_set_request_header (s, "Accept", "application/json");
  pb_manifest_stream_take_schema (
    s, cJSON_Parse ("{\"type\": \"object\", \"properties\": {\"id\": {}, \"name\": {}}}"));
  pb_manifest_add_stream (m, s);
  return m;
}

static PbManifestStream *
first_stream (PbManifest *m)
{
  return pb_manifest_get_stream (m, 0);
}

static void
test_keys (void)
{
  const char *expected[] = { "path", "method", "record_path", "primary_key", "paginator",
                             "incremental", "parent", "request_parameters", "request_headers",
                             "request_body",
                             "schema", NULL };

  g_assert_cmpstrv (pb_builder_values_stream_keys (), expected);
  g_assert_true (pb_builder_values_stream_keys () == pb_builder_values_stream_keys ());
  g_assert_cmpstr (pb_builder_values_title ("url_base"), ==, "Base URL");
  g_assert_cmpstr (pb_builder_values_title ("record_path"), ==, "Record path");
  g_assert_cmpstr (pb_builder_values_title ("schema"), ==, "Record schema");
  g_assert_cmpstr (pb_builder_values_title ("unknown"), ==, "unknown");
}

/* How each value shows, set and unset. */
static void
test_describe (void)
{
  g_autoptr (PbManifest) full = full_manifest ();
  g_autoptr (PbManifest) empty = pb_manifest_new ();
  g_autoptr (PbManifestStream) bare = pb_manifest_stream_new ("bare", NULL);
  PbManifestStream *s = first_stream (full);
  const struct { const char *key, *full, *bare; } stream_cases[] = {
    { "path", "/things/{{ id }}", "None" },
    { "method", "POST", "GET" },
    { "record_path", "data.items", "The whole response" },
    { "primary_key", "id, region", "None" },
    { "paginator", "Cursor from {{ response.next }}, sent as “X-Cursor” (header), 50 per page",
      "None" },
    { "incremental", "By “updated_at”", "None" },
    { "parent", "Each “accounts”, by its “account_id”", "None" },
    { "request_parameters", "expand=all, sort=asc", "None" },
    { "request_headers", "Accept=application/json", "None" },
    { "request_body", "query=open, limit=50", "None" },
    { "schema", "2 fields", "Any record" },
    { "url_base", "", "" },
    { "no-such-key", "", "" },
  };
  const struct { const char *key, *full, *bare; } manifest_cases[] = {
    { "url_base", "https://api.example.com/v1", "None" },
    { "auth", "OAuth 2.0 (sign in)", "None" },
    { "path", "", "" },
  };

  for (guint n = 0; n < G_N_ELEMENTS (stream_cases); n++)
    {
      g_autofree char *a = pb_builder_values_describe (full, s, stream_cases[n].key);
      g_autofree char *b = pb_builder_values_describe (empty, bare, stream_cases[n].key);

      g_test_message ("stream key %s", stream_cases[n].key);
      g_assert_cmpstr (a, ==, stream_cases[n].full);
      g_assert_cmpstr (b, ==, stream_cases[n].bare);
    }
  for (guint n = 0; n < G_N_ELEMENTS (manifest_cases); n++)
    {
      g_autofree char *a = pb_builder_values_describe (full, NULL, manifest_cases[n].key);
      g_autofree char *b = pb_builder_values_describe (empty, NULL, manifest_cases[n].key);

      g_assert_cmpstr (a, ==, manifest_cases[n].full);
      g_assert_cmpstr (b, ==, manifest_cases[n].bare);
    }
}

/* Copied key by key into an empty manifest, every value arrives whole and stays after the
 * source is gone (deep copies: the sanitizer run would see a use after free). */
static void
test_copy_each_key (void)
{
  g_autoptr (PbManifest) full = full_manifest ();
  g_autoptr (PbManifest) copy = pb_manifest_new ();
  g_autoptr (PbManifestStream) target = pb_manifest_stream_new ("target", NULL);
  const char * const *keys = pb_builder_values_stream_keys ();
  g_autoptr (GPtrArray) shown = g_ptr_array_new_with_free_func (g_free);
  guint n = 0;

  for (guint k = 0; keys[k] != NULL; k++)
    {
      g_test_message ("stream key %s", keys[k]);
      g_assert_true (pb_builder_values_differ (full, first_stream (full), copy, target,
                                               keys[k]));
      pb_builder_values_copy (copy, target, full, first_stream (full), keys[k]);
      g_assert_false (pb_builder_values_differ (full, first_stream (full), copy, target,
                                                keys[k]));
      g_ptr_array_add (shown, pb_builder_values_describe (full, first_stream (full), keys[k]));
    }
  for (guint k = 0; k < G_N_ELEMENTS (manifest_keys); k++)
    {
      g_assert_true (pb_builder_values_differ (full, NULL, copy, NULL, manifest_keys[k]));
      pb_builder_values_copy (copy, NULL, full, NULL, manifest_keys[k]);
      g_assert_false (pb_builder_values_differ (full, NULL, copy, NULL, manifest_keys[k]));
      g_ptr_array_add (shown, pb_builder_values_describe (full, NULL, manifest_keys[k]));
    }

  g_clear_object (&full);
  for (guint k = 0; keys[k] != NULL; k++)
    {
      g_autofree char *now = pb_builder_values_describe (copy, target, keys[k]);

      g_assert_cmpstr (now, ==, shown->pdata[n++]);
    }
  for (guint k = 0; k < G_N_ELEMENTS (manifest_keys); k++)
    {
      g_autofree char *now = pb_builder_values_describe (copy, NULL, manifest_keys[k]);

      g_assert_cmpstr (now, ==, shown->pdata[n++]);
    }
  g_assert_cmpstr (pb_manifest_get_auth (copy)->scopes[1], ==, "write");
  g_assert_cmpstr (pb_manifest_stream_get_incremental (target)->cursor_datetime_formats[1], ==,
                   "%s");
  g_assert_cmpint (pb_manifest_stream_get_paginator (target)->start_from_page, ==, 2);
}

/* Changes one detail of the copy's value; returns its key. */
static const char *
change_detail (PbManifest       *m,
               PbManifestStream *s,
               guint             n)
{
  PbManifestAuth *a = pb_manifest_get_auth (m);
  PbManifestPaginator *p = pb_manifest_stream_get_paginator (s);
  PbManifestIncremental *i = pb_manifest_stream_get_incremental (s);
  PbManifestParent *parent = pb_manifest_stream_get_parent (s);

#define SET_TEXT(field, value) (g_free (field), (field) = g_strdup (value))
  switch (n)
    {
    case 0: a->kind = PB_AUTH_BEARER; return "auth";
    case 1: a->in_query = FALSE; return "auth";
    case 2: SET_TEXT (a->field_name, "other"); return "auth";
    case 3: SET_TEXT (a->value_prefix, NULL); return "auth";
    case 4: SET_TEXT (a->token_url, "https://auth.example.com/t2"); return "auth";
    case 5: SET_TEXT (a->authorization_url, ""); return "auth";
    case 6: SET_TEXT (a->grant_type, "client_credentials"); return "auth";
    case 7: SET_TEXT (a->scopes[1], "admin"); return "auth";
    case 8: p->kind = PB_PAGINATION_PAGE; return "paginator";
    case 9: SET_TEXT (p->cursor_value, "{{ response.after }}"); return "paginator";
    case 10: SET_TEXT (p->stop_condition, NULL); return "paginator";
    case 11: p->token_inject_into = PB_INJECT_REQUEST_PARAMETER; return "paginator";
    case 12: SET_TEXT (p->token_field, "cursor"); return "paginator";
    case 13: p->page_size = 51; return "paginator";
    case 14: p->page_size_inject_into = PB_INJECT_HEADER; return "paginator";
    case 15: SET_TEXT (p->page_size_field, "per_page"); return "paginator";
    case 16: p->start_from_page = 1; return "paginator";
    case 17: SET_TEXT (i->cursor_field, "modified"); return "incremental";
    case 18: SET_TEXT (i->datetime_format, "%s"); return "incremental";
    case 19: SET_TEXT (i->cursor_datetime_formats[0], "%Y"); return "incremental";
    case 20: SET_TEXT (i->start_datetime, "2024-01-01"); return "incremental";
    case 21: i->start_time_inject_into = PB_INJECT_HEADER; return "incremental";
    case 22: SET_TEXT (i->start_time_field, "from"); return "incremental";
    case 23: i->end_time_inject_into = PB_INJECT_REQUEST_PARAMETER; return "incremental";
    case 24: SET_TEXT (i->end_time_field, "to"); return "incremental";
    case 25: SET_TEXT (parent->parent_stream, "orgs"); return "parent";
    case 26: SET_TEXT (parent->parent_key, "org_id"); return "parent";
    case 27: SET_TEXT (parent->partition_field, "org"); return "parent";
    default: return NULL;
    }
#undef SET_TEXT
}

/* Every detail of a value counts: a copy changed in any one of them differs. */
static void
test_every_detail_counts (void)
{
  g_autoptr (PbManifest) full = full_manifest ();
  guint n;

  for (n = 0;; n++)
    {
      g_autoptr (PbManifest) copy = pb_manifest_new ();
      g_autoptr (PbManifestStream) target = pb_builder_values_copy_stream (first_stream (full));
      const char *key;

      for (guint k = 0; k < G_N_ELEMENTS (manifest_keys); k++)
        pb_builder_values_copy (copy, NULL, full, NULL, manifest_keys[k]);
      g_assert_false (pb_builder_values_differ (full, NULL, copy, NULL, "auth"));
      key = change_detail (copy, target, n);
      if (key == NULL)
        break;
      g_test_message ("detail %u of %s", n, key);
      g_assert_true (pb_builder_values_differ (full, g_str_equal (key, "auth") ? NULL
                                                                                : first_stream (full),
                                               copy, g_str_equal (key, "auth") ? NULL : target,
                                               key));
    }
  g_assert_cmpuint (n, ==, 28);
}

/* Request pairs: only a pair the other side lacks or sets otherwise is news. */
static void
test_pairs (void)
{
  g_autoptr (PbManifest) full = full_manifest ();
  g_autoptr (PbManifestStream) more = pb_builder_values_copy_stream (first_stream (full));
  g_autoptr (PbManifestStream) other = pb_builder_values_copy_stream (first_stream (full));
  PbManifestStream *s = first_stream (full);

  pb_manifest_stream_set_request_parameter (more, "extra", "1");
  g_assert_false (pb_builder_values_differ (full, s, full, more, "request_parameters"));
  g_assert_true (pb_builder_values_differ (full, more, full, s, "request_parameters"));
  g_assert_false (pb_builder_values_differ (full, more, full, s, "request_headers"));
  pb_manifest_stream_set_request_header (other, "Accept", "text/csv");
  g_assert_true (pb_builder_values_differ (full, s, full, other, "request_headers"));
  /* Copying adds and replaces pairs, keeping the others. */
  pb_builder_values_copy (full, other, full, more, "request_parameters");
  g_assert_false (pb_builder_values_differ (full, more, full, other, "request_parameters"));
  /* A manifest has no request pairs. */
  g_assert_false (pb_builder_values_differ (full, NULL, full, NULL, "request_headers"));
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/builder-values/keys", test_keys);
  g_test_add_func ("/builder-values/describe", test_describe);
  g_test_add_func ("/builder-values/copy-each-key", test_copy_each_key);
  g_test_add_func ("/builder-values/every-detail-counts", test_every_detail_counts);
  g_test_add_func ("/builder-values/pairs", test_pairs);
  return g_test_run ();
}
