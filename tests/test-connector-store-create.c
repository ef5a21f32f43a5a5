/* test-connector-store-create.c: creating and renaming connectors without blocking, on the real
 * file system: the file holds the change, a taken name is refused while the first write runs,
 * and a failed write takes the change back and says so.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include <glib/gstdio.h>

#include "pb-connector-store.h"
#include "pb-error.h"
#include "pb-test-util.h"

#define WAIT_FOR(expr) PB_TEST_WAIT_FOR (expr, 20)

/* While a test has the data folder replaced by a file, the store's file monitor may try to
 * re-read the file and warn that it cannot: expected then, and only then. */
static gboolean folder_broken;

static gboolean
allow_reload_warning (const char     *domain,
                      GLogLevelFlags  level,
                      const char     *message,
                      gpointer        user_data)
{
  return !(folder_broken && (level & G_LOG_LEVEL_WARNING) && strstr (message, "Could not open"));
}

static char *
fresh_path (void)
{
  static guint counter;
  g_autofree char *dir = g_strdup_printf ("%s/store-create-%u", pb_test_root (), ++counter);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  return g_build_filename (dir, "connectors.json", NULL);
}

static PbConnectorStore *
open_store (const char *path)
{
  g_autoptr (GError) error = NULL;
  PbConnectorStore *store = pb_connector_store_new (path, NULL);

  g_assert_true (pb_connector_store_load (store, &error));
  g_assert_no_error (error);
  /* Only the writes a test asks for run. */
  pb_connector_store_set_autosave_delay (store, 600000);
  return store;
}

static void
keep_result (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static PbConnector *
create (PbConnectorStore *store,
        const char       *name,
        GError          **error)
{
  g_autoptr (GAsyncResult) result = NULL;

  pb_connector_store_create_async (store, name, PB_CONNECTOR_KIND_API_KEY, NULL, keep_result,
                                   &result);
  WAIT_FOR (result != NULL);
  return pb_connector_store_create_finish (store, result, error);
}

static gboolean
rename_connector (PbConnectorStore *store,
                  PbConnector      *connector,
                  const char       *name,
                  GError          **error)
{
  g_autoptr (GAsyncResult) result = NULL;

  pb_connector_store_rename_async (store, connector, name, NULL, keep_result, &result);
  WAIT_FOR (result != NULL);
  return pb_connector_store_rename_finish (store, result, error);
}

/* A create and a rename are in the file when they answer; a second create with the same name
 * while the first is being written (a double click) is refused and makes nothing. */
static void
test_create_and_rename (void)
{
  g_autofree char *path = fresh_path ();
  g_autoptr (PbConnectorStore) store = open_store (path);
  g_autoptr (PbConnectorStore) reader = NULL;
  g_autoptr (PbConnector) alpha = NULL;
  g_autoptr (PbConnector) gamma = NULL;
  g_autoptr (GAsyncResult) first = NULL;
  g_autoptr (GAsyncResult) second = NULL;
  g_autoptr (GError) error = NULL;

  pb_connector_store_create_async (store, "Alpha", PB_CONNECTOR_KIND_API_KEY, NULL, keep_result,
                                   &first);
  pb_connector_store_create_async (store, " alpha ", PB_CONNECTOR_KIND_API_KEY, NULL,
                                   keep_result, &second);
  /* Both answer from the main loop, never before the call returns. */
  g_assert_null (first);
  g_assert_null (second);
  WAIT_FOR (first != NULL && second != NULL);
  alpha = pb_connector_store_create_finish (store, first, &error);
  g_assert_no_error (error);
  g_assert_nonnull (alpha);
  g_assert_null (pb_connector_store_create_finish (store, second, &error));
  g_assert_error (error, PB_ERROR, PB_ERROR_DUPLICATE_NAME);
  g_clear_error (&error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 1);
  g_assert_true (pb_connector_store_find_by_name (store, "Alpha") == alpha);
  /* The same defaults as every other way of making one. */
  g_assert_cmpstr (pb_connector_get_auth_header (alpha), ==, "Authorization");
  g_assert_cmpstr (pb_connector_get_auth_prefix (alpha), ==, "Bearer");

  reader = open_store (path);
  g_assert_nonnull (pb_connector_store_find_by_name (reader, "Alpha"));
  g_clear_object (&reader);

  /* Renamed: in the file under the new name only. */
  g_assert_true (rename_connector (store, alpha, "Beta", &error));
  g_assert_no_error (error);
  g_assert_cmpstr (pb_connector_get_name (alpha), ==, "Beta");
  reader = open_store (path);
  g_assert_nonnull (pb_connector_store_find_by_name (reader, "Beta"));
  g_assert_null (pb_connector_store_find_by_name (reader, "Alpha"));
  g_clear_object (&reader);

  /* Another connector's name, or no name at all: refused, nothing changes. */
  gamma = create (store, "Gamma", &error);
  g_assert_no_error (error);
  g_assert_false (rename_connector (store, alpha, "GAMMA", &error));
  g_assert_error (error, PB_ERROR, PB_ERROR_DUPLICATE_NAME);
  g_clear_error (&error);
  g_assert_false (rename_connector (store, alpha, "   ", &error));
  g_assert_error (error, PB_ERROR, PB_ERROR_INVALID_NAME);
  g_clear_error (&error);
  g_assert_null (create (store, "", &error));
  g_assert_error (error, PB_ERROR, PB_ERROR_INVALID_NAME);
  g_clear_error (&error);
  g_assert_cmpstr (pb_connector_get_name (alpha), ==, "Beta");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 2);
  g_assert_false (pb_connector_store_get_dirty (store));
}

/* The data folder cannot be written (it is gone, a file in its place): the create answers with a storage error that says the
 * connector was not added, and it is not in the list; a rename puts the old name back. Once
 * the folder can be written again, nothing of either is left behind. */
static void
test_unwritable_folder (void)
{
  g_autofree char *path = fresh_path ();
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *moved = g_strconcat (dir, ".moved", NULL);
  g_autoptr (PbConnectorStore) store = open_store (path);
  g_autoptr (PbConnectorStore) reader = NULL;
  g_autoptr (PbConnector) kept = NULL;
  g_autoptr (PbConnector) lost = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GError) rename_error = NULL;
  gboolean renamed;

  kept = create (store, "Kept", &error);
  g_assert_no_error (error);

  /* The folder is replaced by a plain file: no writing there, not even as root. */
  g_test_log_set_fatal_handler (allow_reload_warning, NULL);   /* GLib resets it per test */
  g_assert_cmpint (g_rename (dir, moved), ==, 0);
  g_assert_true (g_file_set_contents (dir, "not a folder", -1, NULL));
  folder_broken = TRUE;
  lost = create (store, "Lost", &error);
  renamed = rename_connector (store, kept, "Renamed", &rename_error);
  g_assert_cmpint (g_unlink (dir), ==, 0);
  g_assert_cmpint (g_rename (moved, dir), ==, 0);
  pb_test_settle (300);
  folder_broken = FALSE;

  g_assert_null (lost);
  /* Its own code and advice: the file in the way is named, no talk of permissions. */
  g_assert_error (error, PB_ERROR, PB_ERROR_NOT_A_FOLDER);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, dir));
  g_assert_nonnull (strstr (error->message, "Rename or move that file"));
  g_assert_null (strstr (error->message, "permission"));
  g_assert_nonnull (strstr (error->message, "The connector was not added."));
  g_assert_null (pb_connector_store_find_by_name (store, "Lost"));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 1);
  g_assert_false (renamed);
  g_assert_error (rename_error, PB_ERROR, PB_ERROR_NOT_A_FOLDER);
  g_assert_nonnull (strstr (rename_error->message, "The name was not changed."));
  g_assert_cmpstr (pb_connector_get_name (kept), ==, "Kept");
  g_assert_true (pb_connector_store_find_by_name (store, "Kept") == kept);
  g_clear_error (&error);

  /* The name Lost is free again, and the file never held Renamed. */
  reader = open_store (path);
  g_assert_null (pb_connector_store_find_by_name (reader, "Lost"));
  g_assert_null (pb_connector_store_find_by_name (reader, "Renamed"));
  g_assert_nonnull (pb_connector_store_find_by_name (reader, "Kept"));
  g_clear_object (&reader);
  lost = create (store, "Lost", &error);
  g_assert_no_error (error);
  g_assert_nonnull (lost);
}

/* Cancelled before it starts: nothing is made. */
static void
test_cancelled (void)
{
  g_autofree char *path = fresh_path ();
  g_autoptr (PbConnectorStore) store = open_store (path);
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;

  g_cancellable_cancel (cancellable);
  pb_connector_store_create_async (store, "Never", PB_CONNECTOR_KIND_OAUTH2, cancellable,
                                   keep_result, &result);
  WAIT_FOR (result != NULL);
  g_assert_null (pb_connector_store_create_finish (store, result, &error));
  g_assert_error (error, PB_ERROR, PB_ERROR_CANCELLED);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 0);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/store-create/create-and-rename", test_create_and_rename);
  g_test_add_func ("/store-create/unwritable-folder", test_unwritable_folder);
  g_test_add_func ("/store-create/cancelled", test_cancelled);
  return g_test_run ();
}
