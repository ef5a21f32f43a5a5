/* test-runner-cli.c: `plugboard-cli test-read` end to end against the loopback API: JSON and
 * human output, exit codes, a canary key that never shows anywhere (even with PB_HTTP_DEBUG=1),
 * and a manifest made by `plugboard-cli assist` from an OpenAPI spec read with a connector's key
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include <cjson/cJSON.h>

#include "pb-cli.h"
#include "pb-runner-test-server.h"
#include "pb-test-util.h"

#define CANARY "canary_zq81VxT7pLm4Rw"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (cJSON, cJSON_Delete)

typedef struct {
  int   status;
  char *out;
  char *err;
} Run;

static void
run_clear (Run *r)
{
  g_clear_pointer (&r->out, g_free);
  g_clear_pointer (&r->err, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

static PbRunnerTestServer *server;
static char *manifest_path;
static char *config_path;

static Run
cli (const char *stdin_text,
     ...)
{
  g_autoptr (GPtrArray) args = g_ptr_array_new ();
  Run r = { 0 };
  const char *arg;
  va_list ap;

  va_start (ap, stdin_text);
  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (args, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);
  r.status = pb_test_run_cli ((const char *const *) args->pdata, stdin_text, &r.out, &r.err);
  /* The canary never shows, whatever happened. */
  g_assert_null (strstr (r.out, CANARY));
  g_assert_null (strstr (r.err, CANARY));
  return r;
}

#define CLI(stdin_text, ...) cli (stdin_text, __VA_ARGS__, NULL)

static void
ensure_connector (void)
{
  static gboolean done;

  if (done)
    return;
  {
    g_auto (Run) create = CLI (NULL, "create", "--name", "Acme", "--type", "api-key");
    g_auto (Run) secret = CLI (CANARY, "set-secret", "Acme", "api-key");

    g_assert_cmpint (create.status, ==, 0);
    g_assert_cmpint (secret.status, ==, 0);
  }
  done = TRUE;
}

static cJSON *
read_json (const char *stream,
           int         expected_status,
           ...)
{
  g_autoptr (GPtrArray) args = g_ptr_array_new ();
  g_auto (Run) r = { 0 };
  const char *arg;
  va_list ap;
  cJSON *json;

  ensure_connector ();
  g_ptr_array_add (args, (gpointer) "test-read");
  g_ptr_array_add (args, manifest_path);
  g_ptr_array_add (args, (gpointer) "--stream");
  g_ptr_array_add (args, (gpointer) stream);
  g_ptr_array_add (args, (gpointer) "--connector");
  g_ptr_array_add (args, (gpointer) "Acme");
  g_ptr_array_add (args, (gpointer) "--config");
  g_ptr_array_add (args, config_path);
  g_ptr_array_add (args, (gpointer) "--json");
  va_start (ap, expected_status);
  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (args, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);
  r.status = pb_test_run_cli ((const char *const *) args->pdata, NULL, &r.out, &r.err);
  g_assert_null (strstr (r.out, CANARY));
  g_assert_null (strstr (r.err, CANARY));
  if (r.status != expected_status)
    g_error ("test-read %s: exit %d, wanted %d; stderr: %s", stream, r.status, expected_status,
             r.err);
  json = cJSON_Parse (r.out);
  g_assert_nonnull (json);
  return json;
}

static guint
count_of (const cJSON *json)
{
  return (guint) cJSON_GetObjectItem (json, "record_count")->valuedouble;
}

static gboolean
has_warning (const cJSON *json,
             const char  *code)
{
  const cJSON *w;

  cJSON_ArrayForEach (w, cJSON_GetObjectItem (json, "warnings"))
    if (g_strcmp0 (cJSON_GetStringValue (cJSON_GetObjectItem (w, "code")), code) == 0)
      return TRUE;
  return FALSE;
}

static void
test_json_shape (void)
{
  g_autoptr (cJSON) json = read_json ("cursor_items", 0, NULL);
  const cJSON *page = cJSON_GetArrayItem (cJSON_GetObjectItem (json, "pages"), 0);
  const cJSON *request = cJSON_GetObjectItem (page, "request");
  const cJSON *response = cJSON_GetObjectItem (page, "response");
  const char *keys[] = { "stream", "record_count", "pages", "records", "schema", "warnings",
                         "slices" };

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    g_assert_nonnull (cJSON_GetObjectItem (json, keys[i]));
  g_assert_cmpstr (cJSON_GetStringValue (cJSON_GetObjectItem (json, "stream")), ==,
                   "cursor_items");
  g_assert_cmpuint (count_of (json), ==, 25);
  g_assert_cmpint (cJSON_GetArraySize (cJSON_GetObjectItem (json, "records")), ==, 25);
  g_assert_cmpint (cJSON_GetArraySize (cJSON_GetObjectItem (json, "pages")), ==, 3);
  g_assert_cmpstr (cJSON_GetStringValue (cJSON_GetObjectItem (request, "method")), ==, "GET");
  g_assert_true (g_str_has_suffix (cJSON_GetStringValue (cJSON_GetObjectItem (request, "url")),
                                   "/cursor/items"));
  g_assert_cmpstr (cJSON_GetStringValue (cJSON_GetObjectItem (
                     cJSON_GetObjectItem (request, "headers"), "X-Api-Key")),
                   ==, "[redacted]");
  g_assert_cmpint (cJSON_GetObjectItem (response, "status")->valuedouble, ==, 200);
  g_assert_true (cJSON_IsObject (cJSON_GetObjectItem (response, "headers")));
  g_assert_cmpint (cJSON_GetObjectItem (page, "record_count")->valuedouble, ==, 10);
  g_assert_cmpint (cJSON_GetArraySize (cJSON_GetObjectItem (json, "warnings")), ==, 0);
  g_assert_cmpstr (cJSON_GetStringValue (cJSON_GetObjectItem (
                     cJSON_GetObjectItem (cJSON_GetObjectItem (cJSON_GetObjectItem (json, "schema"),
                                                               "properties"),
                                          "id"),
                     "type")),
                   ==, "integer");
}

static void
test_every_paginator_and_router (void)
{
  const struct { const char *stream; guint records; } cases[]
    = { { "cursor_items", 25 }, { "link_items", 25 }, { "path_items", 25 },
        { "offset_items", 23 }, { "page_items", 23 }, { "search_items", 25 },
        { "children", 6 },
        { "region_items", 5 }, { "events", 10 } };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (cJSON) json = read_json (cases[i].stream, 0, NULL);

      g_test_message ("%s: %u records", cases[i].stream, count_of (json));
      g_assert_cmpuint (count_of (json), ==, cases[i].records);
      g_assert_cmpint (cJSON_GetArraySize (cJSON_GetObjectItem (json, "warnings")), ==, 0);
    }
  /* a list of routers: 2 regions × 3 parents */
  {
    g_autoptr (cJSON) json = read_json ("region_parent_items", 0, "--max-slices", "6", NULL);

    g_assert_cmpuint (count_of (json), ==, 15);
    g_assert_cmpint (cJSON_GetArraySize (cJSON_GetObjectItem (json, "slices")), ==, 6);
    g_assert_cmpint (cJSON_GetArraySize (cJSON_GetObjectItem (json, "warnings")), ==, 0);
  }
}

static void
test_traps (void)
{
  const struct { const char *stream; const char *code; } cases[]
    = { { "repeat_items", "pagination_repeats" },
        { "samebody_items", "pagination_repeats" },
        { "endless_items", "pagination_limit_reached" },
        { "badcursor_items", "cursor_unparsable" },
        { "html_items", "not_json" },
        { "nested_items", "records_not_found" },
        { "mismatch_items", "schema_mismatch" } };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (cJSON) json = read_json (cases[i].stream, 0, NULL);

      if (!has_warning (json, cases[i].code))
        g_error ("%s: no %s warning", cases[i].stream, cases[i].code);
    }
  /* --max-body-size: a 10-record page is more than 200 bytes */
  {
    g_autoptr (cJSON) json = read_json ("cursor_items", 0, "--max-body-size", "200", NULL);
    const cJSON *page = cJSON_GetArrayItem (cJSON_GetObjectItem (json, "pages"), 0);

    g_assert_true (has_warning (json, "body_too_large"));
    g_assert_cmpint (cJSON_GetObjectItem (cJSON_GetObjectItem (page, "response"),
                                          "body_size")->valuedouble, ==, 200);
    g_assert_cmpuint (count_of (json), ==, 0);
  }
}

static void
test_human_output (void)
{
  g_auto (Run) r = { 0 };

  ensure_connector ();
  r = CLI (NULL, "test-read", manifest_path, "--stream", "endless_items", "--connector", "Acme",
           "--config", config_path, "--max-pages", "2");
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "4 records in 2 pages"));
  g_assert_nonnull (strstr (r.out, "[pagination_limit_reached]"));
  g_assert_nonnull (strstr (r.out, "X-Api-Key: [redacted]"));
  g_assert_nonnull (strstr (r.out, "Inferred schema:"));
}

static void
test_exit_codes (void)
{
  g_autofree char *dir = g_build_filename (pb_test_root (), "manifests", NULL);
  g_autofree char *secret_config = g_build_filename (dir, "secret-config.json", NULL);
  g_autofree char *filter = g_test_build_filename (G_TEST_DIST, "data", "runner",
                                                   "unsupported-filter.yaml", NULL);
  g_autofree char *broken = g_test_build_filename (G_TEST_DIST, "data", "runner",
                                                   "broken-ref.yaml", NULL);
  g_autofree char *custom_path = g_test_build_filename (G_TEST_DIST, "data", "runner",
                                                        "unsupported-custom.yaml", NULL);
  g_autofree char *text = g_strdup_printf ("{\"base_url\": \"%s\", \"api_key\": \"%s\"}",
                                           pb_runner_test_server_get_base (server), CANARY);

  ensure_connector ();
  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (secret_config, text, -1, NULL));
  {
    g_auto (Run) no_stream = CLI (NULL, "test-read", manifest_path, "--stream", "nope",
                                  "--config", config_path);
    g_auto (Run) no_connector = CLI (NULL, "test-read", manifest_path, "--stream", "cursor_items",
                                     "--connector", "Nobody", "--config", config_path);
    g_auto (Run) unsupported = CLI (NULL, "test-read", filter, "--stream", "items", "--config",
                                    config_path);
    g_auto (Run) invalid = CLI (NULL, "test-read", broken, "--stream", "items");
    g_auto (Run) in_file = CLI (NULL, "test-read", manifest_path, "--stream", "cursor_items",
                                "--config", secret_config);
    g_auto (Run) no_key = CLI (NULL, "test-read", manifest_path, "--stream", "cursor_items",
                               "--config", config_path);
    g_auto (Run) slow = CLI (NULL, "test-read", manifest_path, "--stream", "slow_items",
                             "--connector", "Acme", "--config", config_path, "--timeout", "1");
    g_auto (Run) custom = CLI (NULL, "test-read", custom_path, "--stream", "items", "--config",
                               config_path);
    g_auto (Run) bad_size = CLI (NULL, "test-read", manifest_path, "--stream", "cursor_items",
                                 "--max-body-size", "0");
    g_auto (Run) usage = CLI (NULL, "test-read", manifest_path);
    g_auto (Run) help = CLI (NULL, "test-read", "--help");

    g_assert_cmpint (no_stream.status, ==, PB_CLI_EXIT_NOT_FOUND);
    g_assert_nonnull (strstr (no_stream.err, "cursor_items"));
    g_assert_cmpint (no_connector.status, ==, PB_CLI_EXIT_NOT_FOUND);
    g_assert_cmpint (unsupported.status, ==, PB_CLI_EXIT_UNSUPPORTED);
    g_assert_nonnull (strstr (unsupported.err, "wordwrap"));
    g_assert_cmpint (invalid.status, ==, PB_CLI_EXIT_PARSE);
    g_assert_cmpint (in_file.status, ==, PB_CLI_EXIT_USAGE);
    g_assert_nonnull (strstr (in_file.err, "api_key"));
    /* no key at all: the server refuses, and says so */
    g_assert_cmpint (no_key.status, ==, PB_CLI_EXIT_REFUSED);
    g_assert_nonnull (strstr (no_key.err, "401"));
    g_assert_nonnull (strstr (no_key.out, "→ 401"));
    g_assert_cmpint (slow.status, ==, PB_CLI_EXIT_UNREACHABLE);
    g_assert_cmpint (custom.status, ==, PB_CLI_EXIT_UNSUPPORTED);
    g_assert_nonnull (strstr (custom.err, "“CustomPaginationStrategy” (class_name "
                                          "“source_acme.components.AcmePager”) at streams › items"));
    g_assert_cmpint (bad_size.status, ==, PB_CLI_EXIT_USAGE);
    g_assert_cmpint (usage.status, ==, PB_CLI_EXIT_USAGE);
    g_assert_cmpint (help.status, ==, 0);
    g_assert_nonnull (strstr (help.out, "23"));
  }
  /* the test's own file, not the app's: gone before the canary scan */
  g_assert_cmpint (g_unlink (secret_config), ==, 0);
}

/* The canary key through every path that shows something: JSON, text, errors, a refused key
 * (the server echoes nothing, but our own messages name the request), and PB_HTTP_DEBUG=1. */
static void
test_canary (void)
{
  g_autofree char *dir = g_build_filename (pb_test_root (), "canary", NULL);

  ensure_connector ();
  g_setenv ("PB_HTTP_DEBUG", "1", TRUE);
  {
    g_autoptr (cJSON) ok = read_json ("cursor_items", 0, NULL);
    g_autoptr (cJSON) traps = read_json ("mismatch_items", 0, NULL);
    g_auto (Run) text = CLI (NULL, "test-read", manifest_path, "--stream", "children",
                             "--connector", "Acme", "--config", config_path);

    g_autofree char *query_key = g_test_build_filename (G_TEST_DIST, "data", "runner",
                                                        "query-key.yaml", NULL);
    g_auto (Run) in_query = CLI (NULL, "test-read", query_key, "--stream", "items",
                                 "--connector", "Acme", "--config", config_path);

    g_assert_cmpuint (count_of (ok), ==, 25);
    g_assert_cmpint (text.status, ==, 0);
    /* the key went out as ?access=… and came back nowhere (CLI () checks out and err) */
    g_assert_cmpint (in_query.status, ==, 0);
    g_assert_nonnull (strstr (in_query.out, "access=[redacted]"));
    g_assert_nonnull (strstr (in_query.err, "access=[redacted]"));
    /* the debug log did run */
    g_assert_nonnull (strstr (text.err, "X-Api-Key: [redacted]"));
  }
  pb_runner_test_server_expect_key (server, "a_different_key_0000");
  {
    g_autoptr (cJSON) refused = read_json ("cursor_items", PB_CLI_EXIT_REFUSED, NULL);

    g_assert_nonnull (cJSON_GetObjectItem (refused, "error"));
  }
  pb_runner_test_server_expect_key (server, CANARY);
  g_unsetenv ("PB_HTTP_DEBUG");
  /* nothing the tests wrote under the private root holds it either (the keyring's own files
   * are encrypted) */
  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_cmpuint (pb_test_assert_tree_lacks (pb_test_root (), CANARY), >, 0);
}

static const char spec_template[]
  = "openapi: 3.0.3\n"
    "info: {title: Acme Items, version: '1.0'}\n"
    "servers:\n"
    "  - url: http://localhost:%s\n"
    "components:\n"
    "  securitySchemes:\n"
    "    apiKey: {type: apiKey, in: header, name: X-Api-Key}\n"
    "  schemas:\n"
    "    Item:\n"
    "      type: object\n"
    "      properties:\n"
    "        id: {type: integer}\n"
    "        name: {type: string}\n"
    "        updated_at: {type: string, format: date-time}\n"
    "security:\n"
    "  - apiKey: []\n"
    "paths:\n"
    "  /page/items:\n"
    "    get:\n"
    "      operationId: listItems\n"
    "      summary: List items\n"
    "      parameters:\n"
    "        - {name: page, in: query, schema: {type: integer, default: 1}}\n"
    "        - {name: per_page, in: query, schema: {type: integer, default: 10, maximum: 10}}\n"
    "      responses:\n"
    "        '200':\n"
    "          description: A page of items\n"
    "          content:\n"
    "            application/json:\n"
    "              schema:\n"
    "                type: object\n"
    "                properties:\n"
    "                  results:\n"
    "                    type: array\n"
    "                    items: {$ref: '#/components/schemas/Item'}\n";

static void
test_assist_end_to_end (void)
{
  g_autofree char *dir = g_build_filename (pb_test_root (), "assist", NULL);
  g_autofree char *spec = g_build_filename (dir, "acme.yaml", NULL);
  g_autofree char *made = g_build_filename (dir, "acme-manifest.yaml", NULL);
  const char *port = strrchr (pb_runner_test_server_get_base (server), ':') + 1;
  g_autofree char *text = g_strdup_printf (spec_template, port);
  g_autoptr (GPtrArray) args = g_ptr_array_new ();
  g_auto (Run) r = { 0 };
  g_autoptr (cJSON) json = NULL;

  ensure_connector ();
  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (spec, text, -1, NULL));
  {
    g_auto (Run) assist = CLI (NULL, "assist", spec, "--output", made);

    g_assert_cmpint (assist.status, ==, 0);
  }
  r = CLI (NULL, "test-read", made, "--stream", "page_items", "--connector", "Acme", "--json");
  if (r.status != 0)
    g_error ("test-read of the assist manifest: exit %d: %s", r.status, r.err);
  json = cJSON_Parse (r.out);
  g_assert_nonnull (json);
  /* 23 items, 10 a page (the spec's maximum page size) */
  g_assert_cmpuint (count_of (json), ==, 23);
  g_assert_cmpint (cJSON_GetArraySize (cJSON_GetObjectItem (json, "pages")), ==, 3);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *config_text = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  server = pb_runner_test_server_new ();
  pb_runner_test_server_expect_key (server, CANARY);
  manifest_path = g_test_build_filename (G_TEST_DIST, "data", "runner", "api.yaml", NULL);
  config_path = g_build_filename (pb_test_root (), "runner-config.json", NULL);
  config_text = g_strdup_printf ("{\"base_url\": \"%s\", \"start_date\": \"2024-01-01\", "
                                 "\"end_date\": \"2024-01-10\"}",
                                 pb_runner_test_server_get_base (server));
  g_assert_true (g_file_set_contents (config_path, config_text, -1, NULL));

  g_test_add_func ("/runner-cli/json-shape", test_json_shape);
  g_test_add_func ("/runner-cli/paginators-and-routers", test_every_paginator_and_router);
  g_test_add_func ("/runner-cli/traps", test_traps);
  g_test_add_func ("/runner-cli/human-output", test_human_output);
  g_test_add_func ("/runner-cli/exit-codes", test_exit_codes);
  g_test_add_func ("/runner-cli/canary", test_canary);
  g_test_add_func ("/runner-cli/assist-end-to-end", test_assist_end_to_end);
  status = g_test_run ();
  pb_runner_test_server_free (server);
  g_free (manifest_path);
  g_free (config_path);
  return status;
}
