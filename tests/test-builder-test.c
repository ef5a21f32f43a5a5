/* test-builder-test.c: a builder project's connector from its manifest (key in the real
 * keyring), test reads of its streams against a loopback API, and one-click fixes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "pb-builder-connector.h"
#include "pb-builder-fix.h"
#include "pb-builder-test.h"
#include "pb-error.h"
#include "pb-runner-test-server.h"
#include "pb-test-util.h"

#define CANARY "pb-canary-7f3a9e1c-builder-key"
#define WAIT_FOR(expr) PB_TEST_WAIT_FOR (expr, 20)

typedef struct {
  PbRunnerTestServer *server;
  PbConnectorStore   *store;
  PbBuilderProject   *project;
} Fixture;

static PbManifest *
load_manifest (const char *base)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "builder",
                                                 "test-api.yaml", NULL);
  g_autofree char *text = NULL;
  g_auto (GStrv) parts = NULL;
  g_autofree char *data = NULL;
  g_autoptr (GError) error = NULL;
  PbManifest *manifest;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  parts = g_strsplit (text, "@BASE@", -1);
  data = g_strjoinv (base, parts);
  manifest = pb_manifest_new_from_data (data, strlen (data), &error);
  g_assert_no_error (error);
  return manifest;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  static guint n_fixtures;
  g_autofree char *file = g_strdup_printf ("connectors-%u.json", n_fixtures++);
  g_autofree char *store_path = g_build_filename (pb_test_root (), file, NULL);
  g_autoptr (PbManifest) manifest = NULL;
  g_autoptr (GError) error = NULL;

  f->server = pb_runner_test_server_new ();
  pb_runner_test_server_expect_key (f->server, CANARY);
  f->store = pb_connector_store_new (store_path, NULL);
  g_assert_true (pb_connector_store_load (f->store, &error));
  g_assert_no_error (error);
  manifest = load_manifest (pb_runner_test_server_get_base (f->server));
  f->project = pb_builder_project_new (manifest, "Test API");
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->project);
  g_clear_object (&f->store);
  g_clear_pointer (&f->server, pb_runner_test_server_free);
}

typedef struct {
  gpointer  value;
  GError   *error;
  gboolean  done;
} Outcome;

static void
create_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  Outcome *o = user_data;

  o->value = pb_builder_connector_create_finish (PB_BUILDER_PROJECT (source), result, &o->error);
  o->done = TRUE;
}

static PbConnector *
create_connector (Fixture    *f,
                  const char *name,
                  const char *key)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PbConnector) connector = NULL;
  Outcome o = { 0 };

  connector = pb_builder_connector_new_from_manifest (pb_builder_project_get_manifest (f->project),
                                                      name, &error);
  g_assert_no_error (error);
  pb_builder_connector_create_async (f->project, f->store, connector, key, NULL, create_cb, &o);
  WAIT_FOR (o.done);
  g_assert_no_error (o.error);
  g_assert_true (o.value == connector);
  return o.value;
}

static void
read_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Outcome *o = user_data;

  o->value = pb_builder_test_read_finish (PB_BUILDER_PROJECT (source), result, &o->error);
  o->done = TRUE;
}

static PbRunnerResult *
test_read (Fixture       *f,
           const char    *stream,
           GCancellable  *cancellable,
           GError       **error)
{
  Outcome o = { 0 };

  pb_builder_test_read_async (f->project, f->store, NULL, stream, cancellable, read_cb, &o);
  WAIT_FOR (o.done);
  if (o.error != NULL)
    g_propagate_error (error, o.error);
  return o.value;
}

/* The manifest's API key header becomes the connector's settings; the key goes to the keyring,
 * the connector is linked, and no file holds the key. */
static void
test_connector_from_manifest (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PbVaultSecret) secret = NULL;
  PbConnector *connector = create_connector (f, "Test API", CANARY);

  g_assert_cmpint (pb_connector_get_kind (connector), ==, PB_CONNECTOR_KIND_API_KEY);
  g_assert_cmpstr (pb_connector_get_auth_header (connector), ==, "X-Api-Key");
  g_assert_null (pb_connector_get_auth_prefix (connector));
  g_assert_cmpstr (pb_connector_get_base_url (connector), ==,
                   pb_runner_test_server_get_base (f->server));
  g_assert_true (pb_connector_store_find_by_id (f->store, pb_connector_get_id (connector))
                 == connector);
  g_assert_cmpstr (pb_builder_project_get_connector_id (f->project), ==,
                   pb_connector_get_id (connector));
  g_assert_true (pb_connector_has_secret (connector, PB_SECRET_API_KEY));
  secret = pb_vault_lookup_sync (pb_connector_store_get_vault (f->store),
                                 pb_connector_get_id (connector), PB_SECRET_API_KEY, NULL,
                                 &error);
  g_assert_no_error (error);
  g_assert_cmpstr (secret, ==, CANARY);

  g_assert_true (pb_builder_project_save (f->project, pb_test_root (), &error));
  g_assert_no_error (error);
  g_assert_true (pb_connector_store_flush (f->store, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (pb_test_assert_tree_lacks (pb_test_root (), CANARY), >=, 2);

  /* Two connectors cannot share a name: nothing is added, the project keeps its link. */
  {
    g_autoptr (PbConnector) again = pb_builder_connector_new_from_manifest (
      pb_builder_project_get_manifest (f->project), "test api", NULL);
    Outcome o = { 0 };

    pb_builder_connector_create_async (f->project, f->store, again, CANARY, NULL, create_cb,
                                       &o);
    WAIT_FOR (o.done);
    g_assert_error (o.error, PB_ERROR, PB_ERROR_DUPLICATE_NAME);
    g_clear_error (&o.error);
    g_assert_cmpstr (pb_builder_project_get_connector_id (f->project), ==,
                     pb_connector_get_id (connector));
  }
}

/* Each authenticator gives its own kind of connector with its own settings. */
static void
test_connector_kinds (void)
{
  static const struct {
    PbAuthKind kind;
    gboolean in_query;
    const char *field;
    const char *prefix;
    PbConnectorKind expect;
  } cases[] = {
    { PB_AUTH_API_KEY, TRUE, "token", NULL, PB_CONNECTOR_KIND_API_KEY },
    { PB_AUTH_API_KEY, FALSE, "Authorization", "Token", PB_CONNECTOR_KIND_API_KEY },
    { PB_AUTH_BEARER, FALSE, NULL, NULL, PB_CONNECTOR_KIND_API_KEY },
    { PB_AUTH_BASIC, FALSE, NULL, NULL, PB_CONNECTOR_KIND_BASIC },
    { PB_AUTH_OAUTH, FALSE, NULL, NULL, PB_CONNECTOR_KIND_OAUTH2 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (PbManifest) manifest = pb_manifest_new ();
      g_autoptr (PbConnector) connector = NULL;
      g_autoptr (GError) error = NULL;
      PbManifestAuth *auth = pb_manifest_get_auth (manifest);

      pb_manifest_set_url_base (manifest, "{{ config['base_url'] }}");
      auth->kind = cases[i].kind;
      auth->in_query = cases[i].in_query;
      auth->field_name = g_strdup (cases[i].field);
      auth->value_prefix = g_strdup (cases[i].prefix);
      if (cases[i].kind == PB_AUTH_OAUTH)
        {
          auth->token_url = g_strdup ("https://auth.example.test/token");
          auth->authorization_url = g_strdup ("https://auth.example.test/authorize");
          auth->scopes = g_strsplit ("read write", " ", -1);
        }
      connector = pb_builder_connector_new_from_manifest (manifest, "x", &error);
      g_assert_no_error (error);
      g_assert_cmpint (pb_connector_get_kind (connector), ==, cases[i].expect);
      /* A templated url_base is no URL to keep. */
      g_assert_null (pb_connector_get_base_url (connector));
      switch (cases[i].kind)
        {
        case PB_AUTH_API_KEY:
          if (cases[i].in_query)
            {
              g_assert_cmpstr (pb_connector_get_auth_query_param (connector), ==, "token");
              g_assert_null (pb_connector_get_auth_header (connector));
            }
          else
            {
              g_assert_cmpstr (pb_connector_get_auth_header (connector), ==, "Authorization");
              g_assert_cmpstr (pb_connector_get_auth_prefix (connector), ==, "Token");
            }
          g_assert_cmpstr (pb_builder_connector_secret_field (connector), ==, PB_SECRET_API_KEY);
          break;
        case PB_AUTH_BEARER:
          g_assert_cmpstr (pb_connector_get_auth_header (connector), ==, "Authorization");
          g_assert_cmpstr (pb_connector_get_auth_prefix (connector), ==, "Bearer");
          break;
        case PB_AUTH_BASIC:
          g_assert_cmpstr (pb_builder_connector_secret_field (connector), ==,
                           PB_SECRET_PASSWORD);
          break;
        case PB_AUTH_OAUTH:
          g_assert_cmpstr (pb_connector_get_token_url (connector), ==,
                           "https://auth.example.test/token");
          g_assert_cmpstr (pb_connector_get_auth_url (connector), ==,
                           "https://auth.example.test/authorize");
          g_assert_cmpstr (pb_connector_get_scopes (connector), ==, "read write");
          g_assert_cmpstr (pb_builder_connector_secret_field (connector), ==,
                           PB_SECRET_CLIENT_SECRET);
          break;
        case PB_AUTH_NONE:
        default:
          g_assert_not_reached ();
        }
    }

  /* NoAuth needs no connector: a clear refusal. */
  {
    g_autoptr (PbManifest) manifest = pb_manifest_new ();
    g_autoptr (GError) error = NULL;

    g_assert_false (pb_builder_connector_kind_for_manifest (manifest, NULL));
    g_assert_null (pb_builder_connector_new_from_manifest (manifest, "x", &error));
    g_assert_error (error, PB_ERROR, PB_ERROR_INVALID_ARGUMENT);
  }
}

/* A stream read with the linked connector's key: records, pages with the key redacted. */
static void
test_read_records (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PbRunnerResult) result = NULL;
  cJSON *json;
  char *text;

  create_connector (f, "Test API", CANARY);
  result = test_read (f, "items", NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (result);
  g_assert_cmpuint (pb_runner_result_get_record_count (result), ==, 25);
  g_assert_cmpuint (pb_runner_result_get_n_pages (result), ==, 3);
  g_assert_cmpuint (pb_runner_result_get_page (result, 0)->status, ==, 200);
  g_assert_nonnull (cJSON_GetObjectItem (pb_runner_result_get_schema (result), "properties"));

  /* What the panel shows holds no key: the header is there, its value redacted. */
  json = pb_runner_result_to_json (result);
  text = cJSON_PrintUnformatted (json);
  g_assert_null (strstr (text, CANARY));
  g_assert_nonnull (strstr (text, "X-Api-Key"));
  cJSON_free (text);
  cJSON_Delete (json);
}

/* A wrong key: PB_ERROR_AUTH, and the refused page is kept. No connector: PB_ERROR_NO_CONNECTOR,
 * also when the linked one was deleted. */
static void
test_read_refused (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PbRunnerResult) result = NULL;
  PbConnector *connector;

  result = test_read (f, "items", NULL, &error);
  g_assert_error (error, PB_ERROR, PB_ERROR_NO_CONNECTOR);
  g_assert_null (result);
  g_clear_error (&error);

  connector = create_connector (f, "Wrong Key", "pb-not-the-key");
  result = test_read (f, "items", NULL, &error);
  g_assert_error (error, PB_ERROR, PB_ERROR_AUTH);
  g_assert_nonnull (result);
  g_assert_cmpuint (pb_runner_result_get_n_pages (result), ==, 1);
  g_assert_cmpuint (pb_runner_result_get_page (result, 0)->status, ==, 401);
  g_clear_error (&error);
  g_clear_object (&result);

  g_assert_true (pb_connector_store_delete_sync (f->store, connector, NULL, &error));
  g_assert_no_error (error);
  result = test_read (f, "items", NULL, &error);
  g_assert_error (error, PB_ERROR, PB_ERROR_NO_CONNECTOR);
  g_assert_null (result);
}

/* records_not_found offers the paths that hold arrays; applying one fixes the stream. */
static void
test_fix_record_path (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PbRunnerResult) result = NULL;
  g_autoptr (PbRunnerResult) again = NULL;
  g_autoptr (GPtrArray) fixes = NULL;
  const PbRunnerWarning *warning = NULL;
  guint index = 0;
  PbManifestStream *stream;
  const char * const *path;
  PbBuilderFix *fix;

  create_connector (f, "Test API", CANARY);
  result = test_read (f, "nested", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pb_runner_result_get_record_count (result), ==, 0);
  for (guint i = 0; i < pb_runner_result_get_n_warnings (result); i++)
    if (pb_runner_result_get_warning (result, i)->code == PB_RUNNER_WARNING_RECORDS_NOT_FOUND)
      {
        warning = pb_runner_result_get_warning (result, i);
        index = i;
      }
  g_assert_nonnull (warning);

  fixes = pb_builder_fix_list (result, index, "nested");
  g_assert_cmpuint (fixes->len, >=, 1);
  fix = fixes->pdata[0];
  g_assert_cmpstr (fix->key, ==, "record_path");
  g_assert_cmpstr (fix->value, ==, "results.entries");
  g_assert_cmpint (fix->code, ==, PB_RUNNER_WARNING_RECORDS_NOT_FOUND);

  g_assert_true (pb_builder_project_apply_fix (f->project, fix, &error));
  g_assert_no_error (error);
  stream = pb_manifest_find_stream (pb_builder_project_get_manifest (f->project), "nested");
  path = pb_manifest_stream_get_record_path (stream);
  g_assert_cmpstr (path[0], ==, "results");
  g_assert_cmpstr (path[1], ==, "entries");
  g_assert_null (path[2]);

  again = test_read (f, "nested", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pb_runner_result_get_record_count (again), ==, 2);
  g_assert_false (pb_runner_result_has_warning (again, PB_RUNNER_WARNING_RECORDS_NOT_FOUND));
  g_assert_true (pb_runner_result_has_warning (again, PB_RUNNER_WARNING_SCHEMA_MISMATCH));

  /* The records differ from the declared schema: the inferred one replaces it. */
  for (guint i = 0; i < pb_runner_result_get_n_warnings (again); i++)
    if (pb_runner_result_get_warning (again, i)->code == PB_RUNNER_WARNING_SCHEMA_MISMATCH)
      {
        g_autoptr (GPtrArray) schema_fixes = pb_builder_fix_list (again, i, "nested");
        g_autoptr (PbRunnerResult) third = NULL;

        g_assert_cmpuint (schema_fixes->len, ==, 1);
        fix = schema_fixes->pdata[0];
        g_assert_cmpstr (fix->key, ==, "schema");
        g_assert_true (pb_builder_project_apply_fix (f->project, fix, &error));
        g_assert_no_error (error);
        g_assert_nonnull (cJSON_GetObjectItem (pb_manifest_stream_get_schema (stream),
                                               "properties"));
        third = test_read (f, "nested", NULL, &error);
        g_assert_no_error (error);
        g_assert_false (pb_runner_result_has_warning (third, PB_RUNNER_WARNING_SCHEMA_MISMATCH));
        break;
      }

  /* A fix for a stream that is gone, or a key no build knows: refused, nothing changed. */
  {
    g_autoptr (PbBuilderFix) gone = pb_builder_fix_new (PB_RUNNER_WARNING_RECORDS_NOT_FOUND,
                                                        "no-such-stream", "record_path", "a");
    g_autoptr (PbBuilderFix) odd = pb_builder_fix_new (PB_RUNNER_WARNING_RECORDS_NOT_FOUND,
                                                       "nested", "colour", "blue");
    g_autoptr (PbBuilderFix) bad = pb_builder_fix_new (PB_RUNNER_WARNING_SCHEMA_MISMATCH,
                                                       "nested", "schema", "[1, 2");

    g_assert_false (pb_builder_project_apply_fix (f->project, gone, &error));
    g_assert_error (error, PB_ERROR, PB_ERROR_NOT_FOUND);
    g_clear_error (&error);
    g_assert_false (pb_builder_project_apply_fix (f->project, odd, &error));
    g_assert_error (error, PB_ERROR, PB_ERROR_INVALID_ARGUMENT);
    g_clear_error (&error);
    g_assert_false (pb_builder_project_apply_fix (f->project, bad, &error));
    g_assert_error (error, PB_ERROR, PB_ERROR_INVALID_ARGUMENT);
    g_assert_cmpstr (pb_manifest_stream_get_record_path (stream)[0], ==, "results");
  }
}

/* A url_base read from the config ("{{ config['base_url'] }}"): the connector's base URL fills
 * it, and its other non-secret settings fill the properties named after them. */
static void
test_read_config_from_connector (Fixture       *f,
                                 gconstpointer  data)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "runner", "api.yaml",
                                                 NULL);
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autoptr (PbConnector) connector = NULL;
  g_autoptr (PbRunnerResult) result = NULL;
  g_autoptr (GError) error = NULL;
  Outcome o = { 0 };

  g_clear_object (&f->project);
  f->project = pb_builder_project_new_from_manifest_file (file, &error);
  g_assert_no_error (error);
  connector = pb_builder_connector_new_from_manifest (pb_builder_project_get_manifest (f->project),
                                                      "Configured", &error);
  g_assert_no_error (error);
  /* A templated url_base is no URL: the user types it. */
  g_assert_null (pb_connector_get_base_url (connector));
  pb_connector_set_base_url (connector, pb_runner_test_server_get_base (f->server));
  pb_builder_connector_create_async (f->project, f->store, connector, CANARY, NULL, create_cb,
                                     &o);
  WAIT_FOR (o.done);
  g_assert_no_error (o.error);

  result = test_read (f, "cursor_items", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pb_runner_result_get_record_count (result), ==, 25);
  g_assert_true (g_str_has_prefix (pb_runner_result_get_page (result, 0)->url,
                                   pb_runner_test_server_get_base (f->server)));
}

static gboolean
cancel_soon (gpointer data)
{
  g_cancellable_cancel (data);
  return G_SOURCE_REMOVE;
}

/* Cancel stops a read waiting on a slow server. */
static void
test_read_cancel (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autoptr (PbRunnerResult) result = NULL;
  gint64 start;

  create_connector (f, "Test API", CANARY);
  g_timeout_add (200, cancel_soon, cancellable);
  start = g_get_monotonic_time ();
  result = test_read (f, "slow", cancellable, &error);
  g_assert_error (error, PB_ERROR, PB_ERROR_CANCELLED);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 4 * G_USEC_PER_SEC);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/builder-test/connector-from-manifest", Fixture, NULL, fixture_set_up,
              test_connector_from_manifest, fixture_tear_down);
  g_test_add_func ("/builder-test/connector-kinds", test_connector_kinds);
  g_test_add ("/builder-test/read-records", Fixture, NULL, fixture_set_up, test_read_records,
              fixture_tear_down);
  g_test_add ("/builder-test/read-refused", Fixture, NULL, fixture_set_up, test_read_refused,
              fixture_tear_down);
  g_test_add ("/builder-test/fix-record-path", Fixture, NULL, fixture_set_up,
              test_fix_record_path, fixture_tear_down);
  g_test_add ("/builder-test/read-config-from-connector", Fixture, NULL, fixture_set_up,
              test_read_config_from_connector, fixture_tear_down);
  g_test_add ("/builder-test/read-cancel", Fixture, NULL, fixture_set_up, test_read_cancel,
              fixture_tear_down);
  return g_test_run ();
}
