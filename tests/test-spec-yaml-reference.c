/* test-spec-yaml-reference.c: every YAML spec of the corpus reads into the same tree as
 * js-yaml (core schema, as OpenAPI tools read YAML) gives after a trip through JSON
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "pb-spec-document.h"
#include "pb-test-util.h"

/* The JSON pointer of the first difference between A and B, or NULL if equal. */
static char *
first_difference (const cJSON *a,
                  const cJSON *b,
                  const char  *path)
{
  const cJSON *ca, *cb;

  if ((a->type & 0xFF) != (b->type & 0xFF))
    return g_strdup_printf ("%s (type %d vs %d)", path, a->type & 0xFF, b->type & 0xFF);
  if (cJSON_IsString (a))
    return g_strcmp0 (a->valuestring, b->valuestring) == 0 ? NULL
           : g_strdup_printf ("%s (“%.60s” vs “%.60s”)", path, a->valuestring, b->valuestring);
  if (cJSON_IsNumber (a))
    return a->valuedouble == b->valuedouble ? NULL
           : g_strdup_printf ("%s (%g vs %g)", path, a->valuedouble, b->valuedouble);
  if (cJSON_GetArraySize (a) != cJSON_GetArraySize (b))
    return g_strdup_printf ("%s (%d vs %d members)", path, cJSON_GetArraySize (a), cJSON_GetArraySize (b));
  /* Objects by key: JavaScript lists integer-like keys ("200", "404") first, in order. */
  if (cJSON_IsObject (a))
    {
      cJSON_ArrayForEach (ca, a)
        {
          g_autofree char *sub = g_strdup_printf ("%s/%s", path, ca->string);
          char *diff;

          cb = cJSON_GetObjectItemCaseSensitive (b, ca->string);
          if (cb == NULL)
            return g_strdup_printf ("%s (missing in js-yaml's)", sub);
          diff = first_difference (ca, cb, sub);
          if (diff != NULL)
            return diff;
        }
      return NULL;
    }
  cb = b->child;
  for (int i = 0; (ca = cJSON_GetArrayItem (a, i)) != NULL; i++, cb = cb->next)
    {
      g_autofree char *sub = g_strdup_printf ("%s/%d", path, i);
      char *diff = first_difference (ca, cb, sub);

      if (diff != NULL)
        return diff;
    }
  return NULL;
}

static void
test_corpus_yaml (void)
{
  g_autofree char *dir_path = pb_test_shared_path ("corpus/openapi");
  g_autofree char *script = g_build_filename (g_getenv ("PB_SOURCE_ROOT"), "tests", "yaml-to-json.mjs", NULL);
  g_autofree char *js_yaml = g_build_filename (g_getenv ("PB_NODE_DIR"), "node_modules", "js-yaml", NULL);
  g_autoptr (GDir) dir = NULL;
  const char *name;
  guint compared = 0;

  if (!g_file_test (js_yaml, G_FILE_TEST_IS_DIR))
    {
      g_test_skip ("js-yaml is not installed: cd tests/node && npm ci");
      return;
    }
  dir = g_dir_open (dir_path, 0, NULL);
  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *yaml = g_build_filename (dir_path, name, NULL);
      g_autofree char *json = g_build_filename (pb_test_root (), "reference.json", NULL);
      const char *argv[] = { "node", script, yaml, json, NULL };
      g_autoptr (GError) error = NULL;
      g_autoptr (PbSpecDocument) ours = NULL;
      g_autoptr (PbSpecDocument) theirs = NULL;
      g_autofree char *diff = NULL;
      int status = 0;

      if (!g_str_has_suffix (name, ".yaml"))
        continue;
      g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, &status, &error);
      g_assert_no_error (error);
      g_assert_true (g_spawn_check_wait_status (status, NULL));
      ours = pb_spec_document_new_from_file (yaml, &error);
      g_assert_no_error (error);
      theirs = pb_spec_document_new_from_file (json, &error);
      g_assert_no_error (error);
      diff = first_difference (pb_spec_document_get_root (ours), pb_spec_document_get_root (theirs), "#");
      if (diff != NULL)
        g_error ("%s differs from js-yaml at %s", name, diff);
      compared++;
    }
  g_test_message ("%u YAML specs read as js-yaml reads them", compared);
  g_assert_cmpuint (compared, >=, 10);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/spec-yaml-reference/corpus", test_corpus_yaml);
  return g_test_run ();
}
