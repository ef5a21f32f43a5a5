/* test-analyzer-rules.c: each general analyzer rule family on a hand-written spec fragment,
 * with the family switched on and off (the switch bench/assist-crossval.sh uses)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "pb-analyzer.h"
#include "pb-manifest.h"

/* Runs the analyzer on the JSON text SPEC with the rule families DISABLED left out. */
static PbManifest *
analyze_text (const char *spec,
              const char *disabled)
{
  g_autoptr (GBytes) bytes = g_bytes_new (spec, strlen (spec));
  g_autoptr (GError) error = NULL;
  g_autoptr (PbSpecDocument) doc
    = pb_spec_document_new_from_bytes (bytes, "https://specs.example/openapi.json", &error);
  g_autoptr (PbAnalyzer) analyzer = NULL;
  PbManifest *manifest;

  g_assert_no_error (error);
  analyzer = pb_analyzer_new (doc);
  pb_analyzer_set_disabled_rules (analyzer, disabled);
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

static char *
joined (const char * const *strv)
{
  return strv != NULL ? g_strjoinv (",", (char **) strv) : g_strdup ("");
}

#define OPENAPI_HEAD                                                                  \
  "{\"openapi\": \"3.0.3\", \"info\": {\"title\": \"T\", \"version\": \"1\"},"        \
  "\"servers\": [{\"url\": \"https://api.example.test/v1\"}],"

/* A list reached only by POST with an optional JSON body that pages through the body; a POST
 * that creates (201) or whose id says so is left alone. */
static const char post_spec[] = OPENAPI_HEAD
  "\"paths\": {"
  " \"/orders/query\": {\"post\": {\"operationId\": \"queryOrders\","
  "   \"requestBody\": {\"content\": {\"application/json\": {\"schema\": {\"type\": \"object\","
  "     \"properties\": {\"cursor\": {\"type\": \"string\"},"
  "       \"limit\": {\"type\": \"integer\", \"maximum\": 500}}}}}},"
  "   \"responses\": {\"200\": {\"content\": {\"application/json\": {\"schema\": {"
  "     \"type\": \"object\", \"properties\": {\"orders\": {\"type\": \"array\", \"items\":"
  "       {\"type\": \"object\", \"properties\": {\"id\": {\"type\": \"string\"}}}},"
  "     \"cursor\": {\"type\": \"string\"}}}}}}}}},"
  " \"/orders\": {\"post\": {\"operationId\": \"createOrder\","
  "   \"responses\": {\"201\": {\"content\": {\"application/json\": {\"schema\": {"
  "     \"type\": \"array\", \"items\": {\"type\": \"object\"}}}}}}}},"
  " \"/refunds/batch-list\": {\"post\": {\"operationId\": \"sendRefunds\","
  "   \"responses\": {\"200\": {\"content\": {\"application/json\": {\"schema\": {"
  "     \"type\": \"array\", \"items\": {\"type\": \"object\"}}}}}}}},"
  " \"/customers\": {\"get\": {\"responses\": {\"200\": {\"content\": {\"application/json\":"
  "   {\"schema\": {\"type\": \"array\", \"items\": {\"type\": \"object\"}}}}}}}}}}";

static void
test_post_lists (void)
{
  g_autoptr (PbManifest) m = analyze_text (post_spec, NULL);
  g_autoptr (PbManifest) off = analyze_text (post_spec, "post-lists");
  PbManifestStream *orders = stream (m, "orders_query");
  PbManifestPaginator *p = pb_manifest_stream_get_paginator (orders);
  g_autofree char *record_path = joined (pb_manifest_stream_get_record_path (orders));

  g_assert_cmpstr (pb_manifest_stream_get_http_method (orders), ==, "POST");
  g_assert_cmpstr (record_path, ==, "orders");
  g_assert_cmpint (p->kind, ==, PB_PAGINATION_CURSOR);
  g_assert_cmpstr (p->cursor_value, ==, "{{ response['cursor'] }}");
  g_assert_cmpint (p->token_inject_into, ==, PB_INJECT_BODY_JSON);
  g_assert_cmpstr (p->token_field, ==, "cursor");
  g_assert_cmpint (p->page_size_inject_into, ==, PB_INJECT_BODY_JSON);
  g_assert_cmpint (p->page_size, ==, 500);
  /* Creation (201) and a "send…" operation are not lists. */
  g_assert_cmpuint (pb_manifest_get_n_streams (m), ==, 2);
  g_assert_nonnull (pb_manifest_find_stream (m, "customers"));
  /* Switched off, only POST …/search is read. */
  g_assert_null (pb_manifest_find_stream (off, "orders_query"));
  g_assert_cmpuint (pb_manifest_get_n_streams (off), ==, 1);
}

/* The next page's whole URL in the body, named without "url" ("paging.next"), recognised from
 * its format, description or example; it wins over a cursor parameter it carries. */
static const char next_url_spec[] = OPENAPI_HEAD
  "\"paths\": {"
  " \"/posts\": {\"get\": {\"parameters\": ["
  "   {\"name\": \"after\", \"in\": \"query\", \"schema\": {\"type\": \"string\"}},"
  "   {\"name\": \"limit\", \"in\": \"query\", \"schema\": {\"type\": \"integer\"}}],"
  "  \"responses\": {\"200\": {\"content\": {\"application/json\": {\"schema\": {"
  "   \"type\": \"object\", \"properties\": {\"data\": {\"type\": \"array\", \"items\":"
  "     {\"type\": \"object\", \"properties\": {\"id\": {\"type\": \"string\"}}}},"
  "   \"paging\": {\"type\": \"object\", \"properties\": {"
  "     \"cursors\": {\"type\": \"object\", \"properties\": {\"after\": {\"type\": \"string\"}}},"
  "     \"next\": {\"type\": \"string\", \"format\": \"uri\"}}}}}}}}}}},"
  " \"/comments\": {\"get\": {\"parameters\": ["
  "   {\"name\": \"page\", \"in\": \"query\", \"schema\": {\"type\": \"integer\"}}],"
  "  \"responses\": {\"200\": {\"content\": {\"application/json\": {"
  "   \"schema\": {\"type\": \"object\", \"properties\": {"
  "     \"items\": {\"type\": \"array\", \"items\": {\"type\": \"object\"}},"
  "     \"meta\": {\"type\": \"object\", \"properties\": {\"next\": {\"type\": \"string\"}}}}},"
  "   \"example\": {\"items\": [], \"meta\": {\"next\": \"https://api.example.test/v1/c?page=2\"}}"
  "  }}}}}}}}";

static void
test_next_url (void)
{
  g_autoptr (PbManifest) m = analyze_text (next_url_spec, NULL);
  g_autoptr (PbManifest) off = analyze_text (next_url_spec, "next-url");
  PbManifestPaginator *posts = pb_manifest_stream_get_paginator (stream (m, "posts"));
  PbManifestPaginator *comments = pb_manifest_stream_get_paginator (stream (m, "comments"));

  g_assert_cmpint (posts->kind, ==, PB_PAGINATION_CURSOR);
  g_assert_cmpint (posts->token_inject_into, ==, PB_INJECT_PATH);
  g_assert_cmpstr (posts->cursor_value, ==, "{{ response['paging']['next'] }}");
  g_assert_cmpint (comments->kind, ==, PB_PAGINATION_CURSOR);
  g_assert_cmpint (comments->token_inject_into, ==, PB_INJECT_PATH);
  g_assert_cmpstr (comments->cursor_value, ==, "{{ response['meta']['next'] }}");
  /* Off: a "next" that is not named as a URL loses to the page number. */
  g_assert_cmpint (pb_manifest_stream_get_paginator (stream (off, "comments"))->kind, ==,
                   PB_PAGINATION_PAGE);
}

/* Cursor fields with other names and types, and a cursor only the filter parameter names. */
static const char cursor_spec[] = OPENAPI_HEAD
  "\"paths\": {"
  " \"/files\": {\"get\": {\"responses\": {\"200\": {\"content\": {\"application/json\": {"
  "   \"schema\": {\"type\": \"array\", \"items\": {\"type\": \"object\", \"properties\": {"
  "     \"id\": {\"type\": \"string\"}, \"date_modified\": {\"type\": \"integer\"}}}}}}}}}},"
  " \"/reports\": {\"get\": {\"responses\": {\"200\": {\"content\": {\"application/json\": {"
  "   \"schema\": {\"type\": \"array\", \"items\": {\"type\": \"object\", \"properties\": {"
  "     \"id\": {\"type\": \"string\"},"
  "     \"date_generated\": {\"type\": \"string\", \"format\": \"date-time\"}}}}}}}}}},"
  " \"/tasks\": {\"get\": {\"parameters\": ["
  "   {\"name\": \"modified_after\", \"in\": \"query\", \"schema\": {\"type\": \"string\"}}],"
  "  \"responses\": {\"200\": {\"content\": {\"application/json\": {"
  "   \"schema\": {\"type\": \"array\", \"items\": {\"type\": \"object\", \"properties\": {"
  "     \"id\": {\"type\": \"string\"}, \"modified\": {\"type\": \"string\"},"
  "     \"due\": {\"type\": \"string\", \"format\": \"date-time\"}}}}}}}}}},"
  " \"/events\": {\"get\": {\"parameters\": ["
  "   {\"name\": \"start_time\", \"in\": \"query\", \"schema\": {\"type\": \"integer\"}}],"
  "  \"responses\": {\"200\": {\"content\": {\"application/json\": {"
  "   \"schema\": {\"type\": \"array\", \"items\": {\"type\": \"object\", \"properties\": {"
  "     \"id\": {\"type\": \"string\"},"
  "     \"at\": {\"type\": \"integer\", \"format\": \"unix-time\"}}}}}}}}}}}}";

static void
test_cursor_names (void)
{
  g_autoptr (PbManifest) m = analyze_text (cursor_spec, NULL);
  g_autoptr (PbManifest) off = analyze_text (cursor_spec, "cursor-names");
  PbManifestIncremental *files = pb_manifest_stream_get_incremental (stream (m, "files"));
  PbManifestIncremental *tasks = pb_manifest_stream_get_incremental (stream (m, "tasks"));
  PbManifestIncremental *events = pb_manifest_stream_get_incremental (stream (m, "events"));

  /* An epoch integer: read and sent as seconds. */
  g_assert_cmpstr (files->cursor_field, ==, "date_modified");
  g_assert_cmpstr (files->datetime_format, ==, "%s");
  g_assert_cmpstr (pb_manifest_stream_get_incremental (stream (m, "reports"))->cursor_field, ==,
                   "date_generated");
  /* "modified_after" compares with "modified"; "start_time" with the only time field. */
  g_assert_cmpstr (tasks->cursor_field, ==, "modified");
  g_assert_cmpstr (tasks->start_time_field, ==, "modified_after");
  g_assert_cmpstr (events->cursor_field, ==, "at");
  g_assert_cmpstr (events->start_time_field, ==, "start_time");
  g_assert_null (pb_manifest_stream_get_incremental (stream (off, "reports"))->cursor_field);
  g_assert_null (pb_manifest_stream_get_incremental (stream (off, "events"))->cursor_field);
}

/* Auth told in prose: an Authorization prefix only the description gives, an http scheme with
 * its own prefix, and a static token preferred to OAuth when both read as much. */
#define AUTH_PATHS                                                                     \
  "\"paths\": {\"/things\": {\"get\": {\"responses\": {\"200\": {\"content\": {"       \
  "\"application/json\": {\"schema\": {\"type\": \"array\", \"items\": {\"type\": "    \
  "\"object\"}}}}}}}}},"

static const char auth_prose_spec[] = OPENAPI_HEAD AUTH_PATHS
  "\"security\": [{\"key\": []}],"
  "\"components\": {\"securitySchemes\": {\"key\": {\"type\": \"apiKey\", \"in\": \"header\","
  " \"name\": \"Authorization\", \"description\": \"Send the header as "
  "\\\"Authorization: Token abc123\\\".\"}}}}";
static const char auth_http_spec[] = OPENAPI_HEAD AUTH_PATHS
  "\"security\": [{\"t\": []}],"
  "\"components\": {\"securitySchemes\": {\"t\": {\"type\": \"http\", \"scheme\": \"SSWS\"}}}}";
static const char auth_both_spec[] = OPENAPI_HEAD
  "\"paths\": {\"/things\": {\"get\": {\"security\": [{\"oauth\": []}, {\"token\": []}],"
  "  \"responses\": {\"200\": {\"content\": {\"application/json\": {\"schema\": {"
  "  \"type\": \"array\", \"items\": {\"type\": \"object\"}}}}}}}},"
  " \"/others\": {\"get\": {\"responses\": {\"200\": {\"content\": {\"application/json\": {"
  "  \"schema\": {\"type\": \"array\", \"items\": {\"type\": \"object\"}}}}}}}}},"
  "\"security\": [{\"oauth\": []}],"
  "\"components\": {\"securitySchemes\": {"
  " \"oauth\": {\"type\": \"oauth2\", \"flows\": {\"authorizationCode\": {"
  "   \"authorizationUrl\": \"https://example.test/auth\","
  "   \"tokenUrl\": \"https://example.test/token\", \"scopes\": {}}}},"
  " \"token\": {\"type\": \"http\", \"scheme\": \"bearer\"}}}}";

static void
test_auth_prose (void)
{
  g_autoptr (PbManifest) prose = analyze_text (auth_prose_spec, NULL);
  g_autoptr (PbManifest) prose_off = analyze_text (auth_prose_spec, "auth-prose");
  g_autoptr (PbManifest) http = analyze_text (auth_http_spec, NULL);
  g_autoptr (PbManifest) both = analyze_text (auth_both_spec, NULL);
  g_autoptr (PbManifest) both_off = analyze_text (auth_both_spec, "auth-prose");

  g_assert_cmpint (pb_manifest_get_auth (prose)->kind, ==, PB_AUTH_API_KEY);
  g_assert_cmpstr (pb_manifest_get_auth (prose)->value_prefix, ==, "Token");
  g_assert_cmpint (pb_manifest_get_auth (prose_off)->kind, ==, PB_AUTH_BEARER);
  g_assert_cmpint (pb_manifest_get_auth (http)->kind, ==, PB_AUTH_API_KEY);
  g_assert_cmpstr (pb_manifest_get_auth (http)->field_name, ==, "Authorization");
  g_assert_cmpstr (pb_manifest_get_auth (http)->value_prefix, ==, "SSWS");
  g_assert_cmpint (pb_manifest_get_auth (both)->kind, ==, PB_AUTH_BEARER);
  g_assert_true (pb_manifest_find_field (both, "api_key")->secret);
  /* Off: the scheme more read operations accept. */
  g_assert_cmpint (pb_manifest_get_auth (both_off)->kind, ==, PB_AUTH_OAUTH);
}

/* A group's members are users listed elsewhere too, and a user record does not name its group:
 * the key is [groupId, id]. A group's own sub-list (its notes) keeps its id. */
#define LIST_OF(props)                                                                 \
  "{\"responses\": {\"200\": {\"content\": {\"application/json\": {\"schema\": {"      \
  "\"type\": \"array\", \"items\": {\"type\": \"object\", \"properties\": {" props     \
  "}}}}}}}}"

static const char membership_spec[] = OPENAPI_HEAD
  "\"paths\": {"
  " \"/groups\": {\"get\": " LIST_OF ("\"id\": {\"type\": \"string\"}") "},"
  " \"/users\": {\"get\": " LIST_OF ("\"id\": {\"type\": \"string\"}") "},"
  " \"/groups/{groupId}/users\": {\"parameters\": [{\"name\": \"groupId\", \"in\": \"path\","
  "   \"required\": true, \"schema\": {\"type\": \"string\"}}],"
  "  \"get\": " LIST_OF ("\"id\": {\"type\": \"string\"}") "},"
  " \"/groups/{groupId}/notes\": {\"parameters\": [{\"name\": \"groupId\", \"in\": \"path\","
  "   \"required\": true, \"schema\": {\"type\": \"string\"}}],"
  "  \"get\": " LIST_OF ("\"id\": {\"type\": \"string\"}") "}}}";

static void
test_membership_keys (void)
{
  g_autoptr (PbManifest) m = analyze_text (membership_spec, NULL);
  g_autoptr (PbManifest) off = analyze_text (membership_spec, "membership-keys");
  PbManifestStream *members = stream (m, "groups_users");
  g_autofree char *pk = joined (pb_manifest_stream_get_primary_key (members));
  g_autofree char *added = joined (pb_manifest_stream_get_added_fields (members));
  g_autofree char *notes_pk
    = joined (pb_manifest_stream_get_primary_key (stream (m, "groups_notes")));
  g_autofree char *off_pk
    = joined (pb_manifest_stream_get_primary_key (stream (off, "groups_users")));

  g_assert_cmpstr (pk, ==, "groupId,id");
  g_assert_nonnull (strstr (added, "groupId"));
  g_assert_nonnull (strstr (added, "stream_partition"));
  g_assert_cmpstr (notes_pk, ==, "id");
  g_assert_cmpstr (off_pk, ==, "id");
}

/* Ranking: the paginated top-level list first, then the admin list, then the search beside the
 * list and a sub-resource. Only the first is suggested; the evidence says so. */
static const char ranking_spec[] = OPENAPI_HEAD
  "\"paths\": {"
  " \"/settings\": {\"get\": " LIST_OF ("\"id\": {\"type\": \"string\"}") "},"
  " \"/users/search\": {\"post\": {\"operationId\": \"searchUsers\","
  "   \"responses\": {\"200\": {\"content\": {\"application/json\": {\"schema\": {"
  "     \"type\": \"array\", \"items\": {\"type\": \"object\", \"properties\": {"
  "       \"id\": {\"type\": \"string\"}}}}}}}}}},"
  " \"/users/{id}/notes\": {\"parameters\": [{\"name\": \"id\", \"in\": \"path\","
  "   \"required\": true, \"schema\": {\"type\": \"string\"}}],"
  "  \"get\": " LIST_OF ("\"id\": {\"type\": \"string\"}") "},"
  " \"/users\": {\"get\": {\"parameters\": ["
  "   {\"name\": \"offset\", \"in\": \"query\", \"schema\": {\"type\": \"integer\"}}],"
  "   \"responses\": {\"200\": {\"content\": {\"application/json\": {\"schema\": {"
  "     \"type\": \"array\", \"items\": {\"type\": \"object\", \"properties\": {"
  "       \"id\": {\"type\": \"string\"}}}}}}}}}}}}";

static void
test_ranking (void)
{
  g_autoptr (PbManifest) m = analyze_text (ranking_spec, NULL);
  g_autoptr (PbManifest) off = analyze_text (ranking_spec, "ranking");
  g_autofree char *evidence = pb_manifest_evidence_to_string (m);
  PbManifestStream *first = pb_manifest_get_stream (m, 0);
  guint n = pb_manifest_get_n_streams (m);

  g_assert_cmpuint (n, ==, 4);
  g_assert_cmpstr (pb_manifest_stream_get_path (first), ==, "/users");
  g_assert_true (pb_manifest_stream_get_suggested (first));
  /* The search and the sub-resource come after the admin list: each loses more. */
  g_assert_cmpstr (pb_manifest_stream_get_path (pb_manifest_get_stream (m, 1)), ==, "/settings");
  for (guint i = 1; i < n; i++)
    g_assert_false (pb_manifest_stream_get_suggested (pb_manifest_get_stream (m, i)));
  g_assert_nonnull (strstr (evidence, "\"suggested\":\ttrue"));
  g_assert_nonnull (strstr (evidence, "\"rank\":\t1"));
  /* Off: the analyzer's own order (shallow paths first, then the spec's order). */
  g_assert_cmpstr (pb_manifest_stream_get_name (pb_manifest_get_stream (off, 0)), ==, "settings");
  g_assert_false (pb_manifest_stream_get_suggested (pb_manifest_get_stream (off, 0)));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/analyzer-rules/post-lists", test_post_lists);
  g_test_add_func ("/analyzer-rules/next-url", test_next_url);
  g_test_add_func ("/analyzer-rules/cursor-names", test_cursor_names);
  g_test_add_func ("/analyzer-rules/auth-prose", test_auth_prose);
  g_test_add_func ("/analyzer-rules/membership-keys", test_membership_keys);
  g_test_add_func ("/analyzer-rules/ranking", test_ranking);
  return g_test_run ();
}
