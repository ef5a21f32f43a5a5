/* test-runner-manifest.c: the runner's reading of untrusted input without network: manifest
 * resolution ($ref, definitions, default types, $parameters), broken manifests, record
 * selection, Link headers, inferred schemas, datetime windows
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "pb-error.h"
#include "pb-runner-context.h"
#include "pb-runner-cursor.h"
#include "pb-runner-manifest.h"
#include "pb-runner-requester.h"
#include "pb-runner-schema.h"
#include "pb-runner-selector.h"

static PbRunnerManifest *
load (const char  *text,
      GError     **error)
{
  return pb_runner_manifest_new_from_data (text, strlen (text), error);
}

static const char *
get_string (const cJSON *node,
            const char  *path)
{
  g_auto (GStrv) parts = g_strsplit (path, "/", -1);

  for (guint i = 0; parts[i] != NULL && node != NULL; i++)
    node = cJSON_IsArray (node) ? cJSON_GetArrayItem (node, atoi (parts[i]))
                                : cJSON_GetObjectItemCaseSensitive (node, parts[i]);
  return cJSON_GetStringValue (node);
}

static const char manifest_text[]
  = "version: 6.44.0\n"
    "type: DeclarativeSource\n"
    "definitions:\n"
    "  requester:\n"
    "    url_base: https://api.example.test/v1\n"
    "    authenticator: {type: BearerAuthenticator, api_token: \"{{ config['token'] }}\"}\n"
    "  base:\n"
    "    type: DeclarativeStream\n"
    "    retriever:\n"
    "      requester: {$ref: '#/definitions/requester', type: HttpRequester}\n"
    "      record_selector:\n"
    "        extractor: {field_path: ['{{ parameters.data_key }}']}\n"
    "    schema_loader: {type: InlineSchemaLoader, schema: {$ref: '#/schemas/user'}}\n"
    "  users:\n"
    "    $ref: '#/definitions/base'\n"
    "    $parameters: {name: users, path: /users, data_key: data}\n"
    "  orgs:\n"
    "    $ref: '#/definitions/base'\n"
    "    name: organizations\n"
    "    $parameters: {name: ignored, path: /orgs, data_key: orgs}\n"
    "streams: ['#/definitions/users', {$ref: '#/definitions/orgs'}]\n"
    "schemas:\n"
    "  user: {type: object, properties: {id: {type: integer}}}\n"
    "spec:\n"
    "  connection_specification:\n"
    "    type: object\n"
    "    required: [token]\n"
    "    properties:\n"
    "      token: {type: string, airbyte_secret: true}\n"
    "      region: {type: string}\n";

static void
test_resolution (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PbRunnerManifest) manifest = load (manifest_text, &error);
  g_auto (GStrv) names = NULL;
  const cJSON *users;
  const cJSON *orgs;
  g_autofree char *secret = NULL;

  g_assert_no_error (error);
  names = pb_runner_manifest_list_streams (manifest);
  g_assert_cmpuint (g_strv_length (names), ==, 2);
  g_assert_cmpstr (names[0], ==, "users");
  /* a field the stream sets wins over the same-named parameter */
  g_assert_cmpstr (names[1], ==, "organizations");
  users = pb_runner_manifest_find_stream (manifest, "users");
  orgs = pb_runner_manifest_find_stream (manifest, "organizations");
  /* default types */
  g_assert_cmpstr (get_string (users, "retriever/type"), ==, "SimpleRetriever");
  g_assert_cmpstr (get_string (users, "retriever/record_selector/type"), ==, "RecordSelector");
  g_assert_cmpstr (get_string (users, "retriever/record_selector/extractor/type"), ==,
                   "DpathExtractor");
  /* $parameters fill missing fields of nested components */
  g_assert_cmpstr (get_string (users, "retriever/requester/path"), ==, "/users");
  g_assert_cmpstr (get_string (orgs, "retriever/requester/path"), ==, "/orgs");
  g_assert_cmpstr (get_string (users, "retriever/requester/url_base"), ==,
                   "https://api.example.test/v1");
  g_assert_cmpstr (get_string (users, "retriever/record_selector/extractor/$parameters/data_key"),
                   ==, "data");
  /* references inside schemas resolve too */
  g_assert_cmpstr (get_string (users, "schema_loader/schema/properties/id/type"), ==, "integer");
  /* but a JSON schema gets no parameters */
  g_assert_null (get_string (users, "schema_loader/schema/path"));
  secret = pb_runner_manifest_dup_secret_property (manifest, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (secret, ==, "token");
  g_assert_true (pb_runner_manifest_is_secret_property (manifest, "token"));
  g_assert_false (pb_runner_manifest_is_secret_property (manifest, "region"));
}

static void
test_broken_manifests (void)
{
  const char *bad[] = {
    "",
    "{",
    "[1, 2]",
    "type: DeclarativeSource\n",
    "type: Something\nstreams: []\n",
    "type: DeclarativeSource\nstreams: ['#/definitions/a']\n"
    "definitions: {a: {$ref: '#/definitions/b'}, b: {$ref: '#/definitions/a'}}\n",
    "type: DeclarativeSource\nstreams: [{$ref: '#/nowhere'}]\n",
    "type: DeclarativeSource\nstreams: {a: 1}\n",
    "type: DeclarativeSource\nstreams:\n  - a: &a [1, 2]\n    b: *a\n  - !!binary aGVsbG8=\n",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (PbRunnerManifest) manifest = load (bad[i], &error);

      if (manifest != NULL)
        {
          g_auto (GStrv) names = pb_runner_manifest_list_streams (manifest);

          /* accepted only if harmless: no stream */
          g_assert_cmpuint (g_strv_length (names), ==, 0);
          continue;
        }
      g_assert_error (error, PB_ERROR, PB_ERROR_PARSE);
    }
}

static void
test_reference_fan_out (void)
{
  GString *text = g_string_new ("type: DeclarativeSource\nstreams: ['#/definitions/l9']\n"
                                "definitions:\n  l0: [x, x, x, x, x, x, x, x, x, x]\n");
  g_autoptr (GError) error = NULL;
  g_autoptr (PbRunnerManifest) manifest = NULL;

  for (guint i = 1; i < 10; i++)
    g_string_append_printf (text, "  l%u: ['#/definitions/l%u', '#/definitions/l%u', "
                            "'#/definitions/l%u', '#/definitions/l%u', '#/definitions/l%u', "
                            "'#/definitions/l%u', '#/definitions/l%u', '#/definitions/l%u', "
                            "'#/definitions/l%u', '#/definitions/l%u']\n",
                            i, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1,
                            i - 1);
  manifest = load (text->str, &error);
  g_assert_null (manifest);
  g_assert_error (error, PB_ERROR, PB_ERROR_PARSE);
  g_string_free (text, TRUE);
}

static void
test_secret_property_choice (void)
{
  const char *two = "type: DeclarativeSource\nstreams: []\nspec: {connection_specification: "
                    "{properties: {a: {airbyte_secret: true}, b: {airbyte_secret: true}}}}\n";
  const char *none = "type: DeclarativeSource\nstreams: []\n";
  const char *required = "type: DeclarativeSource\nstreams: []\nspec: {connection_specification: "
                         "{required: [b], properties: {a: {airbyte_secret: true}, "
                         "b: {airbyte_secret: true}}}}\n";
  g_autoptr (PbRunnerManifest) m_two = load (two, NULL);
  g_autoptr (PbRunnerManifest) m_none = load (none, NULL);
  g_autoptr (PbRunnerManifest) m_required = load (required, NULL);
  g_autoptr (GError) e_two = NULL;
  g_autoptr (GError) e_none = NULL;
  g_autofree char *a = pb_runner_manifest_dup_secret_property (m_two, &e_two);
  g_autofree char *b = pb_runner_manifest_dup_secret_property (m_none, &e_none);
  g_autofree char *c = pb_runner_manifest_dup_secret_property (m_required, NULL);

  g_assert_null (a);
  g_assert_error (e_two, PB_ERROR, PB_ERROR_PARSE);
  g_assert_null (b);
  g_assert_error (e_none, PB_ERROR, PB_ERROR_PARSE);
  g_assert_cmpstr (c, ==, "b");
}

/* The records as a JSON array (copies). */
static cJSON *
select_with (const char *selector_json,
             const char *body_json)
{
  g_autoptr (cJSON) selector = cJSON_Parse (selector_json);
  g_autoptr (cJSON) body = cJSON_Parse (body_json);
  g_autoptr (cJSON) context = cJSON_CreateObject ();
  g_autoptr (cJSON) storage = cJSON_CreateArray ();
  g_autoptr (GPtrArray) found = g_ptr_array_new ();
  g_autoptr (GError) error = NULL;
  g_autoptr (PbRunnerSelector) self = pb_runner_selector_new (selector, NULL, &error);
  cJSON *records = cJSON_CreateArray ();

  g_assert_no_error (error);
  g_assert_true (pb_runner_selector_select (self, body, context, found, storage, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < found->len; i++)
    cJSON_AddItemToArray (records, cJSON_Duplicate (found->pdata[i], TRUE));
  return records;
}

static void
test_selector (void)
{
  g_autoptr (cJSON) plain = select_with (
    "{\"type\": \"RecordSelector\", \"extractor\": {\"type\": \"DpathExtractor\", "
    "\"field_path\": [\"data\", \"items\"]}}",
    "{\"data\": {\"items\": [{\"a\": 1}, {\"a\": 2}]}}");
  g_autoptr (cJSON) wildcard = select_with (
    "{\"type\": \"RecordSelector\", \"extractor\": {\"type\": \"DpathExtractor\", "
    "\"field_path\": [\"groups\", \"*\", \"member\"]}}",
    "{\"groups\": [{\"member\": {\"n\": 1}}, {\"member\": {\"n\": 2}}, {\"other\": 3}]}");
  g_autoptr (cJSON) top = select_with (
    "{\"type\": \"RecordSelector\", \"extractor\": {\"type\": \"DpathExtractor\", "
    "\"field_path\": []}}",
    "[{\"a\": 1}, {\"a\": 2}, {\"a\": 3}]");
  g_autoptr (cJSON) single = select_with (
    "{\"type\": \"RecordSelector\", \"extractor\": {\"type\": \"DpathExtractor\", "
    "\"field_path\": []}}",
    "{\"id\": 7}");
  g_autoptr (cJSON) filtered = select_with (
    "{\"type\": \"RecordSelector\", \"extractor\": {\"type\": \"DpathExtractor\", "
    "\"field_path\": [\"data\"]}, \"record_filter\": {\"type\": \"RecordFilter\", "
    "\"condition\": \"{{ record['a'] > 1 }}\"}}",
    "{\"data\": [{\"a\": 1}, {\"a\": 2}, {\"a\": 3}]}");
  g_autoptr (cJSON) missing = select_with (
    "{\"type\": \"RecordSelector\", \"extractor\": {\"type\": \"DpathExtractor\", "
    "\"field_path\": [\"nope\"]}}",
    "{\"data\": [1]}");
  g_autoptr (cJSON) body = cJSON_Parse ("{\"a\": {\"b\": [1], \"c\": [{\"x\": 1}, {\"x\": 2}]}, "
                                        "\"empty\": []}");
  g_auto (GStrv) suggestions = pb_runner_selector_suggest_paths (body, 5);

  g_assert_cmpint (cJSON_GetArraySize (plain), ==, 2);
  g_assert_cmpint (cJSON_GetArraySize (wildcard), ==, 2);
  g_assert_cmpint (cJSON_GetArraySize (top), ==, 3);
  g_assert_cmpint (cJSON_GetArraySize (single), ==, 1);
  g_assert_cmpint (cJSON_GetArraySize (filtered), ==, 2);
  g_assert_cmpint (cJSON_GetArraySize (missing), ==, 0);
  g_assert_cmpuint (g_strv_length (suggestions), ==, 2);
  g_assert_cmpstr (suggestions[0], ==, "a.c");
  g_assert_cmpstr (suggestions[1], ==, "a.b");
}

static void
test_unsupported_components (void)
{
  const char *selectors[]
    = { "{\"type\": \"RecordSelector\", \"extractor\": {\"type\": \"CustomRecordExtractor\"}}",
        "{\"type\": \"RecordSelector\", \"extractor\": {\"type\": \"DpathExtractor\", "
        "\"field_path\": [\"{% if x %}\"]}}" };

  for (guint i = 0; i < G_N_ELEMENTS (selectors); i++)
    {
      g_autoptr (cJSON) selector = cJSON_Parse (selectors[i]);
      g_autoptr (GError) error = NULL;
      g_autoptr (PbRunnerSelector) self = pb_runner_selector_new (selector, NULL, &error);

      g_assert_null (self);
      g_assert_error (error, PB_ERROR, PB_ERROR_UNSUPPORTED_FORMAT);
    }
}

static void
test_link_header (void)
{
  g_autoptr (SoupMessageHeaders) headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_RESPONSE);
  g_autoptr (cJSON) json = NULL;

  soup_message_headers_append (headers, "Link",
                               "<https://x.test/items?page=2&a=b,c>; rel=\"next\", "
                               "<https://x.test/items?page=9>; rel=last; title=\"Last\"");
  soup_message_headers_append (headers, "X-Total", "90");
  json = pb_runner_requester_headers_json (headers);
  g_assert_cmpstr (get_string (json, "link/next/url"), ==, "https://x.test/items?page=2&a=b,c");
  g_assert_cmpstr (get_string (json, "link/last/url"), ==, "https://x.test/items?page=9");
  g_assert_cmpstr (get_string (json, "link/last/title"), ==, "Last");
  g_assert_cmpstr (get_string (json, "X-Total"), ==, "90");
}

static void
test_schema_inference (void)
{
  g_autoptr (PbRunnerSchema) schema = pb_runner_schema_new ();
  g_autoptr (cJSON) a = cJSON_Parse ("{\"id\": 1, \"tags\": [\"x\"], \"owner\": {\"n\": \"a\"}, "
                                     "\"score\": 1}");
  g_autoptr (cJSON) b = cJSON_Parse ("{\"id\": 2, \"tags\": [], \"owner\": null, "
                                     "\"score\": 1.5, \"late\": true}");
  g_autoptr (cJSON) declared = cJSON_Parse ("{\"type\": \"object\", \"properties\": "
                                            "{\"id\": {\"type\": \"string\"}}}");
  g_autoptr (cJSON) out = NULL;
  g_autoptr (GPtrArray) issues = NULL;
  g_autofree char *owner_type = NULL;

  pb_runner_schema_add (schema, a);
  pb_runner_schema_add (schema, b);
  out = pb_runner_schema_to_json (schema);
  g_assert_cmpstr (get_string (out, "properties/id/type"), ==, "integer");
  g_assert_cmpstr (get_string (out, "properties/score/type"), ==, "number");
  g_assert_cmpstr (get_string (out, "properties/tags/items/type"), ==, "string");
  g_assert_cmpstr (get_string (out, "properties/owner/properties/n/type"), ==, "string");
  owner_type = cJSON_PrintUnformatted (cJSON_GetObjectItem (
    cJSON_GetObjectItem (cJSON_GetObjectItem (out, "properties"), "owner"), "type"));
  g_assert_cmpstr (owner_type, ==, "[\"object\",\"null\"]");
  /* missing from one record: nullable */
  g_assert_cmpstr (get_string (out, "properties/late/type/1"), ==, "null");
  issues = pb_runner_schema_compare (schema, declared, 10);
  g_assert_cmpuint (issues->len, ==, 5); /* id's type, then 4 undeclared fields */
}

static void
test_datetime_windows (void)
{
  g_autoptr (cJSON) component = cJSON_Parse (
    "{\"type\": \"DatetimeBasedCursor\", \"cursor_field\": \"t\", "
    "\"datetime_format\": \"%Y-%m-%dT%H:%M:%SZ\", \"start_datetime\": \"2024-01-30T00:00:00Z\", "
    "\"end_datetime\": \"2024-03-05T00:00:00Z\", \"step\": \"P1M\", "
    "\"cursor_granularity\": \"PT1S\"}");
  g_autoptr (cJSON) context = cJSON_CreateObject ();
  g_autoptr (GError) error = NULL;
  g_autoptr (PbRunnerCursor) cursor = pb_runner_cursor_new (component, &error);
  g_autoptr (cJSON) slices = NULL;
  gboolean more = TRUE;
  g_autoptr (cJSON) bad = cJSON_Parse ("{\"type\": \"DatetimeBasedCursor\", \"cursor_field\": "
                                       "\"t\", \"start_datetime\": \"x\", \"step\": \"1 day\"}");
  g_autoptr (GError) bad_error = NULL;
  g_autoptr (PbRunnerCursor) bad_cursor = pb_runner_cursor_new (bad, &bad_error);

  g_assert_no_error (error);
  slices = pb_runner_cursor_slices (cursor, context, 10, &more, &error);
  g_assert_no_error (error);
  g_assert_false (more);
  /* a month after January 30 is February 29 (2024); each window ends a granule before the
   * next starts; the last is cut at the end */
  g_assert_cmpint (cJSON_GetArraySize (slices), ==, 2);
  g_assert_cmpstr (get_string (slices, "0/start_time"), ==, "2024-01-30T00:00:00Z");
  g_assert_cmpstr (get_string (slices, "0/end_time"), ==, "2024-02-28T23:59:59Z");
  g_assert_cmpstr (get_string (slices, "1/start_time"), ==, "2024-02-29T00:00:00Z");
  g_assert_cmpstr (get_string (slices, "1/end_time"), ==, "2024-03-05T00:00:00Z");
  g_assert_null (bad_cursor);
  g_assert_error (bad_error, PB_ERROR, PB_ERROR_PARSE);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/runner-manifest/resolution", test_resolution);
  g_test_add_func ("/runner-manifest/broken", test_broken_manifests);
  g_test_add_func ("/runner-manifest/reference-fan-out", test_reference_fan_out);
  g_test_add_func ("/runner-manifest/secret-property", test_secret_property_choice);
  g_test_add_func ("/runner-manifest/selector", test_selector);
  g_test_add_func ("/runner-manifest/unsupported-components", test_unsupported_components);
  g_test_add_func ("/runner-manifest/link-header", test_link_header);
  g_test_add_func ("/runner-manifest/schema-inference", test_schema_inference);
  g_test_add_func ("/runner-manifest/datetime-windows", test_datetime_windows);
  return g_test_run ();
}
