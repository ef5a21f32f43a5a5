/* test-manifest-check.c: the Builder's field checks and the manifest setters its editors use
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "pb-error.h"
#include "pb-manifest.h"
#include "pb-manifest-check.h"

static void
assert_refused (gboolean ok, GError **error, const char *needle)
{
  g_assert_false (ok);
  g_assert_error (*error, PB_ERROR, PB_ERROR_INVALID_ARGUMENT);
  if (needle != NULL && strstr ((*error)->message, needle) == NULL)
    g_error ("“%s” does not mention “%s”", (*error)->message, needle);
  g_clear_error (error);
}

static void
test_template (void)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (pb_manifest_check_template ("Cursor value", NULL, &error));
  g_assert_true (pb_manifest_check_template ("Cursor value", "", &error));
  g_assert_true (pb_manifest_check_template ("Cursor value", "{{ response.next }}", &error));
  g_assert_true (pb_manifest_check_template ("Stop", "{% if x %}1{% endif %}", &error));
  g_assert_no_error (error);
  assert_refused (pb_manifest_check_template ("Cursor value", "{{ response.next", &error),
                  &error, "Cursor value");
  assert_refused (pb_manifest_check_template ("Stop", "{% if x", &error), &error, "%}");
  assert_refused (pb_manifest_check_template ("Cursor value", "a\nb", &error), &error, NULL);
}

static void
test_url_base (void)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (pb_manifest_check_url_base ("https://api.example.com/v1", &error));
  g_assert_true (pb_manifest_check_url_base ("{{ config['base_url'] }}", &error));
  g_assert_true (pb_manifest_check_url_base ("https://{{ config['sub'] }}.example.com", &error));
  g_assert_no_error (error);

  g_assert_false (pb_manifest_check_url_base ("api.example.com", &error));
  g_assert_error (error, PB_ERROR, PB_ERROR_INVALID_URL);
  g_clear_error (&error);
  g_assert_false (pb_manifest_check_url_base ("ftp://example.com", &error));
  g_assert_error (error, PB_ERROR, PB_ERROR_INVALID_URL);
  g_clear_error (&error);
  /* A password in the address never reaches the project file, nor the message. */
  g_assert_false (pb_manifest_check_url_base ("https://me:hunter2@example.com", &error));
  g_assert_error (error, PB_ERROR, PB_ERROR_INVALID_URL);
  g_assert_null (strstr (error->message, "hunter2"));
  g_clear_error (&error);
  assert_refused (pb_manifest_check_url_base ("https://{{ config['x'].example.com", &error),
                  &error, "base URL");
}

static void
test_path (void)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (pb_manifest_check_path ("/v1/users", &error));
  g_assert_true (pb_manifest_check_path ("users", &error));
  g_assert_true (pb_manifest_check_path ("/users/{{ stream_partition.id }}/posts", &error));
  g_assert_no_error (error);
  assert_refused (pb_manifest_check_path ("/my users", &error), &error, "%20");
  assert_refused (pb_manifest_check_path ("/users#top", &error), &error, NULL);
  assert_refused (pb_manifest_check_path ("https://api.example.com/users", &error), &error,
                  "relative");
  assert_refused (pb_manifest_check_path ("/users/{{ id", &error), &error, "}}");
}

static void
test_lists (void)
{
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) path = NULL;
  g_auto (GStrv) empty = NULL;
  g_auto (GStrv) keys = NULL;

  path = pb_manifest_parse_field_path ("Record path", "data.items", &error);
  g_assert_no_error (error);
  g_assert_cmpstrv (path, ((const char *[]) { "data", "items", NULL }));
  empty = pb_manifest_parse_field_path ("Record path", "", &error);
  g_assert_nonnull (empty);
  g_assert_null (empty[0]);
  g_assert_null (pb_manifest_parse_field_path ("Record path", "data..items", &error));
  assert_refused (FALSE, &error, "Record path");
  g_assert_null (pb_manifest_parse_field_path ("Record path", ".data", &error));
  assert_refused (FALSE, &error, NULL);

  keys = pb_manifest_parse_field_list ("Primary key", " id , account_id", &error);
  g_assert_no_error (error);
  g_assert_cmpstrv (keys, ((const char *[]) { "id", "account_id", NULL }));
  g_assert_null (pb_manifest_parse_field_list ("Primary key", "id,,x", &error));
  assert_refused (FALSE, &error, "commas");
}

static void
test_count (void)
{
  g_autoptr (GError) error = NULL;
  int n = -1;

  g_assert_true (pb_manifest_parse_count ("Page size", "50", 1, &n, &error));
  g_assert_cmpint (n, ==, 50);
  g_assert_true (pb_manifest_parse_count ("Page size", "", 1, &n, &error));
  g_assert_cmpint (n, ==, 0);
  g_assert_true (pb_manifest_parse_count ("Start from page", "0", 0, &n, &error));
  g_assert_cmpint (n, ==, 0);
  g_assert_no_error (error);
  n = 7;
  assert_refused (pb_manifest_parse_count ("Page size", "0", 1, &n, &error), &error,
                  "Page size");
  assert_refused (pb_manifest_parse_count ("Page size", "ten", 1, &n, &error), &error, NULL);
  assert_refused (pb_manifest_parse_count ("Page size", "-5", 1, &n, &error), &error, NULL);
  assert_refused (pb_manifest_parse_count ("Page size", "99999999999", 1, &n, &error), &error,
                  NULL);
  g_assert_cmpint (n, ==, 7);
}

static void
test_datetime (void)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (pb_manifest_check_datetime_format ("Format", "%Y-%m-%dT%H:%M:%SZ", &error));
  g_assert_true (pb_manifest_check_datetime_format ("Format", "%s", &error));
  g_assert_true (pb_manifest_check_datetime_format ("Format", "%ms", &error));
  g_assert_no_error (error);
  assert_refused (pb_manifest_check_datetime_format ("Format", "YYYY-MM-DD", &error), &error,
                  "directive");
  assert_refused (pb_manifest_check_datetime_format ("Format", "%Q", &error), &error, NULL);
  assert_refused (pb_manifest_check_datetime_format ("Format", "%Y-%", &error), &error, NULL);

  g_assert_true (pb_manifest_check_datetime ("Start", "2024-01-31", &error));
  g_assert_true (pb_manifest_check_datetime ("Start", "2024-01-31T10:00:00Z", &error));
  g_assert_true (pb_manifest_check_datetime ("Start", "{{ config['start_date'] }}", &error));
  g_assert_no_error (error);
  assert_refused (pb_manifest_check_datetime ("Start", "last tuesday", &error), &error, "Start");
  assert_refused (pb_manifest_check_datetime ("Start", "2024-13-45", &error), &error, NULL);
  assert_refused (pb_manifest_check_datetime ("Start", "{{ config['start'", &error), &error,
                  NULL);
}

/* The editors replace a stream's parameters and headers as a whole, in the order shown. */
static void
test_stream_pairs (void)
{
  g_autoptr (PbManifestStream) stream = pb_manifest_stream_new ("users", "/users");
  const char *pairs[] = { "limit", "50", "sort", "asc", "limit", "100", NULL };
  const char *headers[] = { "Accept", "application/json", NULL };
  const char * const *got;

  pb_manifest_stream_set_request_parameter (stream, "old", "1");
  pb_manifest_stream_set_request_parameters (stream, pairs);
  got = pb_manifest_stream_get_request_parameters (stream);
  g_assert_cmpstrv (got, ((const char *[]) { "limit", "100", "sort", "asc", NULL }));

  pb_manifest_stream_set_request_headers (stream, headers);
  got = pb_manifest_stream_get_request_headers (stream);
  g_assert_cmpstrv (got, headers);
  pb_manifest_stream_set_request_headers (stream, NULL);
  g_assert_null (pb_manifest_stream_get_request_headers (stream)[0]);
  /* Still usable after being emptied. */
  pb_manifest_stream_set_request_header (stream, "X-A", "b");
  g_assert_cmpstrv (pb_manifest_stream_get_request_headers (stream),
                    ((const char *[]) { "X-A", "b", NULL }));
}

static void
test_evidence_level (void)
{
  g_autoptr (PbEvidence) low = pb_evidence_new ("spec.yaml", "#/a", NULL, 0.4, "guess");
  g_autoptr (PbEvidence) edge = pb_evidence_new ("spec.yaml", "#/a", NULL,
                                                 PB_EVIDENCE_LOW_CONFIDENCE, "loose");
  g_autoptr (PbEvidence) high = pb_evidence_new ("spec.yaml", "#/a", NULL, 0.9, "stated");

  g_assert_cmpint (pb_evidence_get_level (low), ==, PB_CONFIDENCE_LOW);
  g_assert_cmpint (pb_evidence_get_level (edge), ==, PB_CONFIDENCE_MEDIUM);
  g_assert_cmpint (pb_evidence_get_level (high), ==, PB_CONFIDENCE_HIGH);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/manifest-check/template", test_template);
  g_test_add_func ("/manifest-check/url-base", test_url_base);
  g_test_add_func ("/manifest-check/path", test_path);
  g_test_add_func ("/manifest-check/lists", test_lists);
  g_test_add_func ("/manifest-check/count", test_count);
  g_test_add_func ("/manifest-check/datetime", test_datetime);
  g_test_add_func ("/manifest-check/stream-pairs", test_stream_pairs);
  g_test_add_func ("/manifest-check/evidence-level", test_evidence_level);

  return g_test_run ();
}
