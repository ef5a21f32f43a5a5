/* test-connector-store.c: the connectors file, on the real file system
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "pb-connector-store.h"
#include "pb-error.h"
#include "pb-test-util.h"

static void
write_file (const char *path,
            const char *contents)
{
  g_autoptr (GError) error = NULL;

  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(char * const *) a, *(char * const *) b);
}

/* Names of the files beside PATH, sorted, joined by spaces. */
static char *
list_dir (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  g_ptr_array_add (names, NULL);
  return g_strjoinv (" ", (char **) names->pdata);
}

/* The broken-* files beside PATH. */
static GPtrArray *
broken_files (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  GPtrArray *found = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  while ((name = g_dir_read_name (d)) != NULL)
    if (g_str_has_prefix (name, "connectors.json.broken-"))
      g_ptr_array_add (found, g_build_filename (dir, name, NULL));
  return found;
}

static gboolean
timeout_cb (gpointer user_data)
{
  g_error ("timed out waiting for %s", (const char *) user_data);
  return G_SOURCE_REMOVE;
}

static void
quit_cb (GMainLoop *loop)
{
  g_main_loop_quit (loop);
}

/* Runs the main loop until OBJECT emits SIGNAL (fails after 20 s, never passes by time). */
static void
wait_for_signal (gpointer    object,
                 const char *signal)
{
  g_autoptr (GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  gulong handler = g_signal_connect_swapped (object, signal, G_CALLBACK (quit_cb), loop);
  guint timeout = g_timeout_add_seconds (20, timeout_cb, (gpointer) signal);

  g_main_loop_run (loop);
  g_source_remove (timeout);
  g_signal_handler_disconnect (object, handler);
}

static const char *
name_at (PbConnectorStore *store,
         guint             position)
{
  g_autoptr (PbConnector) c = g_list_model_get_item (G_LIST_MODEL (store), position);

  return pb_connector_get_name (c);
}

static void
test_default_path (void)
{
  g_autoptr (PbConnectorStore) store = pb_connector_store_new (NULL, NULL);
  g_autofree char *expected = g_build_filename (g_get_user_data_dir (), "plugboard", "connectors.json", NULL);

  g_assert_cmpstr (pb_connector_store_get_path (store), ==, expected);
  g_assert_true (g_str_has_prefix (expected, pb_test_root ()));
  g_assert_true (pb_connector_store_get_vault (store) == pb_vault_get_default ());
}

static void
test_round_trip (void)
{
  g_autofree char *path = pb_test_fresh_connectors_path ("store");
  g_autoptr (PbConnectorStore) store = pb_test_open_connector_store (path, 0);
  g_autoptr (PbConnectorStore) again = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) root = NULL;
  g_autofree char *contents = NULL;
  PbConnector *zeta, *alpha, *intercom, *loaded;
  GStatBuf st;

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 0);
  g_assert_null (pb_connector_store_get_load_warning (store));
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (store)) == PB_TYPE_CONNECTOR);

  zeta = pb_connector_store_create (store, "zeta", PB_CONNECTOR_KIND_API_KEY, &error);
  g_assert_no_error (error);
  alpha = pb_connector_store_create (store, "  Alpha API  ", PB_CONNECTOR_KIND_OAUTH2, &error);
  g_assert_no_error (error);
  intercom = pb_connector_store_create (store, "Intercom", PB_CONNECTOR_KIND_INTERCOM, &error);
  g_assert_no_error (error);

  g_assert_cmpstr (pb_connector_get_name (alpha), ==, "Alpha API");
  g_assert_cmpstr (pb_connector_get_token_url (intercom), ==, "https://api.intercom.io/auth/eagle/token");
  pb_connector_set_base_url (zeta, "https://zeta.example.com");
  pb_connector_set_auth_header (zeta, "X-API-Key");
  pb_connector_set_scopes (alpha, "read write");
  pb_connector_set_setting (alpha, "region", "eu");
  g_assert_true (pb_connector_store_save (store, &error));
  g_assert_no_error (error);

  /* Sorted by name, case-insensitively. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 3);
  g_assert_cmpstr (name_at (store, 0), ==, "Alpha API");
  g_assert_cmpstr (name_at (store, 1), ==, "Intercom");
  g_assert_cmpstr (name_at (store, 2), ==, "zeta");

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  contents = pb_test_read_file (path);
  root = json_from_string (contents, &error);
  g_assert_no_error (error);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (root), "version"), ==, 1);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (root), "connectors")), ==, 3);

  again = pb_test_open_connector_store (path, 0);
  g_assert_null (pb_connector_store_get_load_warning (again));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (again)), ==, 3);
  loaded = pb_connector_store_find_by_id (again, pb_connector_get_id (zeta));
  g_assert_nonnull (loaded);
  g_assert_cmpstr (pb_connector_get_base_url (loaded), ==, "https://zeta.example.com");
  g_assert_cmpstr (pb_connector_get_auth_header (loaded), ==, "X-API-Key");
  g_assert_cmpint (pb_connector_get_modified (loaded), ==, pb_connector_get_modified (zeta));
  loaded = pb_connector_store_find_by_name (again, "ALPHA api");
  g_assert_nonnull (loaded);
  g_assert_cmpint (pb_connector_get_kind (loaded), ==, PB_CONNECTOR_KIND_OAUTH2);
  g_assert_cmpstr (pb_connector_get_scopes (loaded), ==, "read write");
  g_assert_cmpstr (pb_connector_get_setting (loaded, "region"), ==, "eu");
  g_assert_null (pb_connector_store_find_by_name (again, "nobody"));
}

static void
test_autosave (void)
{
  g_autofree char *path = pb_test_fresh_connectors_path ("store");
  g_autoptr (PbConnectorStore) store = pb_test_open_connector_store (path, 0);
  g_autoptr (PbConnectorStore) reader = NULL;
  g_autoptr (GError) error = NULL;
  PbConnector *c;

  pb_connector_store_set_autosave_delay (store, 20);
  c = pb_connector_store_create (store, "Auto", PB_CONNECTOR_KIND_API_KEY, &error);
  g_assert_no_error (error);
  g_assert_false (pb_connector_store_get_dirty (store));

  pb_connector_set_base_url (c, "https://typed.example.com");
  g_assert_true (pb_connector_store_get_dirty (store));
  wait_for_signal (store, "saved");
  g_assert_false (pb_connector_store_get_dirty (store));

  reader = pb_test_open_connector_store (path, 0);
  g_assert_cmpstr (pb_connector_get_base_url (pb_connector_store_find_by_name (reader, "Auto")), ==,
                   "https://typed.example.com");
}

/* Closing the store (the app quitting) writes edits the autosave had not written yet. */
static void
test_dispose_saves (void)
{
  g_autofree char *path = pb_test_fresh_connectors_path ("store");
  PbConnectorStore *store = pb_test_open_connector_store (path, 0);
  g_autoptr (PbConnectorStore) reader = NULL;
  g_autoptr (GError) error = NULL;
  PbConnector *c;

  pb_connector_store_set_autosave_delay (store, 600000);
  c = pb_connector_store_create (store, "Quitting", PB_CONNECTOR_KIND_API_KEY, &error);
  g_assert_no_error (error);
  pb_connector_set_base_url (c, "https://last-edit.example.com");
  g_assert_true (pb_connector_store_get_dirty (store));
  g_object_unref (store);

  reader = pb_test_open_connector_store (path, 0);
  g_assert_cmpstr (pb_connector_get_base_url (pb_connector_store_find_by_name (reader, "Quitting")), ==,
                   "https://last-edit.example.com");
}

static void
on_save_failed (PbConnectorStore *store,
                const GError     *error,
                GError          **out)
{
  g_clear_error (out);
  *out = g_error_copy (error);
}

/* Writes that cannot complete (here: a file size limit, which binds even root) must leave the
 * old file byte for byte and no temporary file behind. */
static void
test_atomic_write_failure (void)
{
  g_autofree char *path = pb_test_fresh_connectors_path ("store");
  g_autoptr (PbConnectorStore) store = pb_test_open_connector_store (path, 0);
  g_autoptr (GError) error = NULL;
  g_autoptr (GError) signalled = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *files_before = NULL;
  g_autofree char *files_after = NULL;
  g_autoptr (GString) long_url = g_string_new ("https://example.com/");
  struct rlimit old_limit, limit;
  PbConnector *c;
  gboolean ok;

  c = pb_connector_store_create (store, "Precious", PB_CONNECTOR_KIND_API_KEY, &error);
  g_assert_no_error (error);
  before = pb_test_read_file (path);
  files_before = list_dir (path);

  for (guint i = 0; i < 2000; i++)
    g_string_append (long_url, "segment/");
  pb_connector_set_base_url (c, long_url->str);

  g_signal_connect (store, "save-failed", G_CALLBACK (on_save_failed), &signalled);
  signal (SIGXFSZ, SIG_IGN);
  g_assert_cmpint (getrlimit (RLIMIT_FSIZE, &old_limit), ==, 0);
  limit = old_limit;
  limit.rlim_cur = strlen (before) + 64;
  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &limit), ==, 0);
  ok = pb_connector_store_save (store, &error);
  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &old_limit), ==, 0);

  g_assert_false (ok);
  g_assert_error (error, PB_ERROR, PB_ERROR_STORAGE);
  g_assert_nonnull (strstr (error->message, path));
  g_assert_error (signalled, PB_ERROR, PB_ERROR_STORAGE);
  g_assert_true (pb_connector_store_get_dirty (store));

  after = pb_test_read_file (path);
  g_assert_cmpstr (after, ==, before);
  files_after = list_dir (path);
  g_assert_cmpstr (files_after, ==, files_before);

  /* A read-only directory, where permissions bind (not root). */
  if (geteuid () != 0)
    {
      g_autofree char *dir = g_path_get_dirname (path);

      g_clear_error (&error);
      g_assert_cmpint (g_chmod (dir, 0500), ==, 0);
      ok = pb_connector_store_save (store, &error);
      g_assert_cmpint (g_chmod (dir, 0700), ==, 0);
      g_assert_false (ok);
      g_assert_error (error, PB_ERROR, PB_ERROR_STORAGE);
      g_free (after);
      after = pb_test_read_file (path);
      g_assert_cmpstr (after, ==, before);
    }

  /* Once the disk has room again, the kept edit is written. */
  g_clear_error (&error);
  g_assert_true (pb_connector_store_save (store, &error));
  g_assert_no_error (error);
  g_free (after);
  after = pb_test_read_file (path);
  g_assert_nonnull (strstr (after, long_url->str));
  g_assert_false (pb_connector_store_get_dirty (store));
}

/* Loads CONTENTS; returns the store, the broken files and the warning for inspection. */
static PbConnectorStore *
load_broken (const char  *path,
             const char  *contents,
             guint        expected_items)
{
  PbConnectorStore *store;
  g_autoptr (GPtrArray) broken = NULL;
  g_autofree char *kept = NULL;

  write_file (path, contents);
  store = pb_test_open_connector_store (path, 0);
  g_assert_nonnull (pb_connector_store_get_load_warning (store));
  g_test_message ("warning: %s", pb_connector_store_get_load_warning (store));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, expected_items);

  broken = broken_files (path);
  g_assert_cmpuint (broken->len, ==, 1);
  kept = pb_test_read_file (broken->pdata[0]);
  g_assert_cmpstr (kept, ==, contents);
  g_assert_nonnull (strstr (pb_connector_store_get_load_warning (store), broken->pdata[0]));
  /* The dialog text names the kept file (not its folder) and leaves the parser to the detail. */
  {
    g_autofree char *kept_as = g_path_get_basename (broken->pdata[0]);
    g_autofree char *count = g_strdup_printf ("%u connector", expected_items);

    g_assert_nonnull (strstr (pb_connector_store_get_load_summary (store), kept_as));
    g_assert_null (strstr (pb_connector_store_get_load_summary (store), pb_test_root ()));
    g_assert_null (strstr (pb_connector_store_get_load_summary (store), "JSON"));
    if (expected_items > 0 && strstr (pb_connector_store_get_load_summary (store), "left out") == NULL)
      g_assert_nonnull (strstr (pb_connector_store_get_load_summary (store), count));
    g_assert_nonnull (strstr (pb_connector_store_get_load_detail (store), broken->pdata[0]));
  }

  if (expected_items == 0)
    g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  else
    {
      /* What was recovered is already safe in a fresh file. */
      g_autoptr (PbConnectorStore) reader = pb_test_open_connector_store (path, 0);

      g_assert_null (pb_connector_store_get_load_warning (reader));
      g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (reader)), ==, expected_items);
    }
  return store;
}

#define ENTRY(id, name) "{\"id\":\"" id "\",\"name\":\"" name "\",\"kind\":\"api-key\",\"base-url\":\"https://" id ".example.com\"}"

static void
test_corrupt_json (void)
{
  g_autofree char *path = pb_test_fresh_connectors_path ("store");
  g_autoptr (PbConnectorStore) store = load_broken (path, "{ this is not JSON at all", 0);
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) broken = NULL;

  /* The store works on: the next save makes a new file, the broken one stays. */
  pb_connector_store_create (store, "Fresh", PB_CONNECTOR_KIND_API_KEY, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));
  broken = broken_files (path);
  g_assert_cmpuint (broken->len, ==, 1);
}

static void
test_empty_file (void)
{
  g_autofree char *path = pb_test_fresh_connectors_path ("store");
  g_autoptr (PbConnectorStore) store = load_broken (path, "", 0);
}

static void
test_truncated (void)
{
  g_autofree char *path = pb_test_fresh_connectors_path ("store");
  const char *full = "{\"version\":1,\"connectors\":[" ENTRY ("a1", "First") "," ENTRY ("b2", "Second") ","
                     ENTRY ("c3", "Third") "]}";
  g_autofree char *cut = g_strndup (full, strlen (full) - 30);
  g_autoptr (PbConnectorStore) store = load_broken (path, cut, 2);

  g_assert_nonnull (pb_connector_store_find_by_id (store, "a1"));
  g_assert_nonnull (pb_connector_store_find_by_id (store, "b2"));
  g_assert_cmpstr (pb_connector_get_base_url (pb_connector_store_find_by_id (store, "b2")), ==,
                   "https://b2.example.com");
}

static void
test_wrong_types (void)
{
  g_autofree char *path = pb_test_fresh_connectors_path ("store");
  g_autoptr (PbConnectorStore) store =
    load_broken (path, "{\"version\":1,\"connectors\":[" ENTRY ("a1", "Good")
                       ",{\"id\":\"b2\",\"name\":42,\"kind\":\"api-key\"},"
                       "\"not an object\","
                       ENTRY ("a1", "Duplicate id") "]}", 1);

  g_assert_cmpstr (pb_connector_get_name (pb_connector_store_find_by_id (store, "a1")), ==, "Good");
}

static void
test_wrong_structure (void)
{
  g_autofree char *path1 = pb_test_fresh_connectors_path ("store");
  g_autofree char *path2 = pb_test_fresh_connectors_path ("store");
  g_autofree char *path3 = pb_test_fresh_connectors_path ("store");
  g_autoptr (PbConnectorStore) s1 = load_broken (path1, "[1, 2, 3]", 0);
  g_autoptr (PbConnectorStore) s2 = load_broken (path2, "{\"connectors\":[" ENTRY ("a1", "No version") "]}", 1);
  g_autoptr (PbConnectorStore) s3 = load_broken (path3, "{\"version\":1,\"connectors\":{}}", 0);
}

static void
test_future_version (void)
{
  g_autofree char *path = pb_test_fresh_connectors_path ("store");
  g_autoptr (PbConnectorStore) store =
    load_broken (path, "{\"version\":7,\"connectors\":[" ENTRY ("a1", "Understood")
                       ",{\"id\":\"z\",\"name\":\"Future\",\"kind\":\"quantum-key\"}]}", 1);

  g_assert_nonnull (strstr (pb_connector_store_get_load_warning (store), "newer version"));
  g_assert_nonnull (pb_connector_store_find_by_id (store, "a1"));
}

static void
test_broken_never_overwritten (void)
{
  g_autofree char *path = pb_test_fresh_connectors_path ("store");
  g_autoptr (GPtrArray) broken = NULL;

  /* Two broken files within the same second get two different names. */
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *contents = g_strdup_printf ("{ broken %u", i);
      g_autoptr (PbConnectorStore) store = NULL;

      write_file (path, contents);
      store = pb_test_open_connector_store (path, 0);
      g_assert_nonnull (pb_connector_store_get_load_warning (store));
    }

  broken = broken_files (path);
  g_assert_cmpuint (broken->len, ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *expected = g_strdup_printf ("{ broken %u", i);
      gboolean found = FALSE;

      for (guint j = 0; j < broken->len; j++)
        {
          g_autofree char *kept = pb_test_read_file (broken->pdata[j]);

          found |= g_strcmp0 (kept, expected) == 0;
        }
      g_assert_true (found);
    }
}

static void
test_second_writer (void)
{
  g_autofree char *path = pb_test_fresh_connectors_path ("store");
  g_autoptr (PbConnectorStore) a = pb_test_open_connector_store (path, 0);
  g_autoptr (PbConnectorStore) b = pb_test_open_connector_store (path, 0);
  g_autoptr (PbConnectorStore) reader = NULL;
  g_autoptr (GError) error = NULL;
  PbConnector *from_a, *from_b, *b_view;

  /* Neither runs its main loop, so neither has seen the other's write. */
  pb_connector_store_set_autosave_delay (a, 600000);
  pb_connector_store_set_autosave_delay (b, 600000);
  from_a = pb_connector_store_create (a, "From A", PB_CONNECTOR_KIND_API_KEY, &error);
  g_assert_no_error (error);
  from_b = pb_connector_store_create (b, "From B", PB_CONNECTOR_KIND_OAUTH2, &error);
  g_assert_no_error (error);

  /* B's save merged A's connector in. */
  b_view = pb_connector_store_find_by_name (b, "From A");
  g_assert_nonnull (b_view);

  /* Both edit different connectors, then both save. */
  pb_connector_set_base_url (from_a, "https://a.example.com");
  pb_connector_set_client_id (from_b, "client-b");
  g_assert_true (pb_connector_store_save (a, &error));
  g_assert_no_error (error);
  g_assert_true (pb_connector_store_save (b, &error));
  g_assert_no_error (error);

  reader = pb_test_open_connector_store (path, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (reader)), ==, 2);
  g_assert_cmpstr (pb_connector_get_base_url (pb_connector_store_find_by_name (reader, "From A")), ==,
                   "https://a.example.com");
  g_assert_cmpstr (pb_connector_get_client_id (pb_connector_store_find_by_name (reader, "From B")), ==,
                   "client-b");
  /* B picked up A's edit in place on its save. */
  g_assert_cmpstr (pb_connector_get_base_url (b_view), ==, "https://a.example.com");

  /* A deletion by one writer is not undone by the other's next save. */
  g_assert_true (pb_connector_store_delete_sync (a, from_a, NULL, &error));
  g_assert_no_error (error);
  pb_connector_set_scopes (from_b, "read");
  g_assert_true (pb_connector_store_save (b, &error));
  g_assert_no_error (error);
  g_clear_object (&reader);
  reader = pb_test_open_connector_store (path, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (reader)), ==, 1);
  g_assert_null (pb_connector_store_find_by_name (reader, "From A"));
  g_assert_cmpstr (pb_connector_get_scopes (pb_connector_store_find_by_name (reader, "From B")), ==, "read");
}

static void
test_monitor_keeps_local_edits (void)
{
  g_autofree char *path = pb_test_fresh_connectors_path ("store");
  g_autoptr (PbConnectorStore) gui = NULL;
  g_autoptr (PbConnectorStore) cli = NULL;
  g_autoptr (PbConnectorStore) reader = NULL;
  g_autoptr (GError) error = NULL;
  PbConnector *shared, *edited, *doomed, *cli_shared;
  g_autoptr (PbConnector) keep_shared = NULL;
  g_autofree char *doomed_id = NULL;

  gui = pb_test_open_connector_store (path, 0);
  pb_connector_store_set_autosave_delay (gui, 600000);   /* edits stay unsaved */
  shared = pb_connector_store_create (gui, "Shared", PB_CONNECTOR_KIND_API_KEY, &error);
  g_assert_no_error (error);
  edited = pb_connector_store_create (gui, "Edited", PB_CONNECTOR_KIND_API_KEY, &error);
  g_assert_no_error (error);
  doomed = pb_connector_store_create (gui, "Doomed", PB_CONNECTOR_KIND_API_KEY, &error);
  g_assert_no_error (error);
  keep_shared = g_object_ref (shared);
  doomed_id = g_strdup (pb_connector_get_id (doomed));

  /* A local edit the GUI has not written yet. */
  pb_connector_set_base_url (edited, "https://local.example.com");
  g_assert_true (pb_connector_store_get_dirty (gui));

  /* Another program changes the file: edits Shared and Edited, deletes Doomed, adds New. */
  cli = pb_test_open_connector_store (path, 0);
  cli_shared = pb_connector_store_find_by_name (cli, "Shared");
  pb_connector_set_base_url (cli_shared, "https://from-cli.example.com");
  pb_connector_set_base_url (pb_connector_store_find_by_name (cli, "Edited"), "https://cli-loses.example.com");
  g_assert_true (pb_connector_store_delete_sync (cli, pb_connector_store_find_by_name (cli, "Doomed"), NULL, &error));
  g_assert_no_error (error);
  g_assert_nonnull (pb_connector_store_create (cli, "New", PB_CONNECTOR_KIND_INTERCOM, &error));
  g_assert_no_error (error);

  wait_for_signal (gui, "reloaded");
  /* The monitor may report the CLI's writes in more than one burst. */
  while (pb_connector_store_find_by_name (gui, "New") == NULL ||
         pb_connector_store_find_by_name (gui, "Doomed") != NULL ||
         g_strcmp0 (pb_connector_get_base_url (shared), "https://from-cli.example.com") != 0)
    wait_for_signal (gui, "reloaded");

  /* Same object, updated in place. */
  g_assert_true (pb_connector_store_find_by_name (gui, "Shared") == shared);
  g_assert_cmpstr (pb_connector_get_base_url (shared), ==, "https://from-cli.example.com");
  g_assert_null (pb_connector_store_find_by_id (gui, doomed_id));
  g_assert_nonnull (pb_connector_store_find_by_name (gui, "New"));
  /* The unsaved local edit survived. */
  g_assert_cmpstr (pb_connector_get_base_url (edited), ==, "https://local.example.com");
  g_assert_true (pb_connector_store_get_dirty (gui));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (gui)), ==, 3);

  g_assert_true (pb_connector_store_flush (gui, &error));
  g_assert_no_error (error);
  reader = pb_test_open_connector_store (path, 0);
  g_assert_cmpstr (pb_connector_get_base_url (pb_connector_store_find_by_name (reader, "Edited")), ==,
                   "https://local.example.com");
  g_assert_cmpstr (pb_connector_get_base_url (pb_connector_store_find_by_name (reader, "Shared")), ==,
                   "https://from-cli.example.com");
  g_assert_nonnull (pb_connector_store_find_by_name (reader, "New"));
  g_assert_null (pb_connector_store_find_by_name (reader, "Doomed"));
}

/* First start: no folder, no file. Another program creating the first connector shows up. */
static void
test_monitor_first_start (void)
{
  g_autofree char *path = g_build_filename (pb_test_root (), "first-start", "plugboard", "connectors.json", NULL);
  g_autoptr (PbConnectorStore) gui = pb_test_open_connector_store (path, 0);
  g_autoptr (PbConnectorStore) cli = pb_test_open_connector_store (path, 0);
  g_autoptr (GError) error = NULL;

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (gui)), ==, 0);
  g_assert_nonnull (pb_connector_store_create (cli, "First", PB_CONNECTOR_KIND_API_KEY, &error));
  g_assert_no_error (error);

  while (pb_connector_store_find_by_name (gui, "First") == NULL)
    wait_for_signal (gui, "reloaded");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (gui)), ==, 1);
  g_assert_null (pb_connector_store_find_by_name (gui, "\xff invalid"));
}

static void
test_names (void)
{
  g_autofree char *path = pb_test_fresh_connectors_path ("store");
  g_autoptr (PbConnectorStore) store = pb_test_open_connector_store (path, 0);
  g_autoptr (GError) error = NULL;
  g_autofree char *checked = NULL;
  PbConnector *hub, *other;

  hub = pb_connector_store_create (store, "HubSpot API", PB_CONNECTOR_KIND_API_KEY, &error);
  g_assert_no_error (error);

  g_assert_null (pb_connector_store_create (store, "", PB_CONNECTOR_KIND_API_KEY, &error));
  g_assert_error (error, PB_ERROR, PB_ERROR_INVALID_NAME);
  g_clear_error (&error);
  g_assert_null (pb_connector_store_create (store, " \t ", PB_CONNECTOR_KIND_API_KEY, &error));
  g_assert_error (error, PB_ERROR, PB_ERROR_INVALID_NAME);
  g_clear_error (&error);
  g_assert_null (pb_connector_store_create (store, "two\nlines", PB_CONNECTOR_KIND_API_KEY, &error));
  g_assert_error (error, PB_ERROR, PB_ERROR_INVALID_NAME);
  g_clear_error (&error);
  g_assert_null (pb_connector_store_create (store, "  hubspot api ", PB_CONNECTOR_KIND_API_KEY, &error));
  g_assert_error (error, PB_ERROR, PB_ERROR_DUPLICATE_NAME);
  g_assert_nonnull (strstr (error->message, "HubSpot API"));
  g_clear_error (&error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 1);

  checked = pb_connector_store_check_name (store, "  Trimmed  ", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (checked, ==, "Trimmed");

  /* Renaming to its own name in other letters is fine; to another's name is not. */
  g_assert_true (pb_connector_store_rename (store, hub, "HUBSPOT api", &error));
  g_assert_no_error (error);
  g_assert_cmpstr (pb_connector_get_name (hub), ==, "HUBSPOT api");
  other = pb_connector_store_create (store, "Other", PB_CONNECTOR_KIND_API_KEY, &error);
  g_assert_no_error (error);
  g_assert_false (pb_connector_store_rename (store, other, "hubspot API", &error));
  g_assert_error (error, PB_ERROR, PB_ERROR_DUPLICATE_NAME);
  g_clear_error (&error);
  g_assert_false (pb_connector_store_rename (store, other, "   ", &error));
  g_assert_error (error, PB_ERROR, PB_ERROR_INVALID_NAME);
  g_clear_error (&error);
  g_assert_cmpstr (pb_connector_get_name (other), ==, "Other");
}

static void
on_items_changed (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  GString    *log)
{
  g_string_append_printf (log, "%u-%u+%u ", position, removed, added);
}

static void
test_model_stays_sorted (void)
{
  g_autofree char *path = pb_test_fresh_connectors_path ("store");
  g_autoptr (PbConnectorStore) store = pb_test_open_connector_store (path, 0);
  g_autoptr (GString) log = g_string_new ("");
  g_autoptr (GError) error = NULL;
  PbConnector *b;

  pb_connector_store_create (store, "a", PB_CONNECTOR_KIND_API_KEY, &error);
  b = pb_connector_store_create (store, "b", PB_CONNECTOR_KIND_API_KEY, &error);
  pb_connector_store_create (store, "c", PB_CONNECTOR_KIND_API_KEY, &error);
  g_assert_no_error (error);

  g_signal_connect (store, "items-changed", G_CALLBACK (on_items_changed), log);
  g_assert_true (pb_connector_store_rename (store, b, "z", &error));
  g_assert_cmpstr (log->str, ==, "1-1+0 2-0+1 ");
  g_assert_cmpstr (name_at (store, 0), ==, "a");
  g_assert_cmpstr (name_at (store, 1), ==, "c");
  g_assert_cmpstr (name_at (store, 2), ==, "z");

  g_assert_true (pb_connector_store_delete_sync (store, b, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (log->str, ==, "1-1+0 2-0+1 2-1+0 ");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 2);
}

static void
lookup_secret (PbVault    *vault,
               const char *id,
               const char *field,
               const char *expected)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PbVaultSecret) value = pb_vault_lookup_sync (vault, id, field, NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (value, ==, expected);
}

/* A hand-made API Key connector is ready once its key is stored; one set up from a catalog
 * definition may need more than its key, so storing the key alone does not make it ready. */
static void
test_secret_readiness (void)
{
  g_autofree char *path = pb_test_fresh_connectors_path ("store");
  g_autoptr (PbConnectorStore) store = pb_test_open_connector_store (path, 0);
  g_autoptr (GError) error = NULL;
  PbConnector *plain, *catalog;

  plain = pb_connector_store_create (store, "Plain", PB_CONNECTOR_KIND_API_KEY, &error);
  g_assert_no_error (error);
  catalog = pb_connector_store_create (store, "From Catalog", PB_CONNECTOR_KIND_API_KEY, &error);
  g_assert_no_error (error);
  pb_connector_set_definition_id (catalog, "zendesk");

  g_assert_true (pb_connector_store_set_secret_sync (store, plain, PB_SECRET_API_KEY, "k-1", NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (pb_connector_get_state (plain), ==, PB_CONNECTOR_STATE_READY);

  g_assert_true (pb_connector_store_set_secret_sync (store, catalog, PB_SECRET_API_KEY, "k-2", NULL, &error));
  g_assert_no_error (error);
  g_assert_true (pb_connector_has_secret (catalog, PB_SECRET_API_KEY));
  g_assert_cmpint (pb_connector_get_state (catalog), ==, PB_CONNECTOR_STATE_NEEDS_SETUP);
}

static void
test_secrets (void)
{
  g_autofree char *path = pb_test_fresh_connectors_path ("store");
  g_autoptr (PbConnectorStore) store = pb_test_open_connector_store (path, 0);
  g_autoptr (GError) error = NULL;
  g_autofree char *uuid = g_uuid_string_random ();
  g_autofree char *canary = g_strdup_printf ("canary-%s", uuid);
  g_autofree char *id = NULL;
  g_autofree char *contents = NULL;
  PbVault *vault = pb_connector_store_get_vault (store);
  PbConnector *key, *oauth;

  key = pb_connector_store_create (store, "Keyed", PB_CONNECTOR_KIND_API_KEY, &error);
  oauth = pb_connector_store_create (store, "OAuthed", PB_CONNECTOR_KIND_OAUTH2, &error);
  g_assert_no_error (error);
  id = g_strdup (pb_connector_get_id (key));

  /* Fields the kind does not use, and empty secrets, are refused before the keyring. */
  g_assert_false (pb_connector_store_set_secret_sync (store, key, PB_SECRET_CLIENT_SECRET, canary, NULL, &error));
  g_assert_error (error, PB_ERROR, PB_ERROR_INVALID_ARGUMENT);
  g_assert_null (strstr (error->message, canary));
  g_clear_error (&error);
  g_assert_false (pb_connector_store_set_secret_sync (store, key, "favourite-colour", canary, NULL, &error));
  g_assert_error (error, PB_ERROR, PB_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (pb_connector_store_set_secret_sync (store, key, PB_SECRET_API_KEY, "", NULL, &error));
  g_assert_error (error, PB_ERROR, PB_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (pb_connector_has_secret (key, PB_SECRET_API_KEY));

  g_assert_true (pb_connector_store_set_secret_sync (store, key, PB_SECRET_API_KEY, canary, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (pb_connector_has_secret (key, PB_SECRET_API_KEY));
  /* The key is all an API Key connector needs. */
  g_assert_cmpint (pb_connector_get_state (key), ==, PB_CONNECTOR_STATE_READY);
  g_assert_true (pb_connector_store_set_secret_sync (store, oauth, PB_SECRET_CLIENT_SECRET, canary, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (pb_connector_store_set_secret_sync (store, oauth, PB_SECRET_REFRESH_TOKEN, "rt-1", NULL, &error));
  g_assert_no_error (error);
  lookup_secret (vault, id, PB_SECRET_API_KEY, canary);
  /* OAuth connectors are ready once signed in, not when the client secret is stored. */
  g_assert_cmpint (pb_connector_get_state (oauth), ==, PB_CONNECTOR_STATE_NEEDS_SETUP);

  /* The file knows which fields are set, never their values. */
  contents = pb_test_read_file (path);
  g_assert_nonnull (strstr (contents, "\"api-key\""));
  g_assert_null (strstr (contents, canary));
  g_assert_null (strstr (contents, "rt-1"));

  g_assert_true (pb_connector_store_delete_sync (store, key, NULL, &error));
  g_assert_no_error (error);
  lookup_secret (vault, id, PB_SECRET_API_KEY, NULL);
  /* The other connector's secrets are untouched. */
  lookup_secret (vault, pb_connector_get_id (oauth), PB_SECRET_CLIENT_SECRET, canary);

  g_assert_cmpuint (pb_test_assert_tree_lacks (pb_test_root (), canary), >, 0);
}

static void
async_done (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static void
test_secrets_async (void)
{
  g_autofree char *path = pb_test_fresh_connectors_path ("store");
  g_autoptr (PbConnectorStore) store = pb_test_open_connector_store (path, 0);
  g_autoptr (GError) error = NULL;
  g_autoptr (GAsyncResult) result = NULL;
  g_autofree char *id = NULL;
  PbConnector *c;

  c = pb_connector_store_create (store, "Async", PB_CONNECTOR_KIND_BASIC, &error);
  g_assert_no_error (error);
  id = g_strdup (pb_connector_get_id (c));

  pb_connector_store_set_secret_async (store, c, PB_SECRET_PASSWORD, "hunter2-async", NULL, async_done, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (pb_connector_store_set_secret_finish (store, result, &error));
  g_assert_no_error (error);
  g_assert_true (pb_connector_has_secret (c, PB_SECRET_PASSWORD));
  lookup_secret (pb_connector_store_get_vault (store), id, PB_SECRET_PASSWORD, "hunter2-async");
  g_clear_object (&result);

  pb_connector_store_set_secret_async (store, c, PB_SECRET_API_KEY, "x", NULL, async_done, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (pb_connector_store_set_secret_finish (store, result, &error));
  g_assert_error (error, PB_ERROR, PB_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_clear_object (&result);

  pb_connector_store_delete_async (store, c, NULL, async_done, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (pb_connector_store_delete_finish (store, result, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 0);
  lookup_secret (pb_connector_store_get_vault (store), id, PB_SECRET_PASSWORD, NULL);
}

/* A URL with "user:password@" never reaches the file, whoever set it. */
static void
test_no_credential_in_file (void)
{
  g_autofree char *path = pb_test_fresh_connectors_path ("store");
  g_autoptr (PbConnectorStore) store = pb_test_open_connector_store (path, 0);
  g_autoptr (GError) error = NULL;
  g_autofree char *contents = NULL;
  PbConnector *c;

  c = pb_connector_store_create (store, "Leaky", PB_CONNECTOR_KIND_BASIC, &error);
  g_assert_no_error (error);
  pb_connector_set_base_url (c, "https://ada:pw-canary-store@api.example.com/v1");
  g_assert_false (pb_connector_store_save (store, &error));
  g_assert_error (error, PB_ERROR, PB_ERROR_INVALID_URL);
  g_assert_nonnull (strstr (error->message, "Leaky"));
  g_assert_null (strstr (error->message, "pw-canary-store"));
  g_clear_error (&error);
  contents = pb_test_read_file (path);
  g_assert_null (strstr (contents, "pw-canary-store"));
  g_clear_pointer (&contents, g_free);

  /* Also in the OAuth URLs; and once fixed, the save goes through. */
  pb_connector_set_base_url (c, "https://api.example.com/v1");
  g_assert_true (pb_connector_store_save (store, &error));
  g_assert_no_error (error);
  c = pb_connector_store_create (store, "Leaky OAuth", PB_CONNECTOR_KIND_OAUTH2, &error);
  g_assert_no_error (error);
  pb_connector_set_token_url (c, "https://id:pw-canary-token@auth.example.com/token");
  g_assert_false (pb_connector_store_save (store, &error));
  g_assert_error (error, PB_ERROR, PB_ERROR_INVALID_URL);
  g_clear_error (&error);
  contents = pb_test_read_file (path);
  g_assert_null (strstr (contents, "pw-canary-token"));
  g_assert_nonnull (strstr (contents, "https://api.example.com/v1"));
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/store/default-path", test_default_path);
  g_test_add_func ("/store/round-trip", test_round_trip);
  g_test_add_func ("/store/autosave", test_autosave);
  g_test_add_func ("/store/dispose-saves", test_dispose_saves);
  g_test_add_func ("/store/atomic-write-failure", test_atomic_write_failure);
  g_test_add_func ("/store/broken/corrupt-json", test_corrupt_json);
  g_test_add_func ("/store/broken/empty-file", test_empty_file);
  g_test_add_func ("/store/broken/truncated", test_truncated);
  g_test_add_func ("/store/broken/wrong-types", test_wrong_types);
  g_test_add_func ("/store/broken/wrong-structure", test_wrong_structure);
  g_test_add_func ("/store/broken/future-version", test_future_version);
  g_test_add_func ("/store/broken/never-overwritten", test_broken_never_overwritten);
  g_test_add_func ("/store/second-writer", test_second_writer);
  g_test_add_func ("/store/monitor-keeps-local-edits", test_monitor_keeps_local_edits);
  g_test_add_func ("/store/monitor-first-start", test_monitor_first_start);
  g_test_add_func ("/store/names", test_names);
  g_test_add_func ("/store/model-stays-sorted", test_model_stays_sorted);
  g_test_add_func ("/store/secrets", test_secrets);
  g_test_add_func ("/store/secret-readiness", test_secret_readiness);
  g_test_add_func ("/store/secrets-async", test_secrets_async);
  g_test_add_func ("/store/no-credential-in-file", test_no_credential_in_file);
  return g_test_run ();
}
