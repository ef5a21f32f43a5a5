/* test-spec-document.c: PbSpecDocument reads JSON and YAML into the same tree, types YAML
 * as OpenAPI tools do, detects versions and resolves local and file refs safely
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <string.h>
#include <unistd.h>

#include "pb-error.h"
#include "pb-spec-document.h"
#include "pb-test-util.h"

static PbSpecDocument *
doc_from_string (const char  *text,
                 const char  *uri,
                 GError     **error)
{
  g_autoptr (GBytes) bytes = g_bytes_new (text, strlen (text));

  return pb_spec_document_new_from_bytes (bytes, uri, error);
}

static PbSpecDocument *
doc_ok (const char *text)
{
  g_autoptr (GError) error = NULL;
  PbSpecDocument *doc = doc_from_string (text, "file:///nowhere/spec", &error);

  g_assert_no_error (error);
  g_assert_nonnull (doc);
  return doc;
}

/* Writes TEXT to RELATIVE inside a fresh folder of the test root; returns the path. */
static char *
write_fixture (const char *dir,
               const char *relative,
               const char *text)
{
  g_autofree char *path = g_build_filename (dir, relative, NULL);
  g_autofree char *parent = g_path_get_dirname (path);
  g_autoptr (GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (parent, 0700), ==, 0);
  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);
  return g_steal_pointer (&path);
}

static char *
fixture_dir (const char *name)
{
  char *dir = g_build_filename (pb_test_root (), "fixtures", name, NULL);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  return dir;
}

static const cJSON *
get (const cJSON *node,
     const char  *key)
{
  return cJSON_GetObjectItemCaseSensitive (node, key);
}

/* ---- JSON and YAML ---- */

static const char small_json[] =
  "{\n"
  "  \"openapi\": \"3.0.3\",\n"
  "  \"info\": {\"title\": \"Pets\", \"version\": \"1.0\"},\n"
  "  \"servers\": [{\"url\": \"https://api.example.com/v1\"}],\n"
  "  \"paths\": {\n"
  "    \"/pets\": {\"get\": {\"parameters\": [{\"name\": \"limit\", \"in\": \"query\", \"required\": false,\n"
  "      \"schema\": {\"type\": \"integer\", \"maximum\": 100, \"default\": 20.5}}],\n"
  "      \"responses\": {\"200\": {\"description\": \"ok\", \"content\": {\"application/json\":\n"
  "        {\"schema\": {\"type\": \"array\", \"items\": {\"$ref\": \"#/components/schemas/Pet\"}}}}}}}}\n"
  "  },\n"
  "  \"components\": {\"schemas\": {\"Pet\": {\"type\": \"object\", \"nullable\": true, \"example\": null,\n"
  "    \"properties\": {\"id\": {\"type\": \"string\"}, \"tag\": {\"type\": \"string\", \"enum\": [\"a\", \"1\", \"true\"]}}}}}\n"
  "}\n";

static const char small_yaml[] =
  "# the same spec as YAML\n"
  "openapi: 3.0.3\n"
  "info:\n"
  "  title: Pets\n"
  "  version: '1.0'\n"
  "servers:\n"
  "  - url: https://api.example.com/v1\n"
  "paths:\n"
  "  /pets:\n"
  "    get:\n"
  "      parameters:\n"
  "        - name: limit\n"
  "          in: query\n"
  "          required: false\n"
  "          schema: {type: integer, maximum: 100, default: 20.5}\n"
  "      responses:\n"
  "        200:\n"
  "          description: ok\n"
  "          content:\n"
  "            application/json:\n"
  "              schema:\n"
  "                type: array\n"
  "                items:\n"
  "                  $ref: '#/components/schemas/Pet'\n"
  "components:\n"
  "  schemas:\n"
  "    Pet:\n"
  "      type: object\n"
  "      nullable: true\n"
  "      example: ~\n"
  "      properties:\n"
  "        id: {type: string}\n"
  "        tag:\n"
  "          type: string\n"
  "          enum: [a, '1', \"true\"]\n";

static void
test_json_yaml_equal (void)
{
  g_autoptr (PbSpecDocument) json = doc_ok (small_json);
  g_autoptr (PbSpecDocument) yaml = doc_ok (small_yaml);

  g_assert_false (pb_spec_document_is_yaml (json));
  g_assert_true (pb_spec_document_is_yaml (yaml));
  g_assert_true (cJSON_Compare (pb_spec_document_get_root (json), pb_spec_document_get_root (yaml), TRUE));
  g_assert_cmpstr (pb_spec_document_get_version (yaml), ==, "3.0.3");
}

static void
test_format_from_content (void)
{
  g_autofree char *dir = fixture_dir ("content");
  g_autofree char *json_named_yaml = write_fixture (dir, "spec.yaml", small_json);
  g_autofree char *yaml_named_json = write_fixture (dir, "spec.json", small_yaml);
  g_autoptr (GError) error = NULL;
  g_autoptr (PbSpecDocument) a = pb_spec_document_new_from_file (json_named_yaml, &error);
  g_autoptr (PbSpecDocument) b = NULL;

  g_assert_no_error (error);
  g_assert_false (pb_spec_document_is_yaml (a));
  b = pb_spec_document_new_from_file (yaml_named_json, &error);
  g_assert_no_error (error);
  g_assert_true (pb_spec_document_is_yaml (b));
  g_assert_true (g_str_has_prefix (pb_spec_document_get_uri (b), "file:///"));
}

static void
test_yaml_typing (void)
{
  g_autoptr (PbSpecDocument) doc = doc_ok (
    "openapi: 3.1.0\n"
    "nulls: [~, null, Null, NULL, '', ]\n"
    "empty:\n"
    "bools: [true, True, TRUE, false, False, FALSE]\n"
    "not_bools: [yes, no, on, off, y, 'true']\n"
    "ints: [0, 42, -17, +3, 0x1F, 0o17, 0b101]\n"
    "floats: [1.5, -0.25, 1e3, 2.5E-2, .5, .inf, -.Inf, .nan]\n"
    "strings: [3.0.3, 1.2.3.4, 12:30, 2024-01-01, '42', \"7\", 0x, 1e, abc, -, .]\n"
    "'quoted key': 1\n"
    "200: ok\n"
    "true: key\n"
    "~: key\n"
    "literal: |\n  line 1\n  line 2\n"
    "folded: >\n  a\n  b\n"
    "tagged: [!!str 123, !!int '12', !!float '1.5', !!bool 'true', !!null '', !custom 5]\n");
  const cJSON *root = pb_spec_document_get_root (doc);
  const cJSON *item;
  const char * const strings[] = { "3.0.3", "1.2.3.4", "12:30", "2024-01-01", "42", "7", "0x", "1e", "abc", "-", "." };
  const double ints[] = { 0, 42, -17, 3, 31, 15, 5 };
  const double floats[] = { 1.5, -0.25, 1000, 0.025, 0.5 };
  guint i = 0;

  cJSON_ArrayForEach (item, get (root, "nulls"))
    g_assert_true (cJSON_IsNull (item) || (cJSON_IsString (item) && item->valuestring[0] == '\0'));
  g_assert_cmpint (cJSON_GetArraySize (get (root, "nulls")), ==, 5);
  g_assert_true (cJSON_IsString (cJSON_GetArrayItem (get (root, "nulls"), 4)));
  g_assert_true (cJSON_IsNull (get (root, "empty")));
  i = 0;
  cJSON_ArrayForEach (item, get (root, "bools"))
    g_assert_true (i++ < 3 ? cJSON_IsTrue (item) : cJSON_IsFalse (item));
  cJSON_ArrayForEach (item, get (root, "not_bools"))
    g_assert_true (cJSON_IsString (item));
  i = 0;
  cJSON_ArrayForEach (item, get (root, "ints"))
    {
      g_assert_true (cJSON_IsNumber (item));
      g_assert_cmpfloat (item->valuedouble, ==, ints[i++]);
    }
  i = 0;
  cJSON_ArrayForEach (item, get (root, "floats"))
    {
      g_assert_true (cJSON_IsNumber (item));
      if (i < G_N_ELEMENTS (floats))
        g_assert_cmpfloat_with_epsilon (item->valuedouble, floats[i], 1e-12);
      i++;
    }
  g_assert_true (isinf (cJSON_GetArrayItem (get (root, "floats"), 5)->valuedouble));
  g_assert_true (cJSON_GetArrayItem (get (root, "floats"), 6)->valuedouble < 0);
  g_assert_true (isnan (cJSON_GetArrayItem (get (root, "floats"), 7)->valuedouble));
  i = 0;
  cJSON_ArrayForEach (item, get (root, "strings"))
    {
      g_assert_true (cJSON_IsString (item));
      g_assert_cmpstr (item->valuestring, ==, strings[i++]);
    }
  g_assert_cmpuint (i, ==, G_N_ELEMENTS (strings));
  /* Keys are always strings, as written. */
  g_assert_cmpfloat (get (root, "quoted key")->valuedouble, ==, 1);
  g_assert_cmpstr (get (root, "200")->valuestring, ==, "ok");
  g_assert_cmpstr (get (root, "true")->valuestring, ==, "key");
  g_assert_nonnull (get (root, "~"));
  g_assert_cmpstr (get (root, "literal")->valuestring, ==, "line 1\nline 2\n");
  g_assert_cmpstr (get (root, "folded")->valuestring, ==, "a b\n");
  item = get (root, "tagged");
  g_assert_cmpstr (cJSON_GetArrayItem (item, 0)->valuestring, ==, "123");
  g_assert_cmpfloat (cJSON_GetArrayItem (item, 1)->valuedouble, ==, 12);
  g_assert_cmpfloat (cJSON_GetArrayItem (item, 2)->valuedouble, ==, 1.5);
  g_assert_true (cJSON_IsTrue (cJSON_GetArrayItem (item, 3)));
  g_assert_true (cJSON_IsNull (cJSON_GetArrayItem (item, 4)));
  g_assert_true (cJSON_IsString (cJSON_GetArrayItem (item, 5)));
}

static void
test_yaml_anchors (void)
{
  g_autoptr (PbSpecDocument) doc = doc_ok (
    "openapi: 3.0.0\n"
    "base: &base\n"
    "  type: object\n"
    "  properties: &props {id: {type: string}}\n"
    "copy: *base\n"
    "list: [&one 1, *one, *props]\n"
    "merged:\n"
    "  <<: *base\n"
    "  type: array\n"
    "multi:\n"
    "  <<: [{a: 1, b: 1}, {b: 2, c: 2}]\n"
    "  c: 3\n"
    "&k key: v\n"
    "again: *k\n");
  const cJSON *root = pb_spec_document_get_root (doc);
  const cJSON *merged = get (root, "merged");
  const cJSON *multi = get (root, "multi");

  g_assert_true (cJSON_Compare (get (root, "base"), get (root, "copy"), TRUE));
  /* A copy, not the same node: the tree stays a tree. */
  g_assert_true (get (root, "base") != get (root, "copy"));
  g_assert_cmpfloat (cJSON_GetArrayItem (get (root, "list"), 1)->valuedouble, ==, 1);
  g_assert_true (cJSON_Compare (cJSON_GetArrayItem (get (root, "list"), 2),
                                get (get (root, "base"), "properties"), TRUE));
  g_assert_cmpstr (get (merged, "type")->valuestring, ==, "array");
  g_assert_nonnull (get (get (merged, "properties"), "id"));
  g_assert_null (get (merged, "<<"));
  g_assert_cmpfloat (get (multi, "a")->valuedouble, ==, 1);
  g_assert_cmpfloat (get (multi, "b")->valuedouble, ==, 1);
  g_assert_cmpfloat (get (multi, "c")->valuedouble, ==, 3);
  g_assert_cmpstr (get (root, "again")->valuestring, ==, "key");
}

static void
test_yaml_bad_aliases (void)
{
  g_autoptr (GString) lol = g_string_new ("openapi: 3.0.0\na: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
  const char *cases[] = {
    "openapi: 3.0.0\nx: *nope\n",
    "openapi: 3.0.0\nx: &a [1, *a]\n",
    "openapi: 3.0.0\nx:\n  <<: 5\n",
    "openapi: 3.0.0\n? [a, b]\n: complex key\n",
  };

  for (char c = 'b'; c <= 'j'; c++)
    g_string_append_printf (lol, "%c: &%c [*%c, *%c, *%c, *%c, *%c, *%c, *%c, *%c, *%c, *%c]\n",
                            c, c, c - 1, c - 1, c - 1, c - 1, c - 1, c - 1, c - 1, c - 1, c - 1, c - 1);
  {
    g_autoptr (GError) error = NULL;
    g_autoptr (PbSpecDocument) doc = doc_from_string (lol->str, NULL, &error);

    g_assert_null (doc);
    g_assert_error (error, PB_ERROR, PB_ERROR_PARSE);
    g_assert_nonnull (strstr (error->message, "billion laughs"));
    g_assert_nonnull (strstr (error->message, "line "));
  }
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (PbSpecDocument) doc = doc_from_string (cases[i], NULL, &error);

      g_assert_null (doc);
      g_assert_error (error, PB_ERROR, PB_ERROR_PARSE);
      g_assert_nonnull (strstr (error->message, "line "));
      g_assert_nonnull (strstr (error->message, "column "));
    }
}

static void
test_yaml_first_document (void)
{
  g_autoptr (PbSpecDocument) doc = doc_ok ("---\nopenapi: 3.0.0\nfirst: 1\n...\n---\nsecond: [unclosed\n");

  g_assert_nonnull (get (pb_spec_document_get_root (doc), "first"));
  g_assert_null (get (pb_spec_document_get_root (doc), "second"));
}

static void
test_versions (void)
{
  struct { const char *text; const char *version; gboolean swagger2; } ok[] = {
    { "{\"swagger\": \"2.0\", \"info\": {}}", "2.0", TRUE },
    { "swagger: 2.0\n", "2.0", TRUE },
    { "openapi: 3.0.0\n", "3.0.0", FALSE },
    { "{\"openapi\": \"3.0.3\"}", "3.0.3", FALSE },
    { "openapi: \"3.1.0\"\n", "3.1.0", FALSE },
    { "openapi: 3.1\n", "3.1", FALSE },
  };
  struct { const char *text; const char *words; } refused[] = {
    { "{\"info\": {\"_postman_id\": \"1\", \"schema\": \"https://schema.getpostman.com/json/collection/v2.1.0/collection.json\"}, \"item\": []}", "Postman" },
    { "<!DOCTYPE html>\n<html><body>Docs</body></html>\n", "HTML" },
    { "<?xml version=\"1.0\"?><wadl/>", "XML" },
    { "openapi: 2.0\n", "not supported" },
    { "openapi: 4.0.0\n", "not supported" },
    { "swagger: '1.2'\n", "not supported" },
    { "swaggerVersion: '1.2'\napis: []\n", "Swagger 1.x" },
    { "asyncapi: 2.6.0\n", "AsyncAPI" },
    { "[1, 2, 3]", "list" },
    { "just some words\n", "plain text" },
    { "{\"$schema\": \"http://json-schema.org/draft-07/schema#\", \"type\": \"object\"}", "JSON Schema" },
    { "name: x\nversion: 1\n", "openapi" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (ok); i++)
    {
      g_autoptr (PbSpecDocument) doc = doc_ok (ok[i].text);

      g_assert_cmpstr (pb_spec_document_get_version (doc), ==, ok[i].version);
      g_assert_cmpint (pb_spec_document_is_swagger2 (doc), ==, ok[i].swagger2);
    }
  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (PbSpecDocument) doc = doc_from_string (refused[i].text, "https://example.com/x", &error);

      g_assert_null (doc);
      g_assert_error (error, PB_ERROR, PB_ERROR_UNSUPPORTED_FORMAT);
      if (strstr (error->message, refused[i].words) == NULL)
        g_error ("case %u: “%s” lacks “%s”", i, error->message, refused[i].words);
    }
}

static void
test_parse_error_position (void)
{
  struct { const char *text; const char *where; } cases[] = {
    { "{\n  \"openapi\": \"3.0.0\",\n  \"paths\": {\"a\": tru}\n}\n", "line 3, column" },
    { "{\n  \"openapi\": \"3.0.0\",\n  \"paths\": {\n", "line 4, column 1" },
    { "openapi: 3.0.0\npaths:\n  /a:\n    get: [1, 2\n  x: y\n", "line 5, column" },
    { "openapi: 3.0.0\ninfo:\n  title: \"unterminated\n", "line " },
    { "openapi: 3.0.0\n\tbad: tab\n", "line 2, column" },
    { "{\"openapi\": \"3.0.0\"} trailing", "line 1, column 22" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (PbSpecDocument) doc = doc_from_string (cases[i].text, "file:///x/spec.txt", &error);

      g_assert_null (doc);
      g_assert_error (error, PB_ERROR, PB_ERROR_PARSE);
      if (strstr (error->message, cases[i].where) == NULL)
        g_error ("case %u: “%s” lacks “%s”", i, error->message, cases[i].where);
      g_assert_nonnull (strstr (error->message, "spec.txt"));
    }
}

/* ---- refs ---- */

static const char refs_yaml[] =
  "openapi: 3.0.0\n"
  "paths:\n"
  "  /users/{id}:\n"
  "    get: {operationId: getUser}\n"
  "  /a~b:\n"
  "    get: {operationId: tilde}\n"
  "components:\n"
  "  schemas:\n"
  "    User: {type: object, properties: {id: {type: integer}}}\n"
  "    Alias: {$ref: '#/components/schemas/User'}\n"
  "    Alias2: {$ref: '#/components/schemas/Alias'}\n"
  "    Deep: {$ref: '#/components/schemas/User/properties/id'}\n"
  "    Through: {$ref: '#/components/schemas/Alias/properties/id'}\n"
  "    A: {$ref: '#/components/schemas/B'}\n"
  "    B: {$ref: '#/components/schemas/A'}\n"
  "    Self: {$ref: '#/components/schemas/Self'}\n"
  "    Missing: {$ref: '#/components/schemas/Nope'}\n"
  "    Bad: {$ref: '#components'}\n"
  "    Tree:\n"
  "      type: object\n"
  "      properties: {children: {type: array, items: {$ref: '#/components/schemas/Tree'}}}\n"
  "    Composed:\n"
  "      allOf:\n"
  "        - $ref: '#/components/schemas/User'\n"
  "        - type: object\n"
  "          properties: {name: {type: string}}\n"
  "        - oneOf: [{properties: {kind: {type: string}}}]\n"
  "  list: [{x: 1}, {x: 2}]\n"
  "  percent: {$ref: '#/paths/~1users~1%7Bid%7D/get'}\n";

static void
test_refs_local (void)
{
  g_autoptr (PbSpecDocument) doc = doc_ok (refs_yaml);
  const cJSON *schemas = pb_spec_document_lookup_pointer (doc, "#/components/schemas");
  const cJSON *user = get (schemas, "User");
  const char *where = NULL;
  g_autoptr (GError) error = NULL;

  g_assert_nonnull (user);
  g_assert_true (pb_spec_document_resolve (doc, user, &where) == user);
  g_assert_true (pb_spec_document_resolve (doc, get (schemas, "Alias2"), &where) == user);
  g_assert_cmpstr (where, ==, "#/components/schemas/User");
  g_assert_true (pb_spec_document_resolve (doc, get (schemas, "Deep"), NULL) == get (get (user, "properties"), "id"));
  /* A pointer through a ref continues at its target. */
  g_assert_true (pb_spec_document_resolve (doc, get (schemas, "Through"), NULL) == get (get (user, "properties"), "id"));
  /* A recursive schema is no ref cycle. */
  g_assert_nonnull (pb_spec_document_resolve (doc, get (schemas, "Tree"), NULL));
  g_assert_cmpfloat (pb_spec_document_lookup_pointer (doc, "#/components/list/1/x")->valuedouble, ==, 2);
  g_assert_null (pb_spec_document_lookup_pointer (doc, "#/components/list/01"));
  g_assert_null (pb_spec_document_lookup_pointer (doc, "#/components/list/5"));
  g_assert_nonnull (pb_spec_document_get_last_ref_error (doc));
  g_assert_true (pb_spec_document_lookup_pointer (doc, "#") == pb_spec_document_get_root (doc));
  g_assert_null (pb_spec_document_get_last_ref_error (doc));

  g_assert_null (pb_spec_document_resolve_full (doc, get (schemas, "A"), NULL, &error));
  g_assert_error (error, PB_ERROR, PB_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "cycle"));
  g_clear_error (&error);
  g_assert_null (pb_spec_document_resolve_full (doc, get (schemas, "Self"), NULL, &error));
  g_assert_nonnull (strstr (error->message, "cycle"));
  g_clear_error (&error);
  g_assert_null (pb_spec_document_resolve_full (doc, get (schemas, "Missing"), NULL, &error));
  g_assert_error (error, PB_ERROR, PB_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "Nope"));
  g_clear_error (&error);
  g_assert_null (pb_spec_document_resolve (doc, get (schemas, "Bad"), NULL));
  g_assert_error (pb_spec_document_get_last_ref_error (doc), PB_ERROR, PB_ERROR_INVALID_ARGUMENT);
}

static void
test_refs_escaped (void)
{
  g_autoptr (PbSpecDocument) doc = doc_ok (refs_yaml);
  const cJSON *get_user = pb_spec_document_lookup_pointer (doc, "#/paths/~1users~1{id}/get");
  const cJSON *tilde = pb_spec_document_lookup_pointer (doc, "#/paths/~1a~0b/get");

  g_assert_nonnull (get_user);
  g_assert_cmpstr (get (get_user, "operationId")->valuestring, ==, "getUser");
  g_assert_nonnull (tilde);
  g_assert_cmpstr (get (tilde, "operationId")->valuestring, ==, "tilde");
  g_assert_true (pb_spec_document_resolve (doc, pb_spec_document_lookup_pointer (doc, "#/components/percent"), NULL) == get_user);
  g_assert_true (pb_spec_document_lookup_pointer (doc, "#/paths/~1a~0b") != NULL);
  g_assert_null (pb_spec_document_lookup_pointer (doc, "#/paths/~1a~b"));
  g_assert_null (pb_spec_document_lookup_pointer (doc, "#/paths/%zz"));
}

static void
test_schema_property (void)
{
  g_autoptr (PbSpecDocument) doc = doc_ok (refs_yaml);
  const cJSON *composed = pb_spec_document_lookup_pointer (doc, "#/components/schemas/Composed");
  const cJSON *id = pb_spec_document_schema_property (doc, composed, "id");
  const cJSON *name = pb_spec_document_schema_property (doc, composed, "name");
  const cJSON *kind = pb_spec_document_schema_property (doc, composed, "kind");
  g_autoptr (GPtrArray) all = pb_spec_document_schema_properties (doc, composed);
  const cJSON *alias_id = pb_spec_document_schema_property (doc, pb_spec_document_lookup_pointer (doc, "#/components/schemas/Alias2"), "id");

  g_assert_nonnull (id);
  g_assert_cmpstr (get (id, "type")->valuestring, ==, "integer");
  g_assert_cmpstr (get (name, "type")->valuestring, ==, "string");
  g_assert_nonnull (kind);
  g_assert_null (pb_spec_document_schema_property (doc, composed, "nothing"));
  g_assert_true (alias_id == id);
  g_assert_cmpuint (all->len, ==, 3);
  g_assert_cmpstr (((const cJSON *) all->pdata[0])->string, ==, "id");
  g_assert_cmpstr (((const cJSON *) all->pdata[1])->string, ==, "name");
  g_assert_cmpstr (((const cJSON *) all->pdata[2])->string, ==, "kind");
  /* Cycles through composition end. */
  g_assert_null (pb_spec_document_schema_property (doc, pb_spec_document_lookup_pointer (doc, "#/components/schemas/A"), "id"));
}

static void
test_refs_files (void)
{
  g_autofree char *dir = fixture_dir ("refs");
  g_autofree char *spec = NULL;
  g_autofree char *secret = NULL;
  g_autofree char *outside = g_build_filename (pb_test_root (), "fixtures", "outside.yaml", NULL);
  g_autofree char *link = g_build_filename (dir, "schemas", "link.yaml", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (PbSpecDocument) doc = NULL;
  const cJSON *schemas;
  const cJSON *pet, *pet2, *tag, *whole, *nested;
  const char *where = NULL;

  spec = write_fixture (dir, "spec.yaml",
    "openapi: 3.0.0\n"
    "components:\n"
    "  schemas:\n"
    "    Pet: {$ref: 'schemas/pet.json#/Pet'}\n"
    "    PetAgain: {$ref: './schemas/pet.json#/Pet'}\n"
    "    Tag: {$ref: 'schemas/pet.json#/Pet/properties/tag'}\n"
    "    Common: {$ref: 'common.yaml'}\n"
    "    Nested: {$ref: 'schemas/pet.json#/Owner'}\n"
    "    NoFile: {$ref: 'schemas/none.yaml#/X'}\n"
    "    NoTarget: {$ref: 'common.yaml#/nope'}\n"
    "    Escape: {$ref: '../outside.yaml#/Secret'}\n"
    "    Absolute: {$ref: 'file:///etc/passwd'}\n"
    "    Linked: {$ref: 'schemas/link.yaml#/Secret'}\n"
    "    Remote: {$ref: 'https://example.com/schemas.json#/X'}\n"
    "    Broken: {$ref: 'broken.json#/X'}\n"
    "    Loop: {$ref: 'schemas/pet.json#/Loop'}\n");
  g_free (write_fixture (dir, "schemas/pet.json",
    "{\"Pet\": {\"type\": \"object\", \"properties\": {\"tag\": {\"$ref\": \"#/Tag\"}}},\n"
    " \"Tag\": {\"type\": \"string\", \"title\": \"tag\"},\n"
    " \"Owner\": {\"$ref\": \"../common.yaml#/Person\"},\n"
    " \"Loop\": {\"$ref\": \"../spec.yaml#/components/schemas/Loop\"}}\n"));
  g_free (write_fixture (dir, "common.yaml", "Person:\n  type: object\n  title: person\n"));
  g_free (write_fixture (dir, "broken.json", "{\"X\": [1, 2"));
  secret = write_fixture (pb_test_root (), "fixtures/outside.yaml", "Secret: {type: string, title: outside}\n");
  g_assert_cmpstr (secret, ==, outside);
  g_assert_cmpint (symlink (outside, link), ==, 0);

  doc = pb_spec_document_new_from_file (spec, &error);
  g_assert_no_error (error);
  schemas = pb_spec_document_lookup_pointer (doc, "#/components/schemas");

  pet = pb_spec_document_resolve (doc, get (schemas, "Pet"), &where);
  g_assert_nonnull (pet);
  g_assert_cmpstr (where, ==, "schemas/pet.json#/Pet");
  pet2 = pb_spec_document_resolve (doc, get (schemas, "PetAgain"), NULL);
  g_assert_true (pet == pet2);   /* loaded once */
  /* A ref inside the other file is relative to that file. */
  tag = pb_spec_document_resolve (doc, get (get (pet, "properties"), "tag"), &where);
  g_assert_nonnull (tag);
  g_assert_cmpstr (get (tag, "title")->valuestring, ==, "tag");
  g_assert_cmpstr (where, ==, "schemas/pet.json#/Tag");
  g_assert_true (pb_spec_document_resolve (doc, get (schemas, "Tag"), NULL) == tag);
  whole = pb_spec_document_resolve (doc, get (schemas, "Common"), NULL);
  g_assert_nonnull (get (whole, "Person"));
  nested = pb_spec_document_resolve (doc, get (schemas, "Nested"), &where);
  g_assert_true (nested == get (whole, "Person"));
  g_assert_cmpstr (where, ==, "common.yaml#/Person");

  g_assert_null (pb_spec_document_resolve_full (doc, get (schemas, "NoFile"), NULL, &error));
  g_assert_error (error, PB_ERROR, PB_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "none.yaml"));
  g_clear_error (&error);
  g_assert_null (pb_spec_document_resolve_full (doc, get (schemas, "NoTarget"), NULL, &error));
  g_assert_error (error, PB_ERROR, PB_ERROR_NOT_FOUND);
  g_clear_error (&error);
  for (guint i = 0; i < 4; i++)
    {
      const char *name = (const char *[]) { "Escape", "Absolute", "Linked", "Remote" }[i];

      g_assert_null (pb_spec_document_resolve_full (doc, get (schemas, name), NULL, &error));
      g_assert_error (error, PB_ERROR, PB_ERROR_INVALID_ARGUMENT);
      g_assert_nonnull (strstr (error->message, "refused"));
      g_clear_error (&error);
    }
  g_assert_null (pb_spec_document_resolve_full (doc, get (schemas, "Broken"), NULL, &error));
  g_assert_error (error, PB_ERROR, PB_ERROR_PARSE);
  g_assert_nonnull (strstr (error->message, "line 1"));
  g_clear_error (&error);
  g_assert_null (pb_spec_document_resolve_full (doc, get (schemas, "Loop"), NULL, &error));
  g_assert_nonnull (strstr (error->message, "cycle"));
}

static GBytes *
serve_same_site (const char  *uri,
                 gpointer     user_data,
                 GError     **error)
{
  guint *calls = user_data;
  const char *body = "{\"Thing\": {\"type\": \"object\", \"title\": \"remote\"}}";

  (*calls)++;
  if (!g_str_equal (uri, "https://api.example.com/specs/things.json"))
    {
      g_set_error (error, PB_ERROR, PB_ERROR_HTTP_STATUS, "404 for %s", uri);
      return NULL;
    }
  return g_bytes_new_static (body, strlen (body));
}

static void
test_refs_remote (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PbSpecDocument) doc = doc_from_string (
    "openapi: 3.0.0\n"
    "a: {$ref: 'things.json#/Thing'}\n"
    "b: {$ref: '/specs/things.json#/Thing'}\n"
    "c: {$ref: 'https://evil.example.net/things.json#/Thing'}\n"
    "d: {$ref: 'gone.json#/X'}\n",
    "https://api.example.com/specs/openapi.yaml", &error);
  const cJSON *root = pb_spec_document_get_root (doc);
  const char *where = NULL;
  guint calls = 0;

  g_assert_no_error (error);
  /* Without a loader, nothing is fetched. */
  g_assert_null (pb_spec_document_resolve (doc, get (root, "a"), NULL));
  g_assert_error (pb_spec_document_get_last_ref_error (doc), PB_ERROR, PB_ERROR_NOT_AVAILABLE);

  g_clear_object (&doc);
  doc = doc_from_string (
    "openapi: 3.0.0\n"
    "a: {$ref: 'things.json#/Thing'}\n"
    "b: {$ref: '/specs/things.json#/Thing'}\n"
    "c: {$ref: 'https://evil.example.net/things.json#/Thing'}\n"
    "d: {$ref: 'gone.json#/X'}\n",
    "https://api.example.com/specs/openapi.yaml", &error);
  root = pb_spec_document_get_root (doc);
  pb_spec_document_set_ref_loader (doc, serve_same_site, &calls, NULL);
  g_assert_cmpstr (get (pb_spec_document_resolve (doc, get (root, "a"), &where), "title")->valuestring, ==, "remote");
  g_assert_cmpstr (where, ==, "things.json#/Thing");
  g_assert_nonnull (pb_spec_document_resolve (doc, get (root, "b"), NULL));
  g_assert_cmpuint (calls, ==, 1);
  g_assert_null (pb_spec_document_resolve_full (doc, get (root, "c"), NULL, &error));
  g_assert_error (error, PB_ERROR, PB_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_cmpuint (calls, ==, 1);
  g_assert_null (pb_spec_document_resolve_full (doc, get (root, "d"), NULL, &error));
  g_assert_error (error, PB_ERROR, PB_ERROR_HTTP_STATUS);
}

/* Documents keep their trees in an arena behind cJSON's process-wide hooks: cJSON used by
 * anyone else, before, during and after, must work as usual. */
static void
test_cjson_outside_documents (void)
{
  cJSON *before = cJSON_Parse ("{\"made\": \"before\"}");
  g_autoptr (PbSpecDocument) doc = doc_ok (small_yaml);
  cJSON *after = cJSON_CreateObject ();
  cJSON *copy = cJSON_Duplicate (pb_spec_document_lookup_pointer (doc, "#/components/schemas/Pet"), TRUE);
  char *printed;

  cJSON_AddItemToObject (after, "pet", copy);
  cJSON_AddStringToObject (after, "made", "after");
  g_clear_object (&doc);
  /* The copy outlives the document it came from. */
  printed = cJSON_PrintUnformatted (after);
  g_assert_nonnull (strstr (printed, "\"nullable\":true"));
  cJSON_free (printed);
  g_assert_cmpstr (cJSON_GetObjectItem (before, "made")->valuestring, ==, "before");
  cJSON_Delete (before);
  cJSON_Delete (after);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/spec-document/json-yaml-equal", test_json_yaml_equal);
  g_test_add_func ("/spec-document/format-from-content", test_format_from_content);
  g_test_add_func ("/spec-document/yaml-typing", test_yaml_typing);
  g_test_add_func ("/spec-document/yaml-anchors", test_yaml_anchors);
  g_test_add_func ("/spec-document/yaml-bad-aliases", test_yaml_bad_aliases);
  g_test_add_func ("/spec-document/yaml-first-document", test_yaml_first_document);
  g_test_add_func ("/spec-document/versions", test_versions);
  g_test_add_func ("/spec-document/parse-error-position", test_parse_error_position);
  g_test_add_func ("/spec-document/refs/local", test_refs_local);
  g_test_add_func ("/spec-document/refs/escaped", test_refs_escaped);
  g_test_add_func ("/spec-document/refs/files", test_refs_files);
  g_test_add_func ("/spec-document/refs/remote", test_refs_remote);
  g_test_add_func ("/spec-document/schema-property", test_schema_property);
  g_test_add_func ("/spec-document/cjson-outside-documents", test_cjson_outside_documents);
  return g_test_run ();
}
