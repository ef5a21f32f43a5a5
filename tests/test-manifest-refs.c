/* test-manifest-refs.c: the one "$ref" resolver of the manifest reader and the runner: JSON
 * pointers with strict array indices, cycles, the depth limit, the fan-out budget, schemas
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "pb-error.h"
#include "pb-manifest-refs.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (cJSON, cJSON_Delete)

static cJSON *
parse (const char *text)
{
  cJSON *json = cJSON_Parse (text);

  g_assert_nonnull (json);
  return json;
}

/* NODE resolved against ROOT, printed compactly; the error must be unset. */
static char *
resolve_to_text (const cJSON         *node,
                 const cJSON         *root,
                 PbManifestRefsFlags  flags,
                 gsize                max_nodes)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (cJSON) out = pb_manifest_refs_resolve (node, root, flags, max_nodes, &error);

  g_assert_no_error (error);
  g_assert_nonnull (out);
  return cJSON_PrintUnformatted (out);
}

static void
assert_refused (const char          *text,
                PbManifestRefsFlags  flags,
                gsize                max_nodes,
                const char          *message_part)
{
  g_autoptr (cJSON) root = parse (text);
  g_autoptr (GError) error = NULL;
  g_autoptr (cJSON) out = pb_manifest_refs_resolve (root, root, flags, max_nodes, &error);

  g_assert_null (out);
  g_assert_error (error, PB_ERROR, PB_ERROR_PARSE);
  g_assert_nonnull (strstr (error->message, message_part));
}

static void
test_lookup (void)
{
  g_autoptr (cJSON) root = parse ("{\"a\": [\"zero\", \"one\", {\"b/c\": {\"d~e\": 5}}],"
                                  " \"n\": {\"0\": \"key zero\"}}");
  const char *bad[] = {
    "#/a/x", "#/a/-1", "#/a/99999999999999999999", "#/a/18446744073709551617", "#/a/3",
    "#/a/", "#/a/+1", "#/a/ 1", "#/a/1x", "#/a/0x1", "#/a/1.0", "#/nowhere", "#/a/2/b/c",
    "a/0", "#a/0", "/a/0",
  };

  g_assert_cmpstr (cJSON_GetStringValue (pb_manifest_refs_lookup (root, "#/a/0")), ==, "zero");
  g_assert_cmpstr (cJSON_GetStringValue (pb_manifest_refs_lookup (root, "#/a/1")), ==, "one");
  g_assert_cmpstr (cJSON_GetStringValue (pb_manifest_refs_lookup (root, "#/a/01")), ==, "one");
  g_assert_cmpint (cJSON_GetNumberValue (pb_manifest_refs_lookup (root, "#/a/2/b~1c/d~0e")), ==,
                   5);
  /* Digits name an object's key as text, not an index. */
  g_assert_cmpstr (cJSON_GetStringValue (pb_manifest_refs_lookup (root, "#/n/0")), ==,
                   "key zero");
  /* "#/" has no parts: the whole document, as both resolvers always read it. */
  g_assert_true (pb_manifest_refs_lookup (root, "#/") == root);
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_test_message ("pointer %s", bad[i]);
      g_assert_null (pb_manifest_refs_lookup (root, bad[i]));
    }
}

/* "$ref" objects with a bad index are refused by name; "#/…" strings are kept as written. */
static void
test_bad_index (void)
{
  const char *bad[] = { "#/a/x", "#/a/-1", "#/a/99999999999999999999" };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *text = g_strdup_printf ("{\"a\": [{\"k\": 1}], \"s\": \"%s\", "
                                               "\"r\": {\"$ref\": \"%s\"}}",
                                               bad[i], bad[i]);
      g_autofree char *quoted = g_strdup_printf ("“%s”", bad[i]);
      g_autoptr (cJSON) root = parse (text);
      g_autofree char *s = resolve_to_text (cJSON_GetObjectItem (root, "s"), root,
                                            PB_MANIFEST_REFS_DEFAULT,
                                            PB_MANIFEST_REFS_MAX_NODES);
      g_autofree char *expected = g_strdup_printf ("\"%s\"", bad[i]);
      g_autoptr (GError) error = NULL;
      g_autoptr (cJSON) r = pb_manifest_refs_resolve (cJSON_GetObjectItem (root, "r"), root,
                                                      PB_MANIFEST_REFS_DEFAULT,
                                                      PB_MANIFEST_REFS_MAX_NODES, &error);

      g_assert_cmpstr (s, ==, expected);
      g_assert_null (r);
      g_assert_error (error, PB_ERROR, PB_ERROR_PARSE);
      g_assert_nonnull (strstr (error->message, quoted));
      g_assert_nonnull (strstr (error->message, "does not define"));
    }
}

static void
test_resolves (void)
{
  g_autoptr (cJSON) root = parse (
    "{\"definitions\": {\"base\": {\"type\": \"T\", \"x\": 1, \"list\": [\"#/definitions/n\"]},"
    "                   \"n\": 7, \"alias\": {\"$ref\": \"#/definitions/base\"},"
    "                   \"scalar\": {\"$ref\": \"#/definitions/n\", \"ignored\": true}},"
    " \"use\": [{\"$ref\": \"#/definitions/alias\", \"x\": 2, \"y\": \"#/definitions/n\"},"
    "         \"#/definitions/scalar\", \"#/unknown\", {\"$ref\": 5, \"z\": null}]}");
  g_autofree char *text = resolve_to_text (cJSON_GetObjectItem (root, "use"), root,
                                           PB_MANIFEST_REFS_DEFAULT, PB_MANIFEST_REFS_MAX_NODES);

  /* Keys beside "$ref" win; a "$ref" to a non-object gives that value; an unknown "#/…"
   * string stays; a "$ref" that is no string is dropped. */
  g_assert_cmpstr (text, ==,
                   "[{\"type\":\"T\",\"x\":2,\"list\":[7],\"y\":7},7,\"#/unknown\",{\"z\":null}]");
}

static void
test_cycles (void)
{
  assert_refused ("{\"a\": {\"$ref\": \"#/b\"}, \"b\": {\"$ref\": \"#/a\"}}",
                  PB_MANIFEST_REFS_DEFAULT, PB_MANIFEST_REFS_MAX_NODES, "form a cycle");
  assert_refused ("{\"self\": {\"$ref\": \"#/self\"}}", PB_MANIFEST_REFS_DEFAULT,
                  PB_MANIFEST_REFS_MAX_NODES, "form a cycle");
  /* Strings cycle too, and so does a reference to the node that holds it. */
  assert_refused ("{\"a\": \"#/b\", \"b\": [\"#/a\"]}", PB_MANIFEST_REFS_DEFAULT,
                  PB_MANIFEST_REFS_MAX_NODES, "form a cycle");
  assert_refused ("{\"a\": {\"inner\": \"#/a\"}}", PB_MANIFEST_REFS_DEFAULT,
                  PB_MANIFEST_REFS_MAX_NODES, "form a cycle");
}

/* A chain of N references: "#/d/1" → d/1 = "#/d/2" → … → d/N = "end". */
static cJSON *
chain (guint n)
{
  cJSON *root = cJSON_CreateObject ();
  cJSON *d = cJSON_AddObjectToObject (root, "d");

  for (guint i = 1; i <= n; i++)
    {
      g_autofree char *key = g_strdup_printf ("%u", i);
      g_autofree char *next = g_strdup_printf ("#/d/%u", i + 1);

      cJSON_AddStringToObject (d, key, i == n ? "end" : next);
    }
  cJSON_AddStringToObject (root, "start", "#/d/1");
  return root;
}

static void
test_depth_limit (void)
{
  g_autoptr (cJSON) deepest = chain (PB_MANIFEST_REFS_MAX_DEPTH);
  g_autoptr (cJSON) too_deep = chain (PB_MANIFEST_REFS_MAX_DEPTH + 1);
  g_autofree char *text = resolve_to_text (cJSON_GetObjectItem (deepest, "start"), deepest,
                                           PB_MANIFEST_REFS_DEFAULT, PB_MANIFEST_REFS_MAX_NODES);
  g_autoptr (GError) error = NULL;
  g_autoptr (cJSON) out = NULL;

  g_assert_cmpstr (text, ==, "\"end\"");
  out = pb_manifest_refs_resolve (cJSON_GetObjectItem (too_deep, "start"), too_deep,
                                  PB_MANIFEST_REFS_DEFAULT, PB_MANIFEST_REFS_MAX_NODES, &error);
  g_assert_null (out);
  g_assert_error (error, PB_ERROR, PB_ERROR_PARSE);
  g_assert_nonnull (strstr (error->message, "nest too deep or form a cycle"));
}

static void
test_fan_out_budget (void)
{
  g_autoptr (cJSON) list = parse ("[1, 2, 3, 4, 5, 6, 7, 8, 9]");
  g_autoptr (GString) laughs = g_string_new ("{\"l0\": [\"x\", \"x\", \"x\", \"x\"]");
  g_autoptr (cJSON) root = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (cJSON) out = NULL;

  /* The array and its nine items: exactly ten nodes fit a budget of ten, not of nine. */
  g_free (resolve_to_text (list, list, PB_MANIFEST_REFS_DEFAULT, 10));
  out = pb_manifest_refs_resolve (list, list, PB_MANIFEST_REFS_DEFAULT, 9, &error);
  g_assert_null (out);
  g_assert_error (error, PB_ERROR, PB_ERROR_PARSE);
  g_assert_nonnull (strstr (error->message, "too many components"));
  g_clear_error (&error);

  /* "Billion laughs": each level four references to the one below, 4^20 leaves, each level
   * well within the depth limit. Refused once the budget is spent, in a blink. */
  for (guint i = 1; i <= 20; i++)
    g_string_append_printf (laughs, ", \"l%u\": [\"#/l%u\", \"#/l%u\", \"#/l%u\", \"#/l%u\"]",
                            i, i - 1, i - 1, i - 1, i - 1);
  g_string_append (laughs, ", \"start\": \"#/l20\"}");
  root = parse (laughs->str);
  out = pb_manifest_refs_resolve (cJSON_GetObjectItem (root, "start"), root,
                                  PB_MANIFEST_REFS_DEFAULT, PB_MANIFEST_REFS_MAX_NODES, &error);
  g_assert_null (out);
  g_assert_error (error, PB_ERROR, PB_ERROR_PARSE);
  g_assert_nonnull (strstr (error->message, "too many components"));
}

/* Schemas: with PB_MANIFEST_REFS_KEEP_SCHEMAS their inner "$ref"s (JSON Schema's) are left as
 * written, even ones that name nothing in the manifest; a schema that is itself a reference
 * into the manifest is followed. Without the flag (the runner) inner references resolve. */
static void
test_schema_refs (void)
{
  g_autoptr (cJSON) root = parse (
    "{\"schemas\": {\"item\": {\"type\": \"object\", \"title\": \"Item\"},"
    "              \"id\": {\"type\": \"integer\"}},"
    " \"inner\": {\"schema\": {\"type\": \"object\", \"properties\": {"
    "             \"id\": {\"$ref\": \"#/schemas/id\"}, \"other\": {\"$ref\": \"#/nowhere\"},"
    "             \"name\": \"#/schemas/id\"}}},"
    " \"whole\": {\"schema\": {\"$ref\": \"#/schemas/item\", \"title\": \"Mine\"},"
    "            \"connection_specification\": \"#/schemas/item\"},"
    " \"deep\": {\"schema\": {\"$ref\": \"#/nowhere\"}, \"connection_specification\": \"#/a/x\"},"
    " \"spelled\": {\"schemas\": {\"$ref\": \"#/schemas/item\"}},"
    " \"a\": [{\"type\": \"object\"}]}");
  g_autofree char *inner = resolve_to_text (cJSON_GetObjectItem (root, "inner"), root,
                                            PB_MANIFEST_REFS_KEEP_SCHEMAS,
                                            PB_MANIFEST_REFS_MAX_NODES);
  g_autofree char *whole = resolve_to_text (cJSON_GetObjectItem (root, "whole"), root,
                                            PB_MANIFEST_REFS_KEEP_SCHEMAS,
                                            PB_MANIFEST_REFS_MAX_NODES);
  g_autofree char *deep = resolve_to_text (cJSON_GetObjectItem (root, "deep"), root,
                                           PB_MANIFEST_REFS_KEEP_SCHEMAS,
                                           PB_MANIFEST_REFS_MAX_NODES);
  g_autofree char *spelled = resolve_to_text (cJSON_GetObjectItem (root, "spelled"), root,
                                              PB_MANIFEST_REFS_KEEP_SCHEMAS,
                                              PB_MANIFEST_REFS_MAX_NODES);
  g_autofree char *resolved = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (cJSON) refused = NULL;

  g_assert_cmpstr (inner, ==,
                   "{\"schema\":{\"type\":\"object\",\"properties\":{"
                   "\"id\":{\"$ref\":\"#/schemas/id\"},\"other\":{\"$ref\":\"#/nowhere\"},"
                   "\"name\":\"#/schemas/id\"}}}");
  g_assert_cmpstr (whole, ==,
                   "{\"schema\":{\"type\":\"object\",\"title\":\"Mine\"},"
                   "\"connection_specification\":{\"type\":\"object\",\"title\":\"Item\"}}");
  /* A schema reference to nothing (or a bad index) is kept, not an error. */
  g_assert_cmpstr (deep, ==,
                   "{\"schema\":{\"$ref\":\"#/nowhere\"},\"connection_specification\":\"#/a/x\"}");
  /* Only those two keys are schemas. */
  g_assert_cmpstr (spelled, ==, "{\"schemas\":{\"type\":\"object\",\"title\":\"Item\"}}");

  /* Without the flag the same inner references resolve, and one to nothing is refused. */
  cJSON_DeleteItemFromObject (
    cJSON_GetObjectItem (cJSON_GetObjectItem (cJSON_GetObjectItem (root, "inner"), "schema"),
                         "properties"),
    "other");
  resolved = resolve_to_text (cJSON_GetObjectItem (root, "inner"), root,
                              PB_MANIFEST_REFS_DEFAULT, PB_MANIFEST_REFS_MAX_NODES);
  g_assert_cmpstr (resolved, ==,
                   "{\"schema\":{\"type\":\"object\",\"properties\":{"
                   "\"id\":{\"type\":\"integer\"},\"name\":{\"type\":\"integer\"}}}}");
  refused = pb_manifest_refs_resolve (cJSON_GetObjectItem (root, "deep"), root,
                                      PB_MANIFEST_REFS_DEFAULT, PB_MANIFEST_REFS_MAX_NODES,
                                      &error);
  g_assert_null (refused);
  g_assert_error (error, PB_ERROR, PB_ERROR_PARSE);
  g_assert_nonnull (strstr (error->message, "refers to “#/nowhere”, which it does not define"));
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/manifest-refs/lookup", test_lookup);
  g_test_add_func ("/manifest-refs/bad-index", test_bad_index);
  g_test_add_func ("/manifest-refs/resolves", test_resolves);
  g_test_add_func ("/manifest-refs/cycles", test_cycles);
  g_test_add_func ("/manifest-refs/depth-limit", test_depth_limit);
  g_test_add_func ("/manifest-refs/fan-out-budget", test_fan_out_budget);
  g_test_add_func ("/manifest-refs/schema-refs", test_schema_refs);
  return g_test_run ();
}
