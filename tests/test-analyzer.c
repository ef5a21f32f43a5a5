/* test-analyzer.c: analyzer rules on small real-world-shaped spec fragments, the manifest
 * writer and reader (round trip), and the assist entry point's errors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <sys/wait.h>

#include <glib/gstdio.h>

#include "pb-analyzer.h"
#include "pb-assist.h"
#include "pb-error.h"
#include "pb-manifest.h"

static PbManifest *
analyze (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "analyzer", name, NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (PbSpecDocument) doc = pb_spec_document_new_from_file (path, &error);
  g_autoptr (PbAnalyzer) analyzer = NULL;
  PbManifest *manifest;

  g_assert_no_error (error);
  analyzer = pb_analyzer_new (doc);
  manifest = pb_analyzer_run (analyzer, &error);
  g_assert_no_error (error);
  g_assert_nonnull (manifest);
  return manifest;
}

static PbManifestStream *
stream (PbManifest *manifest,
        const char *name)
{
  PbManifestStream *s = pb_manifest_find_stream (manifest, name);

  if (s == NULL)
    g_error ("no stream “%s”", name);
  return s;
}

static void
assert_strv (const char * const *got,
             const char         *expected_joined)
{
  g_autofree char *joined = g_strjoinv (",", (char **) got);

  g_assert_cmpstr (joined, ==, expected_joined);
}

static void
test_cursor_and_substream (void)
{
  g_autoptr (PbManifest) m = analyze ("cursor-substream.json");
  PbManifestStream *customers = stream (m, "customers");
  PbManifestStream *sources = stream (m, "customers_sources");
  PbManifestPaginator *p = pb_manifest_stream_get_paginator (customers);
  PbManifestParent *parent = pb_manifest_stream_get_parent (sources);
  PbManifestStream *details;
  PbEvidence *ev;

  /* Trailing slash dropped; bearer preferred to basic when both are accepted. */
  g_assert_cmpstr (pb_manifest_get_url_base (m), ==, "https://api.payments.example");
  g_assert_cmpint (pb_manifest_get_auth (m)->kind, ==, PB_AUTH_BEARER);
  g_assert_true (pb_manifest_find_field (m, "api_key")->secret);

  /* The lists, and the detail endpoint as one record per customer; not the search that needs
   * a query. */
  g_assert_cmpuint (pb_manifest_get_n_streams (m), ==, 3);
  g_assert_null (pb_manifest_find_stream (m, "search"));
  details = stream (m, "customers_details");
  g_assert_null (pb_manifest_stream_get_record_path (details)[0]);
  g_assert_cmpint (pb_manifest_stream_get_paginator (details)->kind, ==, PB_PAGINATION_NONE);
  g_assert_cmpstr (pb_manifest_stream_get_path (details), ==, "/v1/customers/{{ stream_partition['customer'] }}");
  g_assert_cmpstr (pb_manifest_stream_get_parent (details)->parent_stream, ==, "customers");
  assert_strv (pb_manifest_stream_get_primary_key (details), "id");
  assert_strv (pb_manifest_stream_get_record_path (customers), "data");
  assert_strv (pb_manifest_stream_get_primary_key (customers), "id");
  g_assert_cmpint (p->kind, ==, PB_PAGINATION_CURSOR);
  g_assert_cmpstr (p->token_field, ==, "starting_after");
  g_assert_cmpstr (p->cursor_value, ==, "{{ last_record['id'] }}");
  g_assert_cmpstr (p->stop_condition, ==, "{{ not response['has_more'] }}");
  g_assert_cmpint (p->page_size, ==, 100);
  g_assert_cmpstr (p->page_size_field, ==, "limit");
  /* Unix-time "created" is a cursor, filtered client-side. */
  g_assert_cmpstr (pb_manifest_stream_get_incremental (customers)->cursor_field, ==, "created");
  g_assert_cmpstr (pb_manifest_stream_get_incremental (customers)->datetime_format, ==, "%s");

  g_assert_cmpstr (pb_manifest_stream_get_path (sources), ==, "/v1/customers/{{ stream_partition['customer'] }}/sources");
  g_assert_cmpstr (parent->parent_stream, ==, "customers");
  g_assert_cmpstr (parent->parent_key, ==, "id");
  g_assert_cmpstr (parent->partition_field, ==, "customer");

  ev = pb_manifest_stream_get_evidence (customers, "paginator");
  g_assert_nonnull (ev);
  g_assert_cmpstr (pb_evidence_get_pointer (ev), ==, "#/paths/~1v1~1customers/get");
  g_assert_true (g_str_has_suffix (pb_evidence_get_source_uri (ev), "cursor-substream.json"));
  g_assert_cmpfloat (pb_evidence_get_confidence (ev), >, 0.5);
  g_assert_nonnull (pb_manifest_get_evidence (m, "auth"));
  g_assert_cmpstr (pb_evidence_get_pointer (pb_manifest_get_evidence (m, "auth")), ==, "#/components/securitySchemes/bearerAuth");
}

static void
test_swagger2_offset (void)
{
  g_autoptr (PbManifest) m = analyze ("swagger2-offset.yaml");
  PbManifestStream *items = stream (m, "items");
  PbManifestPaginator *p = pb_manifest_stream_get_paginator (items);
  PbManifestIncremental *inc = pb_manifest_stream_get_incremental (items);
  PbManifestAuth *auth = pb_manifest_get_auth (m);

  g_assert_cmpstr (pb_manifest_get_url_base (m), ==, "https://inventory.example.com/api/v2");
  g_assert_cmpint (auth->kind, ==, PB_AUTH_API_KEY);
  g_assert_true (auth->in_query);
  g_assert_cmpstr (auth->field_name, ==, "api_key");
  /* Top-level array. */
  g_assert_null (pb_manifest_stream_get_record_path (items)[0]);
  assert_strv (pb_manifest_stream_get_primary_key (items), "item_id");
  g_assert_cmpint (p->kind, ==, PB_PAGINATION_OFFSET);
  g_assert_cmpstr (p->token_field, ==, "offset");
  g_assert_cmpint (p->page_size, ==, 500);
  g_assert_cmpstr (inc->cursor_field, ==, "updated_at");
  g_assert_cmpstr (inc->start_time_field, ==, "updated_since");
  g_assert_true (pb_manifest_find_field (m, "start_date")->required);
}

static void
test_oas31_page_link_next_url (void)
{
  g_autoptr (PbManifest) m = analyze ("oas31-page-link.yaml");
  PbManifestStream *tickets = stream (m, "tickets");
  PbManifestStream *users = stream (m, "users");
  PbManifestStream *events = stream (m, "events");
  PbManifestAuth *auth = pb_manifest_get_auth (m);
  PbManifestField *sub = pb_manifest_find_field (m, "subdomain");

  /* Templated host → config field with the variable's default. */
  g_assert_cmpstr (pb_manifest_get_url_base (m), ==, "https://{{ config['subdomain'] }}.helpdesk.example/api/v1");
  g_assert_nonnull (sub);
  g_assert_cmpstr (sub->default_value, ==, "acme");
  /* Authorization key with a non-bearer prefix. */
  g_assert_cmpint (auth->kind, ==, PB_AUTH_API_KEY);
  g_assert_cmpstr (auth->value_prefix, ==, "Token");

  /* 3.1 type arrays: ["array", "null"]. */
  assert_strv (pb_manifest_stream_get_record_path (tickets), "tickets");
  g_assert_cmpint (pb_manifest_stream_get_paginator (tickets)->kind, ==, PB_PAGINATION_PAGE);
  g_assert_cmpint (pb_manifest_stream_get_paginator (tickets)->start_from_page, ==, 1);
  g_assert_cmpstr (pb_manifest_stream_get_paginator (tickets)->page_size_field, ==, "per_page");
  g_assert_cmpstr (pb_manifest_stream_get_incremental (tickets)->cursor_field, ==, "updated_at");

  g_assert_cmpint (pb_manifest_stream_get_paginator (users)->kind, ==, PB_PAGINATION_CURSOR);
  g_assert_cmpint (pb_manifest_stream_get_paginator (users)->token_inject_into, ==, PB_INJECT_PATH);
  g_assert_cmpstr (pb_manifest_stream_get_paginator (users)->cursor_value, ==, "{{ headers['link']['next']['url'] }}");
  g_assert_null (pb_manifest_stream_get_incremental (users)->cursor_field);

  /* Nested record path and the next page's URL in the body. */
  assert_strv (pb_manifest_stream_get_record_path (events), "result,entries");
  assert_strv (pb_manifest_stream_get_primary_key (events), "uuid");
  g_assert_cmpint (pb_manifest_stream_get_paginator (events)->token_inject_into, ==, PB_INJECT_PATH);
  g_assert_cmpstr (pb_manifest_stream_get_paginator (events)->cursor_value, ==, "{{ response['links']['next'] }}");
}

static void
test_oauth2 (void)
{
  g_autoptr (PbManifest) m = analyze ("oauth2.json");
  PbManifestAuth *auth = pb_manifest_get_auth (m);
  PbManifestStream *boards = stream (m, "boards");

  /* The production server, not the sandbox listed first. */
  g_assert_cmpstr (pb_manifest_get_url_base (m), ==, "https://api.pins.example/v5");
  /* The scheme the operations use, over one no operation names. */
  g_assert_cmpint (auth->kind, ==, PB_AUTH_OAUTH);
  g_assert_cmpstr (auth->token_url, ==, "https://api.pins.example/v5/oauth/token");
  g_assert_cmpstr (auth->authorization_url, ==, "https://www.pins.example/oauth/");
  g_assert_cmpstr (auth->grant_type, ==, "refresh_token");
  g_assert_true (g_strv_contains ((const char * const *) auth->scopes, "pins:read"));
  g_assert_true (pb_manifest_find_field (m, "client_secret")->secret);
  g_assert_true (pb_manifest_find_field (m, "refresh_token")->secret);
  g_assert_false (pb_manifest_find_field (m, "client_id")->secret);

  g_assert_cmpint (pb_manifest_stream_get_paginator (boards)->kind, ==, PB_PAGINATION_CURSOR);
  g_assert_cmpstr (pb_manifest_stream_get_paginator (boards)->token_field, ==, "bookmark");
  g_assert_cmpstr (pb_manifest_stream_get_paginator (boards)->cursor_value, ==, "{{ response['bookmark'] }}");
}

static void
test_jsonapi_hal_common (void)
{
  g_autoptr (PbManifest) m = analyze ("jsonapi-hal-common.json");
  PbManifestStream *profiles = stream (m, "profiles");
  PbManifestStream *tags = stream (m, "tags");
  PbManifestStream *transfers = stream (m, "transfers");
  const char * const *added = pb_manifest_stream_get_added_fields (profiles);
  PbManifestField *account = pb_manifest_find_field (m, "account_id");

  /* "Marketing-Key <key>" from x-default: an API key with a prefix, not a bearer token. */
  g_assert_cmpint (pb_manifest_get_auth (m)->kind, ==, PB_AUTH_API_KEY);
  g_assert_cmpstr (pb_manifest_get_auth (m)->value_prefix, ==, "Marketing-Key");

  /* JSON:API: the cursor lives in attributes and is copied up. */
  g_assert_cmpstr (pb_manifest_stream_get_incremental (profiles)->cursor_field, ==, "updated");
  g_assert_cmpstr (added[0], ==, "updated");
  g_assert_cmpstr (added[1], ==, "{{ record['attributes']['updated'] }}");
  g_assert_cmpint (pb_manifest_stream_get_paginator (profiles)->kind, ==, PB_PAGINATION_CURSOR);
  g_assert_cmpint (pb_manifest_stream_get_paginator (profiles)->token_inject_into, ==, PB_INJECT_PATH);
  g_assert_cmpstr (pb_manifest_stream_get_paginator (profiles)->cursor_value, ==, "{{ response['links']['next'] }}");

  /* /tags says nothing about paging: it takes what the other lists do, with low confidence. */
  g_assert_cmpint (pb_manifest_stream_get_paginator (tags)->kind, ==, PB_PAGINATION_CURSOR);
  g_assert_cmpfloat (pb_evidence_get_confidence (pb_manifest_stream_get_evidence (tags, "paginator")), <, 0.5);

  /* HAL: records under _embedded, next link under _links.next.href; the required account id
   * is a config value sent as a request parameter. */
  assert_strv (pb_manifest_stream_get_record_path (transfers), "_embedded,transfers");
  g_assert_cmpstr (pb_manifest_stream_get_paginator (transfers)->cursor_value, ==, "{{ response['_links']['next']['href'] }}");
  g_assert_nonnull (account);
  g_assert_true (account->required);
  g_assert_cmpstr (pb_manifest_stream_get_request_parameters (transfers)[0], ==, "account_id");
  g_assert_cmpstr (pb_manifest_stream_get_request_parameters (transfers)[1], ==, "{{ config['account_id'] }}");
}

static void
test_swagger2_examples_and_required (void)
{
  g_autoptr (PbManifest) m = analyze ("swagger2-examples.json");
  PbManifestStream *users = stream (m, "users_list");
  PbManifestStream *popular = stream (m, "mostpopular");
  PbManifestStream *reports = stream (m, "reports");
  const char * const *params = pb_manifest_stream_get_request_parameters (reports);
  PbManifestField *period = pb_manifest_find_field (m, "period");

  /* "Bearer <token>" in an apiKey description: a bearer token. */
  g_assert_cmpint (pb_manifest_get_auth (m)->kind, ==, PB_AUTH_BEARER);
  /* "items": [alternatives] read as one object; the token is only in the example. */
  assert_strv (pb_manifest_stream_get_record_path (users), "members");
  assert_strv (pb_manifest_stream_get_primary_key (users), "id");
  g_assert_cmpstr (pb_manifest_stream_get_paginator (users)->cursor_value, ==, "{{ response['response_metadata']['next_cursor'] }}");
  g_assert_cmpstr (pb_manifest_stream_get_paginator (users)->token_field, ==, "cursor");

  /* A deprecated operation is kept, flagged by low confidence; "{period}.json" keeps ".json". */
  g_assert_cmpstr (pb_manifest_stream_get_path (popular), ==, "/mostpopular/{{ config['period'] }}.json");
  g_assert_cmpfloat (pb_evidence_get_confidence (pb_manifest_stream_get_evidence (popular, "path")), <, 0.5);
  g_assert_cmpstr (period->default_value, ==, "1");
  g_assert_cmpstr (period->description, ==, "Days.");

  /* Required window and choice parameters are filled; a free-text query is not guessed. */
  g_assert_null (pb_manifest_find_stream (m, "search"));
  g_assert_cmpstr (params[0], ==, "start_date");
  g_assert_cmpstr (params[1], ==, "{{ format_datetime(config['start_date'], '%Y-%m-%d') }}");
  g_assert_cmpstr (params[2], ==, "end_date");
  g_assert_cmpstr (params[3], ==, "{{ now_utc().strftime('%Y-%m-%d') }}");
  g_assert_cmpstr (params[4], ==, "granularity");
  g_assert_cmpstr (params[5], ==, "DAY");
  g_assert_nonnull (pb_manifest_find_field (m, "start_date"));
}

static void
test_writer_json (void)
{
  g_autoptr (PbManifest) m = analyze ("cursor-substream.json");
  g_autoptr (GError) error = NULL;
  g_autofree char *text = pb_manifest_to_string (m, PB_MANIFEST_FORMAT_JSON, &error);
  g_autofree char *evidence = pb_manifest_evidence_to_string (m);
  cJSON *root, *s0, *requester, *secret, *sub;

  g_assert_no_error (error);
  root = cJSON_Parse (text);
  g_assert_nonnull (root);
  g_assert_cmpstr (cJSON_GetObjectItem (root, "type")->valuestring, ==, "DeclarativeSource");
  g_assert_cmpstr (cJSON_GetObjectItem (cJSON_GetObjectItem (root, "check"), "type")->valuestring, ==, "CheckStream");
  s0 = cJSON_GetArrayItem (cJSON_GetObjectItem (root, "streams"), 0);
  requester = cJSON_GetObjectItem (cJSON_GetObjectItem (s0, "retriever"), "requester");
  g_assert_cmpstr (cJSON_GetObjectItem (requester, "url_base")->valuestring, ==, "https://api.payments.example");
  g_assert_cmpstr (cJSON_GetObjectItem (requester, "path")->valuestring, ==, "/v1/customers");
  g_assert_cmpstr (cJSON_GetObjectItem (cJSON_GetObjectItem (requester, "authenticator"), "api_token")->valuestring, ==,
                   "{{ config['api_key'] }}");
  secret = cJSON_GetObjectItem (cJSON_GetObjectItem (cJSON_GetObjectItem (cJSON_GetObjectItem (root, "spec"),
                                                                           "connection_specification"), "properties"), "api_key");
  g_assert_true (cJSON_IsTrue (cJSON_GetObjectItem (secret, "airbyte_secret")));
  /* The substream's parent is inline, no $ref. */
  sub = cJSON_GetArrayItem (cJSON_GetObjectItem (root, "streams"), 1);
  g_assert_null (strstr (text, "$ref"));
  g_assert_cmpstr (cJSON_GetObjectItem (cJSON_GetArrayItem (cJSON_GetObjectItem (cJSON_GetObjectItem (cJSON_GetObjectItem (sub, "retriever"), "partition_router"), "parent_stream_configs"), 0), "type")->valuestring,
                   ==, "ParentStreamConfig");
  /* Evidence keyed by a pointer into the manifest. */
  g_assert_nonnull (strstr (evidence, "\"/streams/0/retriever/paginator\""));
  g_assert_nonnull (strstr (evidence, "\"pointer\":\t\"#/paths/~1v1~1customers/get\""));
  cJSON_Delete (root);
}

static void
round_trip (const char       *name,
            PbManifestFormat  format)
{
  g_autoptr (PbManifest) m = analyze (name);
  g_autoptr (GError) error = NULL;
  g_autofree char *json = pb_manifest_to_string (m, PB_MANIFEST_FORMAT_JSON, &error);
  g_autofree char *text = pb_manifest_to_string (m, format, &error);
  g_autoptr (PbManifest) back = NULL;
  g_autofree char *again = NULL;

  g_assert_no_error (error);
  back = pb_manifest_new_from_data (text, strlen (text), &error);
  g_assert_no_error (error);
  again = pb_manifest_to_string (back, PB_MANIFEST_FORMAT_JSON, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (again, ==, json);
}

static void
test_round_trip (void)
{
  const char *files[] = { "cursor-substream.json", "swagger2-offset.yaml", "oas31-page-link.yaml", "oauth2.json",
                          "jsonapi-hal-common.json", "swagger2-examples.json" };

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      round_trip (files[i], PB_MANIFEST_FORMAT_JSON);
      round_trip (files[i], PB_MANIFEST_FORMAT_YAML);
    }
}

static void
test_reader_refs_parameters (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "analyzer", "manifest-refs.yaml", NULL);
  g_autofree char *data = NULL;
  gsize length = 0;
  g_autoptr (GError) error = NULL;
  g_autoptr (PbManifest) m = NULL;
  PbManifestStream *groups;

  g_assert_true (g_file_get_contents (path, &data, &length, NULL));
  m = pb_manifest_new_from_data (data, length, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pb_manifest_get_n_streams (m), ==, 2);
  g_assert_cmpstr (pb_manifest_get_url_base (m), ==, "https://api.example.com/v1");
  g_assert_cmpint (pb_manifest_get_auth (m)->kind, ==, PB_AUTH_API_KEY);
  g_assert_cmpstr (pb_manifest_get_auth (m)->value_prefix, ==, "Token");
  g_assert_cmpstr (pb_manifest_get_auth (m)->field_name, ==, "Authorization");
  groups = stream (m, "groups");
  g_assert_cmpstr (pb_manifest_stream_get_path (groups), ==, "/groups");
  assert_strv (pb_manifest_stream_get_record_path (groups), "groups");
  assert_strv (pb_manifest_stream_get_primary_key (groups), "id");
  g_assert_cmpint (pb_manifest_stream_get_paginator (groups)->token_inject_into, ==, PB_INJECT_PATH);
  g_assert_cmpstr (pb_manifest_stream_get_name (pb_manifest_get_stream (m, 0)), ==, "users");
  g_assert_true (pb_manifest_find_field (m, "api_key")->secret);
  g_assert_true (pb_manifest_find_field (m, "api_key")->required);
}

/* The scorer's own fixture: $ref objects, "#/definitions/…" strings, $parameters, a stream map. */
static void
test_reader_shared_fixture (void)
{
  const char *shared = g_getenv ("PB_SHARED_DIR");
  g_autofree char *path = NULL;
  g_autofree char *data = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (PbManifest) m = NULL;
  g_autoptr (PbManifest) again = NULL;
  g_autofree char *text = NULL;
  gsize length = 0;
  PbManifestStream *logs, *group_users;

  if (shared == NULL)
    {
      g_test_skip ("PB_SHARED_DIR not set");
      return;
    }
  path = g_build_filename (shared, "bench", "fixtures", "spec_like_okta.json", NULL);
  if (!g_file_get_contents (path, &data, &length, NULL))
    {
      g_test_skip ("no shared fixture");
      return;
    }
  m = pb_manifest_new_from_data (data, length, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pb_manifest_get_n_streams (m), ==, 6);
  g_assert_cmpstr (pb_manifest_get_url_base (m), ==, "https://{{ config['yourOktaDomain'] }}/api/v1");
  g_assert_cmpint (pb_manifest_get_auth (m)->kind, ==, PB_AUTH_API_KEY);
  g_assert_cmpstr (pb_manifest_get_auth (m)->value_prefix, ==, "SSWS");
  logs = stream (m, "system_log");
  assert_strv (pb_manifest_stream_get_primary_key (logs), "uuid");
  g_assert_cmpstr (pb_manifest_stream_get_path (logs), ==, "/logs");
  g_assert_cmpstr (pb_manifest_stream_get_incremental (logs)->cursor_field, ==, "published");
  g_assert_cmpint (pb_manifest_stream_get_paginator (logs)->token_inject_into, ==, PB_INJECT_PATH);
  g_assert_cmpint (pb_manifest_stream_get_paginator (logs)->page_size, ==, 200);
  group_users = stream (m, "group_users");
  g_assert_cmpstr (pb_manifest_stream_get_path (group_users), ==, "/groups/{{ stream_partition.groupId }}/users");
  assert_strv (pb_manifest_stream_get_primary_key (group_users), "id");

  /* Written back inline and read again: the same model. */
  text = pb_manifest_to_string (m, PB_MANIFEST_FORMAT_YAML, &error);
  g_assert_no_error (error);
  again = pb_manifest_new_from_data (text, strlen (text), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pb_manifest_get_n_streams (again), ==, 6);
  g_assert_cmpstr (pb_manifest_stream_get_incremental (stream (again, "users"))->cursor_field, ==, "lastUpdated");
}

static void
test_reader_errors (void)
{
  const char *cases[] = {
    "{\"type\": \"DeclarativeSource\", \"streams\": [{\"$ref\": \"#/definitions/missing\"}]}",
    "{\"type\": \"Something\"}",
    "{\"type\": \"DeclarativeSource\", \"streams\": [",
    "definitions:\n  a: {$ref: '#/definitions/b'}\n  b: {$ref: '#/definitions/a'}\ntype: DeclarativeSource\nstreams: [{$ref: '#/definitions/a'}]\n",
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (PbManifest) m = pb_manifest_new_from_data (cases[i], strlen (cases[i]), &error);

      g_assert_null (m);
      g_assert_error (error, PB_ERROR, (int) (i == 1 ? PB_ERROR_UNSUPPORTED_FORMAT : PB_ERROR_PARSE));
    }
}

/* Specs in shapes no one should write: loops, wrong types, missing refs. Results, not crashes. */
static void
test_odd_shapes (void)
{
  g_autoptr (PbManifest) m = analyze ("odd-shapes.json");
  PbManifestStream *nodes = stream (m, "nodes");
  g_autoptr (GError) error = NULL;
  g_autofree char *text = pb_manifest_to_string (m, PB_MANIFEST_FORMAT_YAML, &error);

  g_assert_no_error (error);
  g_assert_null (pb_manifest_stream_get_record_path (nodes)[0]);
  assert_strv (pb_manifest_stream_get_primary_key (nodes), "id");
  g_assert_cmpint (pb_manifest_get_auth (m)->kind, ==, PB_AUTH_NONE);
  g_assert_null (pb_manifest_get_url_base (m));
  g_assert_null (pb_manifest_find_stream (m, "not_a_path"));
}

/* A manifest whose references fan out exponentially is refused, not expanded. */
static void
test_reader_fan_out (void)
{
  GString *yaml = g_string_new ("type: DeclarativeSource\ndefinitions:\n  d0: {type: DeclarativeStream, name: x}\n");
  g_autoptr (GError) error = NULL;
  g_autoptr (PbManifest) m = NULL;

  for (guint i = 1; i <= 12; i++)
    {
      g_string_append_printf (yaml, "  d%u: [", i);
      for (guint k = 0; k < 10; k++)
        g_string_append_printf (yaml, "%s\"#/definitions/d%u\"", k ? ", " : "", i - 1);
      g_string_append (yaml, "]\n");
    }
  g_string_append (yaml, "streams: [{$ref: '#/definitions/d0', extra: '#/definitions/d12'}]\n");
  m = pb_manifest_new_from_data (yaml->str, yaml->len, &error);
  g_assert_null (m);
  g_assert_error (error, PB_ERROR, PB_ERROR_PARSE);
  g_assert_nonnull (strstr (error->message, "too many"));
  g_string_free (yaml, TRUE);
}

static void
test_nothing_found (void)
{
  const char *spec = "{\"openapi\": \"3.0.0\", \"info\": {\"title\": \"x\", \"version\": \"1\"}, \"paths\": {"
                     "\"/things/{id}\": {\"get\": {\"responses\": {\"200\": {\"description\": \"one\"}}}}}}";
  g_autoptr (GBytes) bytes = g_bytes_new_static (spec, strlen (spec));
  g_autoptr (GError) error = NULL;
  g_autoptr (PbSpecDocument) doc = pb_spec_document_new_from_bytes (bytes, "memory.json", &error);
  g_autoptr (PbAnalyzer) analyzer = NULL;
  g_autoptr (PbManifest) m = NULL;

  g_assert_no_error (error);
  analyzer = pb_analyzer_new (doc);
  m = pb_analyzer_run (analyzer, &error);
  g_assert_null (m);
  g_assert_error (error, PB_ERROR, PB_ERROR_NOTHING_FOUND);
}

static void
on_done (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  GError **error = user_data;
  PbManifest *m = pb_assist_run_finish (result, error);

  g_assert_null (m);
}

static void
test_assist_errors (void)
{
  struct { const char *source; int code; } cases[] = {
    { "https://", PB_ERROR_INVALID_URL },
    { "ftp://example.com/spec.json", PB_ERROR_INVALID_URL },
    { "/nonexistent/spec.json", PB_ERROR_NOT_FOUND },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      GError *error = NULL;

      pb_assist_run_async (cases[i].source, NULL, NULL, NULL, NULL, on_done, &error);
      while (error == NULL)
        g_main_context_iteration (NULL, TRUE);
      g_assert_error (error, PB_ERROR, cases[i].code);
      g_clear_error (&error);
    }
}

static int
run_cli (const char * const *args,
         char              **out,
         char              **err)
{
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_autoptr (GError) error = NULL;
  int status = 0;

  g_ptr_array_add (argv, (gpointer) g_getenv ("PB_CLI"));
  g_ptr_array_add (argv, (gpointer) "assist");
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL, out, err, &status, &error));
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (status));
  return WEXITSTATUS (status);
}

static char *
write_temp (const char *dir,
            const char *name,
            const char *data,
            gssize      length)
{
  char *path = g_build_filename (dir, name, NULL);

  g_assert_true (g_file_set_contents (path, data, length, NULL));
  return path;
}

static void
test_cli (void)
{
  g_autofree char *dir = g_dir_make_tmp ("pb-assist-XXXXXX", NULL);
  g_autofree char *spec = g_test_build_filename (G_TEST_DIST, "data", "analyzer", "cursor-substream.json", NULL);
  g_autofree char *manifest_path = g_build_filename (dir, "manifest.json", NULL);
  g_autofree char *evidence_path = g_build_filename (dir, "evidence.json", NULL);
  g_autofree char *truncated = write_temp (dir, "truncated.json", "{\"openapi\": \"3.0.0\",\n \"paths\": {", -1);
  g_autofree char *binary = write_temp (dir, "garbage.bin", "\x7f" "ELF\x02\x01\x00\x00\xff\xfe", 10);
  g_autofree char *empty = write_temp (dir, "empty.json",
                                        "{\"openapi\": \"3.0.0\", \"info\": {\"title\": \"t\", \"version\": \"1\"}, \"paths\": {}}", -1);
  g_autofree char *evidence = NULL;
  cJSON *root;

  if (g_getenv ("PB_CLI") == NULL)
    {
      g_test_skip ("PB_CLI not set");
      return;
    }

  {
    const char *args[] = { "http://", NULL };
    g_autofree char *out = NULL, *err = NULL;

    g_assert_cmpint (run_cli (args, &out, &err), ==, 10);
    g_assert_nonnull (strstr (err, "not a valid URL"));
  }
  {
    const char *args[] = { truncated, NULL };
    g_autofree char *out = NULL, *err = NULL;

    g_assert_cmpint (run_cli (args, &out, &err), ==, 15);
    g_assert_nonnull (strstr (err, "line 2"));
  }
  {
    const char *args[] = { binary, NULL };
    g_autofree char *out = NULL, *err = NULL;

    g_assert_cmpint (run_cli (args, &out, &err), ==, 14);
  }
  {
    const char *args[] = { empty, NULL };
    g_autofree char *out = NULL, *err = NULL;

    g_assert_cmpint (run_cli (args, &out, &err), ==, 13);
    g_assert_nonnull (strstr (err, "No readable list endpoint"));
  }
  {
    const char *args[] = { spec, "--format", "xml", NULL };
    g_autofree char *out = NULL, *err = NULL;

    g_assert_cmpint (run_cli (args, &out, &err), ==, 2);
  }
  {
    /* YAML on stdout, progress on stderr. */
    const char *args[] = { spec, NULL };
    g_autofree char *out = NULL, *err = NULL;

    g_assert_cmpint (run_cli (args, &out, &err), ==, 0);
    g_assert_true (g_str_has_prefix (out, "version: \"6.0.0\"\ntype: DeclarativeSource\n"));
    g_assert_nonnull (strstr (err, "Found 3 streams"));
  }
  {
    const char *args[] = { spec, "--format", "json", "--output", manifest_path, "--evidence", evidence_path, NULL };
    g_autofree char *out = NULL, *err = NULL;

    g_assert_cmpint (run_cli (args, &out, &err), ==, 0);
    g_assert_cmpstr (out, ==, "");
    g_assert_true (g_file_test (manifest_path, G_FILE_TEST_IS_REGULAR));
  }
  g_assert_true (g_file_get_contents (evidence_path, &evidence, NULL, NULL));
  root = cJSON_Parse (evidence);
  g_assert_nonnull (root);
  g_assert_nonnull (cJSON_GetObjectItem (cJSON_GetObjectItem (root, "/streams/0/retriever/paginator"), "pointer"));
  g_assert_nonnull (cJSON_GetObjectItem (root, "/streams/0/retriever/requester/url_base"));
  cJSON_Delete (root);

  g_remove (manifest_path);
  g_remove (evidence_path);
  g_remove (truncated);
  g_remove (binary);
  g_remove (empty);
  g_rmdir (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/analyzer/cursor-and-substream", test_cursor_and_substream);
  g_test_add_func ("/analyzer/swagger2-offset", test_swagger2_offset);
  g_test_add_func ("/analyzer/oas31-page-link-next-url", test_oas31_page_link_next_url);
  g_test_add_func ("/analyzer/oauth2", test_oauth2);
  g_test_add_func ("/analyzer/jsonapi-hal-common", test_jsonapi_hal_common);
  g_test_add_func ("/analyzer/swagger2-examples-and-required", test_swagger2_examples_and_required);
  g_test_add_func ("/analyzer/odd-shapes", test_odd_shapes);
  g_test_add_func ("/analyzer/nothing-found", test_nothing_found);
  g_test_add_func ("/manifest/writer-json", test_writer_json);
  g_test_add_func ("/manifest/round-trip", test_round_trip);
  g_test_add_func ("/manifest/reader-refs-parameters", test_reader_refs_parameters);
  g_test_add_func ("/manifest/reader-shared-fixture", test_reader_shared_fixture);
  g_test_add_func ("/manifest/reader-errors", test_reader_errors);
  g_test_add_func ("/manifest/reader-fan-out", test_reader_fan_out);
  g_test_add_func ("/assist/errors", test_assist_errors);
  g_test_add_func ("/assist/cli", test_cli);
  return g_test_run ();
}
