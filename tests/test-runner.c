/* test-runner.c: PbRunner against a real loopback API (tests/pb-runner-test-server.c): every
 * paginator and router with exact record counts, every trap with its warning code, a refused
 * key, a 429, a timeout; the key comes from a connector in the real keyring
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "pb-error.h"
#include "pb-runner.h"
#include "pb-runner-test-server.h"
#include "pb-test-util.h"

#define KEY "acme_live_key_4f9c2d7e1b"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (cJSON, cJSON_Delete)

typedef struct {
  PbRunnerTestServer *server;
  PbConnectorStore   *store;
  PbConnector        *connector;   /* owned by the store */
  PbRunnerManifest   *manifest;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "runner", "api.yaml",
                                                 NULL);
  g_autofree char *store_path = g_build_filename (pb_test_root (), "connectors.json", NULL);

  f->server = pb_runner_test_server_new ();
  pb_runner_test_server_expect_key (f->server, KEY);
  f->store = pb_connector_store_new (store_path, NULL);
  g_assert_true (pb_connector_store_load (f->store, &error));
  g_assert_no_error (error);
  f->connector = pb_connector_store_find_by_name (f->store, "Acme");
  if (f->connector == NULL)
    f->connector = pb_connector_store_create (f->store, "Acme", PB_CONNECTOR_KIND_API_KEY,
                                              &error);
  g_assert_no_error (error);
  g_assert_true (pb_connector_store_set_secret_sync (f->store, f->connector, "api-key", KEY, NULL,
                                                     &error));
  g_assert_no_error (error);
  f->manifest = pb_runner_manifest_new_from_file (path, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->manifest);
  g_clear_object (&f->store);
  g_clear_pointer (&f->server, pb_runner_test_server_free);
}

typedef struct {
  PbRunnerResult *result;
  GError         *error;
  gboolean        done;
} Read;

static void
read_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Read *r = user_data;

  r->result = pb_runner_read_finish (PB_RUNNER (source), result, &r->error);
  r->done = TRUE;
}

static cJSON *
config_for (Fixture *f)
{
  cJSON *config = cJSON_CreateObject ();

  cJSON_AddStringToObject (config, "base_url", pb_runner_test_server_get_base (f->server));
  cJSON_AddStringToObject (config, "start_date", "2024-01-01");
  cJSON_AddStringToObject (config, "end_date", "2024-01-10");
  return config;
}

/* Reads STREAM with the connector's key; RUNNER may be given to change limits first. */
static PbRunnerResult *
run_read (Fixture     *f,
          PbRunner    *runner,
          const char  *stream,
          GError     **error)
{
  g_autoptr (PbRunner) own = runner == NULL ? pb_runner_new (f->manifest) : NULL;
  cJSON *config = config_for (f);
  Read r = { 0 };

  if (runner == NULL)
    runner = own;
  g_assert_true (pb_runner_set_config (runner, config, NULL));
  cJSON_Delete (config);
  pb_runner_set_connector (runner, f->store, f->connector, NULL);
  pb_runner_read_async (runner, stream, NULL, read_cb, &r);
  PB_TEST_WAIT_FOR (r.done, 60);
  if (r.error != NULL)
    g_propagate_error (error, r.error);
  return r.result;
}

static void
assert_ids (PbRunnerResult *result,
            guint           first,
            guint           count)
{
  const cJSON *records = pb_runner_result_get_records (result);

  g_assert_cmpint (cJSON_GetArraySize (records), ==, (int) count);
  for (guint i = 0; i < count; i++)
    {
      const cJSON *id = cJSON_GetObjectItem (cJSON_GetArrayItem (records, (int) i), "id");

      g_assert_cmpint ((int) id->valuedouble, ==, (int) (first + i));
    }
}

static void
assert_clean (PbRunnerResult *result)
{
  for (guint i = 0; i < pb_runner_result_get_n_warnings (result); i++)
    g_test_message ("unexpected warning: %s", pb_runner_result_get_warning (result, i)->message);
  g_assert_cmpuint (pb_runner_result_get_n_warnings (result), ==, 0);
  g_assert_null (pb_runner_result_get_error (result));
}

static void
test_cursor_response (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PbRunnerResult) result = run_read (f, NULL, "cursor_items", &error);
  const PbRunnerPage *second;

  g_assert_no_error (error);
  assert_clean (result);
  g_assert_cmpuint (pb_runner_result_get_record_count (result), ==, 25);
  g_assert_cmpuint (pb_runner_result_get_n_pages (result), ==, 3);
  assert_ids (result, 1, 25);
  second = pb_runner_result_get_page (result, 1);
  g_assert_true (g_str_has_suffix (second->url, "/cursor/items?cursor=100"));
  g_assert_cmpuint (second->status, ==, 200);
  g_assert_cmpuint (second->record_count, ==, 10);
}

static void
test_cursor_link_header (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PbRunnerResult) result = run_read (f, NULL, "link_items", &error);

  g_assert_no_error (error);
  assert_clean (result);
  g_assert_cmpuint (pb_runner_result_get_record_count (result), ==, 25);
  g_assert_cmpuint (pb_runner_result_get_n_pages (result), ==, 3);
  g_assert_true (g_str_has_suffix (pb_runner_result_get_page (result, 2)->url,
                                   "/link/items?page=3"));
  assert_ids (result, 1, 25);
}

static void
test_request_path (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PbRunnerResult) result = run_read (f, NULL, "path_items", &error);

  g_assert_no_error (error);
  assert_clean (result);
  g_assert_cmpuint (pb_runner_result_get_record_count (result), ==, 25);
  g_assert_cmpuint (pb_runner_result_get_n_pages (result), ==, 3);
  g_assert_true (g_str_has_suffix (pb_runner_result_get_page (result, 1)->url,
                                   "/path/items?page=2"));
}

static void
test_offset (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PbRunnerResult) result = run_read (f, NULL, "offset_items", &error);
  g_auto (GStrv) requests = pb_runner_test_server_dup_requests (f->server);

  g_assert_no_error (error);
  assert_clean (result);
  g_assert_cmpuint (pb_runner_result_get_record_count (result), ==, 23);
  g_assert_cmpuint (pb_runner_result_get_n_pages (result), ==, 3);
  assert_ids (result, 1, 23);
  g_assert_cmpstr (requests[0], ==, "/offset/items?limit=10");
  g_assert_cmpstr (requests[1], ==, "/offset/items?limit=10&offset=10");
  g_assert_cmpstr (requests[2], ==, "/offset/items?limit=10&offset=20");
}

static void
test_page_increment (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PbRunnerResult) result = run_read (f, NULL, "page_items", &error);
  g_auto (GStrv) requests = pb_runner_test_server_dup_requests (f->server);

  g_assert_no_error (error);
  assert_clean (result);
  g_assert_cmpuint (pb_runner_result_get_record_count (result), ==, 23);
  assert_ids (result, 1, 23);
  /* start_from_page 1: the first request sends no page (the API's default), then 2, 3. */
  g_assert_cmpuint (g_strv_length (requests), ==, 3);
  g_assert_cmpstr (requests[0], ==, "/page/items?per_page=10");
  g_assert_cmpstr (requests[1], ==, "/page/items?per_page=10&page=2");
  g_assert_cmpstr (requests[2], ==, "/page/items?per_page=10&page=3");
}

static void
test_post_body (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PbRunnerResult) result = run_read (f, NULL, "search_items", &error);
  const PbRunnerPage *page;

  g_assert_no_error (error);
  assert_clean (result);
  g_assert_cmpuint (pb_runner_result_get_record_count (result), ==, 25);
  g_assert_cmpuint (pb_runner_result_get_n_pages (result), ==, 3);
  page = pb_runner_result_get_page (result, 1);
  g_assert_cmpstr (page->method, ==, "POST");
  g_assert_cmpstr (page->request_body, ==, "{\"query\":\"all\",\"page\":\"2\"}");
}

static void
test_substream (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PbRunnerResult) result = run_read (f, NULL, "children", &error);
  const cJSON *slices;

  g_assert_no_error (error);
  assert_clean (result);
  /* parents 1, 2, 3 have 1, 2 and 3 children */
  g_assert_cmpuint (pb_runner_result_get_record_count (result), ==, 6);
  slices = pb_runner_result_get_slices (result);
  g_assert_cmpint (cJSON_GetArraySize (slices), ==, 3);
  g_assert_cmpint (cJSON_GetObjectItem (cJSON_GetObjectItem (cJSON_GetArrayItem (slices, 2),
                                                             "partition"),
                                        "parent_id")->valuedouble, ==, 3);
  /* the parent's page, then one page per partition */
  g_assert_cmpuint (pb_runner_result_get_n_pages (result), ==, 4);
  g_assert_cmpstr (pb_runner_result_get_page (result, 0)->stream, ==, "parents");
  g_assert_cmpint (pb_runner_result_get_page (result, 0)->slice, ==, -1);
  g_assert_true (g_str_has_suffix (pb_runner_result_get_page (result, 3)->url,
                                   "/parents/3/children"));
}

static void
test_list_router (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PbRunnerResult) result = run_read (f, NULL, "region_items", &error);

  g_assert_no_error (error);
  assert_clean (result);
  g_assert_cmpuint (pb_runner_result_get_record_count (result), ==, 5);
  g_assert_cmpint (cJSON_GetArraySize (pb_runner_result_get_slices (result)), ==, 2);
  g_assert_true (g_str_has_suffix (pb_runner_result_get_page (result, 1)->url,
                                   "/regions/us/items?region=us"));
}

/* partition_router as a list: the cartesian product of its routers' partitions, each request
 * carrying every router's request_option, as the CDK's CartesianProductStreamSlicer */
static void
test_router_product (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PbRunner) runner = pb_runner_new (f->manifest);
  g_autoptr (PbRunnerResult) result = NULL;
  g_autoptr (PbRunner) limited = pb_runner_new (f->manifest);
  g_autoptr (PbRunnerResult) first = NULL;
  const cJSON *slices;
  const cJSON *partition;

  pb_runner_set_max_slices (runner, 10);
  result = run_read (f, runner, "region_parent_items", &error);
  g_assert_no_error (error);
  assert_clean (result);
  /* 2 regions × 3 parents: eu has 2 items, us 3 */
  slices = pb_runner_result_get_slices (result);
  g_assert_cmpint (cJSON_GetArraySize (slices), ==, 6);
  g_assert_cmpuint (pb_runner_result_get_record_count (result), ==, 3 * 2 + 3 * 3);
  /* the last router turns fastest: (eu, 1), (eu, 2), (eu, 3), (us, 1)… */
  partition = cJSON_GetObjectItem (cJSON_GetArrayItem (slices, 3), "partition");
  g_assert_cmpstr (cJSON_GetStringValue (cJSON_GetObjectItem (partition, "region")), ==, "us");
  g_assert_cmpint (cJSON_GetObjectItem (partition, "parent_id")->valuedouble, ==, 1);
  /* one page of parents, then one page per slice, with both request options */
  g_assert_cmpuint (pb_runner_result_get_n_pages (result), ==, 7);
  g_assert_cmpstr (pb_runner_result_get_page (result, 0)->stream, ==, "parents");
  g_assert_true (g_str_has_suffix (pb_runner_result_get_page (result, 1)->url,
                                   "/regions/eu/items?region=eu&parent=1"));
  g_assert_true (g_str_has_suffix (pb_runner_result_get_page (result, 6)->url,
                                   "/regions/us/items?region=us&parent=3"));

  /* the slice limit holds over the product */
  first = run_read (f, limited, "region_parent_items", &error);
  g_assert_no_error (error);
  g_assert_cmpint (cJSON_GetArraySize (pb_runner_result_get_slices (first)), ==, 5);
  g_assert_cmpuint (pb_runner_result_get_record_count (first), ==, 3 * 2 + 2 * 3);
  g_assert_true (pb_runner_result_has_warning (first, PB_RUNNER_WARNING_SLICE_LIMIT_REACHED));
}

static void
test_incremental (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PbRunnerResult) result = run_read (f, NULL, "events", &error);
  g_auto (GStrv) requests = pb_runner_test_server_dup_requests (f->server);
  const cJSON *slices;

  g_assert_no_error (error);
  assert_clean (result);
  /* 2024-01-01 … 2024-01-10 in windows of 3 days: one event a day */
  g_assert_cmpuint (pb_runner_result_get_record_count (result), ==, 10);
  slices = pb_runner_result_get_slices (result);
  g_assert_cmpint (cJSON_GetArraySize (slices), ==, 4);
  g_assert_cmpstr (requests[0], ==, "/events?since=2024-01-01&until=2024-01-03");
  g_assert_cmpstr (requests[1], ==, "/events?since=2024-01-04&until=2024-01-06");
  g_assert_cmpstr (requests[3], ==, "/events?since=2024-01-10&until=2024-01-10");
  g_assert_cmpstr (cJSON_GetStringValue (cJSON_GetObjectItem (
                     cJSON_GetObjectItem (cJSON_GetArrayItem (slices, 1), "cursor_slice"),
                     "start_time")),
                   ==, "2024-01-04");
}

static void
test_slice_limit (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PbRunner) runner = pb_runner_new (f->manifest);
  g_autoptr (PbRunnerResult) result = NULL;

  pb_runner_set_max_slices (runner, 2);
  result = run_read (f, runner, "events", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pb_runner_result_get_record_count (result), ==, 6);
  g_assert_true (pb_runner_result_has_warning (result, PB_RUNNER_WARNING_SLICE_LIMIT_REACHED));
}

static void
assert_trap (PbRunnerResult      *result,
             PbRunnerWarningCode  code)
{
  g_assert_nonnull (result);
  if (!pb_runner_result_has_warning (result, code))
    g_error ("no %s warning", pb_runner_warning_code_to_string (code));
}

static void
test_trap_repeated_token (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PbRunnerResult) result = run_read (f, NULL, "repeat_items", &error);

  g_assert_no_error (error);
  assert_trap (result, PB_RUNNER_WARNING_PAGINATION_REPEATS);
  /* first page, then "again" once; the second "again" stops at once */
  g_assert_cmpuint (pb_runner_result_get_n_pages (result), ==, 2);
}

static void
test_trap_repeated_body (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PbRunnerResult) result = run_read (f, NULL, "samebody_items", &error);

  g_assert_no_error (error);
  assert_trap (result, PB_RUNNER_WARNING_PAGINATION_REPEATS);
  g_assert_cmpuint (pb_runner_result_get_n_pages (result), ==, 2);
}

static void
test_trap_limit (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PbRunner) runner = pb_runner_new (f->manifest);
  g_autoptr (PbRunnerResult) result = NULL;

  pb_runner_set_max_pages (runner, 4);
  result = run_read (f, runner, "endless_items", &error);
  g_assert_no_error (error);
  assert_trap (result, PB_RUNNER_WARNING_PAGINATION_LIMIT_REACHED);
  g_assert_cmpuint (pb_runner_result_get_n_pages (result), ==, 4);
  g_assert_cmpuint (pb_runner_result_get_record_count (result), ==, 8);
}

static void
test_trap_cursor (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PbRunnerResult) result = run_read (f, NULL, "badcursor_items", &error);
  const PbRunnerWarning *w;

  g_assert_no_error (error);
  assert_trap (result, PB_RUNNER_WARNING_CURSOR_UNPARSABLE);
  w = pb_runner_result_get_warning (result, 0);
  g_assert_nonnull (strstr (w->message, "last tuesday"));
  g_assert_nonnull (strstr (w->message, "2 records"));
  g_assert_cmpuint (pb_runner_result_get_record_count (result), ==, 3);
}

static void
test_trap_body (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PbRunner) runner = pb_runner_new (f->manifest);
  g_autoptr (PbRunnerResult) result = NULL;

  pb_runner_set_max_body_size (runner, 4096);
  result = run_read (f, runner, "big_items", &error);
  g_assert_no_error (error);
  assert_trap (result, PB_RUNNER_WARNING_BODY_TOO_LARGE);
  g_assert_cmpuint (pb_runner_result_get_page (result, 0)->body_size, ==, 4096);
  g_assert_cmpuint (pb_runner_result_get_record_count (result), ==, 0);
}

static void
test_trap_not_json (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PbRunnerResult) result = run_read (f, NULL, "html_items", &error);

  g_assert_no_error (error);
  assert_trap (result, PB_RUNNER_WARNING_NOT_JSON);
  g_assert_nonnull (strstr (pb_runner_result_get_warning (result, 0)->message, "HTML"));
}

static void
test_trap_records_not_found (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PbRunnerResult) result = run_read (f, NULL, "nested_items", &error);
  const PbRunnerWarning *w;

  g_assert_no_error (error);
  assert_trap (result, PB_RUNNER_WARNING_RECORDS_NOT_FOUND);
  w = pb_runner_result_get_warning (result, 0);
  g_assert_nonnull (w->suggestions);
  /* the list of objects first */
  g_assert_cmpstr (w->suggestions[0], ==, "results.entries");
  g_assert_cmpstr (w->suggestions[1], ==, "results.tags");
}

static void
test_trap_schema (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PbRunnerResult) result = run_read (f, NULL, "mismatch_items", &error);
  const PbRunnerWarning *w;
  const cJSON *schema;

  g_assert_no_error (error);
  assert_trap (result, PB_RUNNER_WARNING_SCHEMA_MISMATCH);
  w = pb_runner_result_get_warning (result, 0);
  g_assert_nonnull (strstr (w->message, "id:"));
  g_assert_nonnull (strstr (w->message, "extra:"));
  g_assert_null (strstr (w->message, "name:"));  /* null is declared */
  schema = pb_runner_result_get_schema (result);
  g_assert_cmpstr (cJSON_GetStringValue (cJSON_GetObjectItem (
                     cJSON_GetObjectItem (cJSON_GetObjectItem (schema, "properties"), "extra"),
                     "type")),
                   ==, "boolean");
}

static void
test_refused_key (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PbRunnerResult) result = NULL;

  pb_runner_test_server_expect_key (f->server, "another_key_entirely");
  result = run_read (f, NULL, "cursor_items", &error);
  g_assert_error (error, PB_ERROR, PB_ERROR_AUTH);
  g_assert_nonnull (result);
  g_assert_cmpuint (pb_runner_result_get_n_pages (result), ==, 1);
  g_assert_cmpuint (pb_runner_result_get_page (result, 0)->status, ==, 401);
  g_assert_null (strstr (error->message, KEY));
}

static void
test_rate_limited (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  gint64 start = g_get_monotonic_time ();
  g_autoptr (PbRunnerResult) result = run_read (f, NULL, "ratelimit_items", &error);

  g_assert_no_error (error);
  assert_trap (result, PB_RUNNER_WARNING_RATE_LIMITED);
  g_assert_cmpuint (pb_runner_result_get_record_count (result), ==, 4);
  g_assert_cmpuint (pb_runner_result_get_page (result, 0)->status, ==, 429);
  g_assert_cmpuint (pb_runner_result_get_page (result, 1)->status, ==, 200);
  /* Retry-After: 1 was honoured */
  g_assert_cmpint (g_get_monotonic_time () - start, >=, G_USEC_PER_SEC);
}

static void
test_timeout (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PbRunner) runner = pb_runner_new (f->manifest);
  g_autoptr (PbRunnerResult) result = NULL;
  gint64 start = g_get_monotonic_time ();

  pb_runner_set_timeout (runner, 1);
  result = run_read (f, runner, "slow_items", &error);
  g_assert_error (error, PB_ERROR, PB_ERROR_NETWORK);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 4 * G_USEC_PER_SEC);
  g_assert_nonnull (result);
}

static void
test_record_limit (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PbRunner) runner = pb_runner_new (f->manifest);
  g_autoptr (PbRunnerResult) result = NULL;

  pb_runner_set_max_records (runner, 12);
  result = run_read (f, runner, "cursor_items", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pb_runner_result_get_record_count (result), ==, 12);
  g_assert_cmpuint (pb_runner_result_get_n_pages (result), ==, 2);
  assert_trap (result, PB_RUNNER_WARNING_RECORD_LIMIT_REACHED);
}

static void
test_errors_before_reading (Fixture       *f,
                            gconstpointer  data)
{
  const struct { const char *file; int code; const char *says; } cases[]
    = { { "unsupported-filter.yaml", PB_ERROR_UNSUPPORTED_FORMAT, "wordwrap" },
        { "unsupported-auth.yaml", PB_ERROR_UNSUPPORTED_FORMAT,
          "“CustomAuthenticator” (class_name “source_acme.components.AcmeAuth”) at streams › "
          "items › retriever › requester › authenticator." },
        /* a Custom… component deep in a parent stream, reached through a $ref */
        { "unsupported-custom.yaml", PB_ERROR_UNSUPPORTED_FORMAT,
          "“CustomPaginationStrategy” (class_name “source_acme.components.AcmePager”) at "
          "streams › items › retriever › partition_router › parent_stream_configs › 0 › stream › "
          "retriever › paginator › pagination_strategy." } };
  g_autoptr (GError) missing = NULL;
  g_autoptr (PbRunnerResult) none = run_read (f, NULL, "no_such_stream", &missing);

  g_assert_null (none);
  g_assert_error (missing, PB_ERROR, PB_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (missing->message, "cursor_items"));
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "runner", cases[i].file,
                                                     NULL);
      g_autoptr (GError) error = NULL;
      g_autoptr (PbRunnerManifest) manifest = pb_runner_manifest_new_from_file (path, &error);
      g_autoptr (PbRunner) runner = NULL;
      Read r = { 0 };

      g_assert_no_error (error);
      runner = pb_runner_new (manifest);
      pb_runner_read_async (runner, "items", NULL, read_cb, &r);
      PB_TEST_WAIT_FOR (r.done, 30);
      g_assert_null (r.result);
      g_assert_error (r.error, PB_ERROR, cases[i].code);
      if (strstr (r.error->message, cases[i].says) == NULL)
        g_error ("%s: “%s” does not say “%s”", cases[i].file, r.error->message, cases[i].says);
      g_clear_error (&r.error);
    }
  /* no request went out for any of them */
  g_assert_cmpuint (pb_runner_test_server_get_n_requests (f->server), ==, 0);
}

static void
test_secret_in_config (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr (PbRunner) runner = pb_runner_new (f->manifest);
  g_autoptr (GError) error = NULL;
  cJSON *config = config_for (f);

  cJSON_AddStringToObject (config, "api_key", KEY);
  g_assert_false (pb_runner_set_config (runner, config, &error));
  g_assert_error (error, PB_ERROR, PB_ERROR_INVALID_ARGUMENT);
  g_assert_null (strstr (error->message, KEY));
  cJSON_Delete (config);
}

static void
test_no_secret_in_result (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PbRunnerResult) result = run_read (f, NULL, "cursor_items", &error);
  g_autoptr (cJSON) json = pb_runner_result_to_json (result);
  g_autofree char *text = cJSON_Print (json);
  const PbRunnerPage *page = pb_runner_result_get_page (result, 0);
  gboolean saw_header = FALSE;

  g_assert_no_error (error);
  g_assert_null (strstr (text, KEY));
  for (guint i = 0; i + 1 < page->request_headers->len; i += 2)
    if (g_str_equal (page->request_headers->pdata[i], "X-Api-Key"))
      {
        g_assert_cmpstr (page->request_headers->pdata[i + 1], ==, "[redacted]");
        saw_header = TRUE;
      }
  g_assert_true (saw_header);
}

/* An OAuth connector: its token manager hands over the stored access token (no expiry, so no
 * refresh), which signs the OAuthAuthenticator's requests as a bearer token. */
static void
test_oauth_connector (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "runner", "oauth.yaml",
                                                 NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (PbRunnerManifest) manifest = pb_runner_manifest_new_from_file (path, &error);
  g_autoptr (PbRunner) runner = NULL;
  PbConnector *oauth = pb_connector_store_find_by_name (f->store, "Acme OAuth");
  cJSON *config = config_for (f);
  Read r = { 0 };
  const PbRunnerPage *page;

  g_assert_no_error (error);
  if (oauth == NULL)
    oauth = pb_connector_store_create (f->store, "Acme OAuth", PB_CONNECTOR_KIND_OAUTH2, &error);
  g_assert_no_error (error);
  g_assert_true (pb_connector_store_set_secret_sync (f->store, oauth, "access-token", KEY, NULL,
                                                     &error));
  g_assert_no_error (error);
  runner = pb_runner_new (manifest);
  g_assert_true (pb_runner_set_config (runner, config, &error));
  cJSON_Delete (config);
  pb_runner_set_connector (runner, f->store, oauth, NULL);
  pb_runner_read_async (runner, "items", NULL, read_cb, &r);
  PB_TEST_WAIT_FOR (r.done, 60);
  g_assert_no_error (r.error);
  g_assert_cmpuint (pb_runner_result_get_record_count (r.result), ==, 25);
  page = pb_runner_result_get_page (r.result, 0);
  for (guint i = 0; i + 1 < page->request_headers->len; i += 2)
    if (g_str_equal (page->request_headers->pdata[i], "Authorization"))
      g_assert_cmpstr (page->request_headers->pdata[i + 1], ==, "[redacted]");
  g_clear_object (&r.result);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/runner/paginator/cursor-response", test_cursor_response);
  ADD ("/runner/paginator/cursor-link-header", test_cursor_link_header);
  ADD ("/runner/paginator/request-path", test_request_path);
  ADD ("/runner/paginator/offset", test_offset);
  ADD ("/runner/paginator/page-increment", test_page_increment);
  ADD ("/runner/paginator/post-body-and-header", test_post_body);
  ADD ("/runner/router/substream", test_substream);
  ADD ("/runner/router/list", test_list_router);
  ADD ("/runner/router/product", test_router_product);
  ADD ("/runner/incremental/datetime", test_incremental);
  ADD ("/runner/limits/slices", test_slice_limit);
  ADD ("/runner/limits/records", test_record_limit);
  ADD ("/runner/trap/pagination-repeats-token", test_trap_repeated_token);
  ADD ("/runner/trap/pagination-repeats-body", test_trap_repeated_body);
  ADD ("/runner/trap/pagination-limit-reached", test_trap_limit);
  ADD ("/runner/trap/cursor-unparsable", test_trap_cursor);
  ADD ("/runner/trap/body-too-large", test_trap_body);
  ADD ("/runner/trap/not-json", test_trap_not_json);
  ADD ("/runner/trap/records-not-found", test_trap_records_not_found);
  ADD ("/runner/trap/schema-mismatch", test_trap_schema);
  ADD ("/runner/http/refused-key", test_refused_key);
  ADD ("/runner/http/rate-limited", test_rate_limited);
  ADD ("/runner/http/timeout", test_timeout);
  ADD ("/runner/errors/before-reading", test_errors_before_reading);
  ADD ("/runner/secrets/not-from-config", test_secret_in_config);
  ADD ("/runner/secrets/redacted", test_no_secret_in_result);
  ADD ("/runner/secrets/oauth-connector", test_oauth_connector);
#undef ADD
  return g_test_run ();
}
