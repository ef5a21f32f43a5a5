/* test-builder-project.c: Builder projects saved, listed, imported and exported on the real disk
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>
#include <sys/stat.h>

#include <glib/gstdio.h>

#include "pb-builder-project.h"
#include "pb-error.h"
#include "pb-manifest-check.h"
#include "pb-test-util.h"

static char *
fresh_dir (void)
{
  static guint counter;

  return g_strdup_printf ("%s/builder-%u", pb_test_root (), ++counter);
}

static PbBuilderProject *
import_api (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "runner", "api.yaml",
                                                 NULL);
  g_autoptr (GFile) file = g_file_new_for_path (path);
  PbBuilderProject *project = pb_builder_project_new_from_manifest_file (file, &error);

  g_assert_no_error (error);
  g_assert_nonnull (project);
  return project;
}

static void
test_import_save_load (void)
{
  g_autoptr (PbBuilderProject) project = import_api ();
  g_autoptr (PbBuilderProject) loaded = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = fresh_dir ();
  g_autofree char *file = NULL;
  g_autofree char *path = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  PbManifest *manifest = pb_builder_project_get_manifest (project);
  struct stat st;

  /* No name in the manifest: the file's base name. */
  g_assert_cmpstr (pb_builder_project_get_name (project), ==, "api");
  g_assert_cmpuint (pb_manifest_get_n_streams (manifest), >, 3);
  g_assert_true (g_uuid_string_is_valid (pb_builder_project_get_id (project)));
  g_assert_null (pb_builder_project_get_connector_id (project));

  pb_builder_project_set_name (project, "Items API");
  pb_builder_project_set_connector_id (project, "conn-1234");
  before = pb_builder_project_export (project, PB_MANIFEST_FORMAT_JSON, &error);
  g_assert_no_error (error);

  g_assert_true (pb_builder_project_save (project, dir, &error));
  g_assert_no_error (error);
  file = g_strconcat (pb_builder_project_get_id (project), ".json", NULL);
  path = g_build_filename (dir, file, NULL);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  loaded = pb_builder_project_load (path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pb_builder_project_get_id (loaded), ==, pb_builder_project_get_id (project));
  g_assert_cmpstr (pb_builder_project_get_name (loaded), ==, "Items API");
  g_assert_cmpstr (pb_builder_project_get_connector_id (loaded), ==, "conn-1234");
  g_assert_cmpuint (pb_manifest_get_n_streams (pb_builder_project_get_manifest (loaded)), ==,
                    pb_manifest_get_n_streams (manifest));

  /* What the project exports survives the round trip through its file. */
  after = pb_builder_project_export (loaded, PB_MANIFEST_FORMAT_JSON, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (after, ==, before);
}

static void
write_text (const char *dir,
            const char *name,
            const char *text)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (path, text, -1, NULL));
}

static void
test_load_all_skips_bad_files (void)
{
  g_autoptr (PbBuilderProject) a = import_api ();
  g_autoptr (PbBuilderProject) b = import_api ();
  g_autoptr (GPtrArray) projects = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = fresh_dir ();
  g_autofree char *broken = NULL;
  g_autofree char *text = NULL;

  /* A folder that does not exist yet: no projects, no error. */
  projects = pb_builder_project_load_all (dir, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (projects->len, ==, 0);
  g_clear_pointer (&projects, g_ptr_array_unref);

  pb_builder_project_set_name (a, "Zebra");
  pb_builder_project_set_name (b, "aardvark");
  g_assert_true (pb_builder_project_save (a, dir, &error));
  g_assert_true (pb_builder_project_save (b, dir, &error));
  write_text (dir, "broken.json", "{ \"version\": 1, \"id\": ");
  write_text (dir, "notes.txt", "not a project");

  g_test_expect_message ("Plugboard", G_LOG_LEVEL_WARNING, "*broken.json*");
  projects = pb_builder_project_load_all (dir, &error);
  g_test_assert_expected_messages ();
  g_assert_no_error (error);
  g_assert_cmpuint (projects->len, ==, 2);
  g_assert_cmpstr (pb_builder_project_get_name (projects->pdata[0]), ==, "aardvark");
  g_assert_cmpstr (pb_builder_project_get_name (projects->pdata[1]), ==, "Zebra");

  /* The bad file is left as it was. */
  broken = g_build_filename (dir, "broken.json", NULL);
  g_assert_true (g_file_get_contents (broken, &text, NULL, NULL));
  g_assert_cmpstr (text, ==, "{ \"version\": 1, \"id\": ");

  g_assert_true (pb_builder_project_delete (a, dir, &error));
  g_assert_no_error (error);
  g_clear_pointer (&projects, g_ptr_array_unref);
  g_test_expect_message ("Plugboard", G_LOG_LEVEL_WARNING, "*broken.json*");
  projects = pb_builder_project_load_all (dir, &error);
  g_test_assert_expected_messages ();
  g_assert_cmpuint (projects->len, ==, 1);
}

static void
expect_load_error (const char *text,
                   int         code)
{
  g_autofree char *dir = fresh_dir ();
  g_autofree char *path = g_build_filename (dir, "p.json", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (PbBuilderProject) project = NULL;

  write_text (dir, "p.json", text);
  project = pb_builder_project_load (path, &error);
  g_assert_null (project);
  g_assert_error (error, PB_ERROR, code);
  g_assert_nonnull (strstr (error->message, path));
}

static void
test_load_errors (void)
{
  const char *manifest = "\"manifest\": {\"version\": \"6.0.0\", \"type\": \"DeclarativeSource\","
                         " \"streams\": []}";
  g_autofree char *newer = g_strdup_printf ("{\"version\": 99, \"id\": "
                                            "\"5f0c6f37-1b7e-4a49-9d39-3d1c53a2a3a7\", "
                                            "\"name\": \"x\", %s}", manifest);
  g_autofree char *bad_id = g_strdup_printf ("{\"version\": 1, \"id\": \"../../escape\", "
                                             "\"name\": \"x\", %s}", manifest);
  g_autofree char *no_name = g_strdup_printf ("{\"version\": 1, \"id\": "
                                              "\"5f0c6f37-1b7e-4a49-9d39-3d1c53a2a3a7\", %s}",
                                              manifest);

  expect_load_error ("[1, 2]", PB_ERROR_CORRUPT_FILE);
  expect_load_error ("not json at all", PB_ERROR_CORRUPT_FILE);
  expect_load_error ("{\"id\": \"x\"}", PB_ERROR_CORRUPT_FILE);
  expect_load_error (newer, PB_ERROR_UNSUPPORTED_FORMAT);
  expect_load_error (bad_id, PB_ERROR_CORRUPT_FILE);
  expect_load_error (no_name, PB_ERROR_CORRUPT_FILE);
}

static void
test_import_bad_manifest (void)
{
  g_autofree char *dir = fresh_dir ();
  g_autofree char *path = g_build_filename (dir, "bad.yaml", NULL);
  g_autofree char *missing = g_build_filename (dir, "missing.yaml", NULL);
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autoptr (GFile) missing_file = g_file_new_for_path (missing);
  g_autoptr (GError) error = NULL;
  g_autoptr (PbBuilderProject) project = NULL;

  write_text (dir, "bad.yaml", "version: 6.0.0\nstreams: [\n  - {name: x\n");
  project = pb_builder_project_new_from_manifest_file (file, &error);
  g_assert_null (project);
  g_assert_nonnull (error);
  g_assert_true (error->domain == PB_ERROR);
  g_clear_error (&error);

  project = pb_builder_project_new_from_manifest_file (missing_file, &error);
  g_assert_null (project);
  g_assert_error (error, PB_ERROR, PB_ERROR_STORAGE);
}

static void
test_export_reimport (void)
{
  g_autoptr (PbBuilderProject) project = import_api ();
  g_autoptr (PbBuilderProject) again = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = fresh_dir ();
  g_autofree char *path = g_build_filename (dir, "exported.yaml", NULL);
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  PbManifest *m1, *m2;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_true (pb_builder_project_export_to_file (project, file, PB_MANIFEST_FORMAT_YAML,
                                                    &error));
  g_assert_no_error (error);

  again = pb_builder_project_new_from_manifest_file (file, &error);
  g_assert_no_error (error);
  m1 = pb_builder_project_get_manifest (project);
  m2 = pb_builder_project_get_manifest (again);
  g_assert_cmpuint (pb_manifest_get_n_streams (m2), ==, pb_manifest_get_n_streams (m1));
  for (guint i = 0; i < pb_manifest_get_n_streams (m1); i++)
    g_assert_cmpstr (pb_manifest_stream_get_name (pb_manifest_get_stream (m2, i)), ==,
                     pb_manifest_stream_get_name (pb_manifest_get_stream (m1, i)));

  /* Import → export gives the same manifest. */
  first = pb_builder_project_export (project, PB_MANIFEST_FORMAT_JSON, &error);
  second = pb_builder_project_export (again, PB_MANIFEST_FORMAT_JSON, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (second, ==, first);
}

static void
count_cb (guint *count)
{
  (*count)++;
}

static void
store_result_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

/* What the manifest has no place for survives a save and a load: evidence, suggested flags, the
 * selection, the edited marks and the assist source (without its password). */
static void
test_state_round_trip (void)
{
  g_autoptr (PbBuilderProject) project = import_api ();
  g_autoptr (PbBuilderProject) loaded = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (PbEvidence) url_evidence = NULL;
  g_autoptr (PbEvidence) path_evidence = NULL;
  g_autofree char *dir = fresh_dir ();
  g_autofree char *file = NULL;
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;
  PbManifest *manifest = pb_builder_project_get_manifest (project);
  PbManifestStream *first = pb_manifest_get_stream (manifest, 0);
  PbManifestStream *second = pb_manifest_get_stream (manifest, 1);
  const char *first_name = pb_manifest_stream_get_name (first);
  const char *second_name = pb_manifest_stream_get_name (second);
  guint n = pb_manifest_get_n_streams (manifest);
  PbEvidence *evidence;

  url_evidence = pb_evidence_new ("https://docs.example.test/api", "#/servers/0", NULL, 0.9,
                                  "The spec names one server.");
  path_evidence = pb_evidence_new ("https://docs.example.test/api", NULL, "GET /items", 0.3,
                                   "A code sample.");
  pb_manifest_set_evidence (manifest, "url_base", url_evidence);
  pb_manifest_stream_set_evidence (first, "path", path_evidence);
  pb_manifest_stream_set_suggested (first, TRUE);
  pb_builder_project_set_stream_selected (project, second_name, FALSE);
  pb_builder_project_mark_edited (project, NULL, "url_base");
  pb_builder_project_mark_edited (project, first_name, "record_path");
  pb_builder_project_set_source (project, "https://user:hunter2@docs.example.test/api?x=1");

  g_assert_true (pb_builder_project_is_edited (project, NULL, "url_base"));
  g_assert_false (pb_builder_project_is_edited (project, first_name, "url_base"));
  g_assert_false (pb_builder_project_get_stream_selected (project, second_name));
  g_assert_cmpuint (pb_builder_project_count_selected (project), ==, n - 1);

  pb_builder_project_save (project, dir, &error);
  g_assert_no_error (error);
  file = g_strconcat (pb_builder_project_get_id (project), ".json", NULL);
  path = g_build_filename (dir, file, NULL);
  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (strstr (text, "hunter2"));

  loaded = pb_builder_project_load (path, &error);
  g_assert_no_error (error);
  manifest = pb_builder_project_get_manifest (loaded);
  first = pb_manifest_find_stream (manifest, first_name);
  g_assert_nonnull (first);
  g_assert_true (pb_manifest_stream_get_suggested (first));
  g_assert_false (pb_manifest_stream_get_suggested (pb_manifest_find_stream (manifest,
                                                                             second_name)));
  evidence = pb_manifest_get_evidence (manifest, "url_base");
  g_assert_nonnull (evidence);
  g_assert_cmpstr (pb_evidence_get_pointer (evidence), ==, "#/servers/0");
  g_assert_cmpfloat_with_epsilon (pb_evidence_get_confidence (evidence), 0.9, 1e-9);
  evidence = pb_manifest_stream_get_evidence (first, "path");
  g_assert_nonnull (evidence);
  g_assert_cmpstr (pb_evidence_get_snippet (evidence), ==, "GET /items");
  g_assert_true (pb_builder_project_is_edited (loaded, NULL, "url_base"));
  g_assert_true (pb_builder_project_is_edited (loaded, first_name, "record_path"));
  g_assert_false (pb_builder_project_is_edited (loaded, first_name, "path"));
  g_assert_false (pb_builder_project_get_stream_selected (loaded, second_name));
  g_assert_true (pb_builder_project_get_stream_selected (loaded, first_name));
  g_assert_nonnull (pb_builder_project_get_source (loaded));
  g_assert_null (strstr (pb_builder_project_get_source (loaded), "hunter2"));
}

/* Export writes the selected streams only, and the parents a selected substream reads from. */
static void
test_export_selected (void)
{
  g_autoptr (PbBuilderProject) project = import_api ();
  g_autoptr (GError) error = NULL;
  g_autoptr (PbManifest) exported = NULL;
  g_autofree char *text = NULL;
  PbManifest *manifest = pb_builder_project_get_manifest (project);
  guint n = pb_manifest_get_n_streams (manifest);
  const char *child = NULL;
  const char *parent = NULL;

  for (guint i = 0; i < n && child == NULL; i++)
    {
      PbManifestStream *stream = pb_manifest_get_stream (manifest, i);
      PbManifestParent *p = pb_manifest_stream_get_parent (stream);

      if (p->parent_stream != NULL)
        {
          child = pb_manifest_stream_get_name (stream);
          parent = p->parent_stream;
        }
    }
  for (guint i = 0; i < n; i++)
    {
      const char *name = pb_manifest_stream_get_name (pb_manifest_get_stream (manifest, i));

      pb_builder_project_set_stream_selected (project, name,
                                              child != NULL ? g_str_equal (name, child) : i == 0);
    }
  g_assert_cmpuint (pb_builder_project_count_selected (project), ==, 1);

  text = pb_builder_project_export (project, PB_MANIFEST_FORMAT_JSON, &error);
  g_assert_no_error (error);
  exported = pb_manifest_new_from_data (text, strlen (text), &error);
  g_assert_no_error (error);
  if (child != NULL)
    {
      g_assert_cmpuint (pb_manifest_get_n_streams (exported), ==, 2);
      g_assert_nonnull (pb_manifest_find_stream (exported, child));
      g_assert_nonnull (pb_manifest_find_stream (exported, parent));
    }
  else
    g_assert_cmpuint (pb_manifest_get_n_streams (exported), ==, 1);
  /* The project itself still has every stream. */
  g_assert_cmpuint (pb_manifest_get_n_streams (manifest), ==, n);
}

static void
test_rename_stream (void)
{
  g_autoptr (PbBuilderProject) project = import_api ();
  g_autoptr (GError) error = NULL;
  PbManifest *manifest = pb_builder_project_get_manifest (project);
  g_autofree char *first = g_strdup (pb_manifest_stream_get_name (pb_manifest_get_stream (manifest,
                                                                                          0)));
  const char *second = pb_manifest_stream_get_name (pb_manifest_get_stream (manifest, 1));
  guint changes = 0;

  g_signal_connect_swapped (project, "changed", G_CALLBACK (count_cb), &changes);
  pb_builder_project_mark_edited (project, first, "path");
  pb_builder_project_set_stream_selected (project, first, FALSE);

  g_assert_false (pb_builder_project_rename_stream (project, first, second, &error));
  g_assert_error (error, PB_ERROR, PB_ERROR_DUPLICATE_NAME);
  g_clear_error (&error);
  g_assert_false (pb_builder_project_rename_stream (project, first, "  ", &error));
  g_assert_error (error, PB_ERROR, PB_ERROR_INVALID_NAME);
  g_clear_error (&error);
  g_assert_false (pb_builder_project_rename_stream (project, "no such stream", "x", &error));
  g_assert_error (error, PB_ERROR, PB_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_true (pb_builder_project_rename_stream (project, first, " renamed ", &error));
  g_assert_no_error (error);
  g_assert_nonnull (pb_manifest_find_stream (manifest, "renamed"));
  g_assert_null (pb_manifest_find_stream (manifest, first));
  g_assert_true (pb_builder_project_is_edited (project, "renamed", "path"));
  g_assert_false (pb_builder_project_is_edited (project, first, "path"));
  g_assert_false (pb_builder_project_get_stream_selected (project, "renamed"));
  g_assert_cmpuint (changes, >=, 2);
}

/* AI Assist results start with only the suggested streams selected. */
static void
test_new_from_assist (void)
{
  g_autoptr (PbBuilderProject) imported = import_api ();
  g_autoptr (PbBuilderProject) project = NULL;
  PbManifest *manifest = pb_builder_project_get_manifest (imported);
  const char *suggested = pb_manifest_stream_get_name (pb_manifest_get_stream (manifest, 1));

  pb_manifest_stream_set_suggested (pb_manifest_get_stream (manifest, 1), TRUE);
  project = pb_builder_project_new_from_assist (manifest, "From docs", "/tmp/spec.json");
  g_assert_cmpuint (pb_builder_project_count_selected (project), ==, 1);
  g_assert_true (pb_builder_project_get_stream_selected (project, suggested));
  g_assert_cmpstr (pb_builder_project_get_source (project), ==, "/tmp/spec.json");
  g_assert_cmpstr (pb_builder_project_get_name (project), ==, "From docs");
}

static void
saved_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  guint *done = user_data;
  g_autoptr (GError) error = NULL;

  g_assert_true (pb_builder_project_save_finish (PB_BUILDER_PROJECT (object), result, &error));
  g_assert_no_error (error);
  (*done)++;
}

/* Saves in a worker; calls made while one runs share a later save of the newest state. */
static void
test_save_async_coalesced (void)
{
  g_autoptr (PbBuilderProject) project = import_api ();
  g_autoptr (PbBuilderProject) loaded = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = fresh_dir ();
  g_autofree char *file = NULL;
  g_autofree char *path = NULL;
  guint done = 0;

  for (guint i = 0; i < 20; i++)
    {
      g_autofree char *name = g_strdup_printf ("Name %u", i);

      pb_builder_project_set_name (project, name);
      pb_builder_project_save_async (project, dir, NULL, saved_cb, &done);
    }
  while (done < 20)
    g_main_context_iteration (NULL, TRUE);

  file = g_strconcat (pb_builder_project_get_id (project), ".json", NULL);
  path = g_build_filename (dir, file, NULL);
  loaded = pb_builder_project_load (path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pb_builder_project_get_name (loaded), ==, "Name 19");
}

/* Deleted while autosaves are writing and queued: none of them brings the file back. */
static void
test_delete_during_save (void)
{
  g_autoptr (PbBuilderProject) project = import_api ();
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = fresh_dir ();
  g_autofree char *file = NULL;
  g_autofree char *path = NULL;
  guint done = 0;

  for (guint i = 0; i < 5; i++)
    pb_builder_project_save_async (project, dir, NULL, saved_cb, &done);
  g_assert_true (pb_builder_project_delete (project, dir, &error));
  g_assert_no_error (error);
  pb_builder_project_save_async (project, dir, NULL, saved_cb, &done);
  while (done < 6)
    g_main_context_iteration (NULL, TRUE);

  file = g_strconcat (pb_builder_project_get_id (project), ".json", NULL);
  path = g_build_filename (dir, file, NULL);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
}

/* A folder that cannot be made: the error names it, nothing is lost from the open project. */
static void
test_save_async_error (void)
{
  g_autoptr (PbBuilderProject) project = import_api ();
  g_autofree char *blocker = g_build_filename (pb_test_root (), "not-a-folder", NULL);
  g_autofree char *dir = g_build_filename (blocker, "builder", NULL);
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;

  g_file_set_contents (blocker, "x", 1, &error);
  g_assert_no_error (error);
  pb_builder_project_save_async (project, dir, NULL, store_result_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (pb_builder_project_save_finish (project, result, &error));
  g_assert_error (error, PB_ERROR, PB_ERROR_STORAGE);
  g_assert_cmpuint (pb_manifest_get_n_streams (pb_builder_project_get_manifest (project)), >, 0);
}

/* The requester of stream NAME in an exported JSON manifest. */
static const cJSON *
exported_requester (const cJSON *root,
                    const char  *name)
{
  const cJSON *stream;

  cJSON_ArrayForEach (stream, cJSON_GetObjectItemCaseSensitive (root, "streams"))
    if (g_strcmp0 (cJSON_GetStringValue (cJSON_GetObjectItemCaseSensitive (stream, "name")),
                   name) == 0)
      return cJSON_GetObjectItemCaseSensitive (
        cJSON_GetObjectItemCaseSensitive (stream, "retriever"), "requester");
  return NULL;
}

/* A POST stream's request body: imported (api.yaml's search_items has one), edited as fields,
 * saved with its edited mark, exported as request_body_json with JSON values where the text is
 * JSON (a 20-digit id stays a string), as request_body_data for form fields, and a whole-body
 * string kept as it is; export → import → export gives the same manifest. */
static void
test_request_body_round_trip (void)
{
  g_autoptr (PbBuilderProject) project = import_api ();
  g_autoptr (PbBuilderProject) loaded = NULL;
  g_autoptr (PbBuilderProject) again = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = fresh_dir ();
  g_autofree char *path = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *export_path = NULL;
  g_autoptr (GFile) export_file = NULL;
  PbManifest *manifest = pb_builder_project_get_manifest (project);
  PbManifestStream *search = pb_manifest_find_stream (manifest, "search_items");
  PbManifestStream *other = pb_manifest_find_stream (manifest, "cursor_items");
  PbManifestStream *stream;
  const char *body[] = { "query", "{{ config['query'] }}", "page_size", "100",
                         "filter", "{\"status\": \"open\"}", "account", "12345678901234567890",
                         "archived", "false", NULL };
  const cJSON *requester, *json;
  cJSON *root;

  g_assert_nonnull (search);
  g_assert_true (pb_manifest_stream_has_request_body (search));
  g_assert_cmpint (pb_manifest_stream_get_request_body_format (search), ==, PB_BODY_JSON);
  g_assert_cmpstrv (pb_manifest_stream_get_request_body (search),
                    ((const char *[]) { "query", "{{ config.get('query', 'all') }}", NULL }));
  g_assert_false (pb_manifest_stream_has_request_body (other));

  pb_manifest_stream_set_request_body (search, PB_BODY_JSON, body);
  pb_builder_project_mark_edited (project, "search_items", "request_body");
  pb_manifest_stream_set_request_body (other, PB_BODY_DATA,
                                       (const char *[]) { "grant", "all", "n", "5", NULL });

  /* Saved and loaded: the fields, their order, the format and the edited mark. */
  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_true (pb_builder_project_save (project, dir, &error));
  g_assert_no_error (error);
  path = g_strdup_printf ("%s/%s.json", dir, pb_builder_project_get_id (project));
  loaded = pb_builder_project_load (path, &error);
  g_assert_no_error (error);
  stream = pb_manifest_find_stream (pb_builder_project_get_manifest (loaded), "search_items");
  /* (A JSON object comes back written compactly.) */
  g_assert_cmpstrv (pb_manifest_stream_get_request_body (stream),
                    ((const char *[]) { "query", "{{ config['query'] }}", "page_size", "100",
                                        "filter", "{\"status\":\"open\"}",
                                        "account", "12345678901234567890",
                                        "archived", "false", NULL }));
  g_assert_cmpint (pb_manifest_stream_get_request_body_format (stream), ==, PB_BODY_JSON);
  g_assert_true (pb_builder_project_is_edited (loaded, "search_items", "request_body"));
  stream = pb_manifest_find_stream (pb_builder_project_get_manifest (loaded), "cursor_items");
  g_assert_cmpint (pb_manifest_stream_get_request_body_format (stream), ==, PB_BODY_DATA);
  g_assert_cmpstrv (pb_manifest_stream_get_request_body (stream),
                    ((const char *[]) { "grant", "all", "n", "5", NULL }));

  /* Exported: JSON values where the text is JSON, strings elsewhere. */
  first = pb_builder_project_export (project, PB_MANIFEST_FORMAT_JSON, &error);
  g_assert_no_error (error);
  root = cJSON_Parse (first);
  g_assert_nonnull (root);
  requester = exported_requester (root, "search_items");
  json = cJSON_GetObjectItemCaseSensitive (requester, "request_body_json");
  g_assert_true (cJSON_IsObject (json));
  g_assert_null (cJSON_GetObjectItemCaseSensitive (requester, "request_body_data"));
  g_assert_cmpstr (cJSON_GetStringValue (cJSON_GetObjectItemCaseSensitive (json, "query")), ==,
                   "{{ config['query'] }}");
  g_assert_true (cJSON_IsNumber (cJSON_GetObjectItemCaseSensitive (json, "page_size")));
  g_assert_cmpint (cJSON_GetObjectItemCaseSensitive (json, "page_size")->valueint, ==, 100);
  g_assert_true (cJSON_IsObject (cJSON_GetObjectItemCaseSensitive (json, "filter")));
  g_assert_cmpstr (cJSON_GetStringValue (cJSON_GetObjectItemCaseSensitive (
                     cJSON_GetObjectItemCaseSensitive (json, "filter"), "status")), ==, "open");
  g_assert_cmpstr (cJSON_GetStringValue (cJSON_GetObjectItemCaseSensitive (json, "account")),
                   ==, "12345678901234567890");
  g_assert_true (cJSON_IsFalse (cJSON_GetObjectItemCaseSensitive (json, "archived")));
  requester = exported_requester (root, "cursor_items");
  json = cJSON_GetObjectItemCaseSensitive (requester, "request_body_data");
  g_assert_cmpstr (cJSON_GetStringValue (cJSON_GetObjectItemCaseSensitive (json, "n")), ==, "5");
  g_assert_null (cJSON_GetObjectItemCaseSensitive (requester, "request_body_json"));
  cJSON_Delete (root);

  /* A body written whole as one string is kept as it is. */
  pb_manifest_stream_set_request_body_text (other, PB_BODY_DATA, "grant=all&n={{ config['n'] }}");
  g_assert_cmpstrv (pb_manifest_stream_get_request_body (other), ((const char *[]) { NULL }));
  g_clear_pointer (&first, g_free);
  first = pb_builder_project_export (project, PB_MANIFEST_FORMAT_YAML, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (first, "request_body_data:"));

  /* Export → import → export: the same manifest. */
  export_path = g_build_filename (dir, "body.yaml", NULL);
  export_file = g_file_new_for_path (export_path);
  g_assert_true (pb_builder_project_export_to_file (project, export_file,
                                                    PB_MANIFEST_FORMAT_YAML, &error));
  g_assert_no_error (error);
  again = pb_builder_project_new_from_manifest_file (export_file, &error);
  g_assert_no_error (error);
  stream = pb_manifest_find_stream (pb_builder_project_get_manifest (again), "cursor_items");
  g_assert_cmpstr (pb_manifest_stream_get_request_body_text (stream), ==,
                   "grant=all&n={{ config['n'] }}");
  g_clear_pointer (&first, g_free);
  first = pb_builder_project_export (project, PB_MANIFEST_FORMAT_JSON, &error);
  second = pb_builder_project_export (again, PB_MANIFEST_FORMAT_JSON, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (second, ==, first);

  /* Setting fields drops the whole-body string. */
  pb_manifest_stream_set_request_body (other, PB_BODY_JSON, NULL);
  g_assert_null (pb_manifest_stream_get_request_body_text (other));
  g_assert_false (pb_manifest_stream_has_request_body (other));
}

/* The core's checks of a body field, shared with the editor. */
static void
test_request_body_checks (void)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (pb_manifest_check_body_field ("page_size", NULL));
  g_assert_true (pb_manifest_check_body_field (NULL, NULL));
  g_assert_false (pb_manifest_check_body_field ("page size ", &error));
  g_assert_error (error, PB_ERROR, PB_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (pb_manifest_check_body_field ("a\nb", &error));
  g_assert_error (error, PB_ERROR, PB_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  g_assert_true (pb_manifest_check_body_value ("The value", "{\"status\": [1, 2]}", TRUE, NULL));
  g_assert_true (pb_manifest_check_body_value ("The value", "{{ config['q'] }}", TRUE, NULL));
  g_assert_true (pb_manifest_check_body_value ("The value", "100", TRUE, NULL));
  /* Form data sends text as it is. */
  g_assert_true (pb_manifest_check_body_value ("The value", "{\"status\": }", FALSE, NULL));
  g_assert_false (pb_manifest_check_body_value ("The value", "{\"status\": }", TRUE, &error));
  g_assert_error (error, PB_ERROR, PB_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "The value starts like a JSON object"));
  g_clear_error (&error);
  g_assert_false (pb_manifest_check_body_value ("The value", "{{ config['q'] ", TRUE, &error));
  g_assert_error (error, PB_ERROR, PB_ERROR_INVALID_ARGUMENT);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/builder-project/import-save-load", test_import_save_load);
  g_test_add_func ("/builder-project/load-all-skips-bad-files", test_load_all_skips_bad_files);
  g_test_add_func ("/builder-project/load-errors", test_load_errors);
  g_test_add_func ("/builder-project/import-bad-manifest", test_import_bad_manifest);
  g_test_add_func ("/builder-project/export-reimport", test_export_reimport);
  g_test_add_func ("/builder-project/request-body-round-trip", test_request_body_round_trip);
  g_test_add_func ("/builder-project/request-body-checks", test_request_body_checks);
  g_test_add_func ("/builder-project/state-round-trip", test_state_round_trip);
  g_test_add_func ("/builder-project/export-selected", test_export_selected);
  g_test_add_func ("/builder-project/rename-stream", test_rename_stream);
  g_test_add_func ("/builder-project/new-from-assist", test_new_from_assist);
  g_test_add_func ("/builder-project/save-async-coalesced", test_save_async_coalesced);
  g_test_add_func ("/builder-project/save-async-error", test_save_async_error);
  g_test_add_func ("/builder-project/delete-during-save", test_delete_during_save);

  return g_test_run ();
}
