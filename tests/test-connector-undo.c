/* test-connector-undo.c: what a connector keeps and gets back — its last connection test in
 * the connectors file (cleared by the changes it depended on), and a delete with Undo that
 * loses nothing until it is committed. Real file system and real keyring.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include <glib/gstdio.h>

#include "pb-connector-store.h"
#include "pb-error.h"
#include "pb-test-util.h"

#define KEY "undo-CANARY-0123456789abcdef"

static PbConnector *
round_trip (PbConnector *connector)
{
  g_autoptr (JsonNode) node = pb_connector_to_json (connector);
  g_autoptr (GError) error = NULL;
  PbConnector *copy = pb_connector_new_from_json (node, &error);

  g_assert_no_error (error);
  return copy;
}

/* --- The last test ------------------------------------------------------------ */

static void
test_last_test_kept (void)
{
  g_autoptr (PbConnector) connector = pb_connector_new ("Acme", PB_CONNECTOR_KIND_API_KEY);
  g_autoptr (PbConnector) copy = NULL;
  g_autoptr (JsonNode) node = NULL;
  g_autofree char *json = NULL;
  guint status = 0;
  gint64 time = 0;

  g_assert_null (pb_connector_get_last_test (connector, NULL, NULL));
  pb_connector_set_state (connector, PB_CONNECTOR_STATE_NEEDS_ATTENTION,
                          "Acme refused the API key (401 Unauthorized).");
  pb_connector_set_last_test (connector, "refused", 401, 1700000000000000);
  copy = round_trip (connector);
  g_assert_cmpstr (pb_connector_get_last_test (copy, &status, &time), ==, "refused");
  g_assert_cmpuint (status, ==, 401);
  g_assert_cmpint (time, ==, 1700000000000000);

  /* Codes and numbers only: no words of the result beyond the state message it always had. */
  node = pb_connector_to_json (connector);
  json = json_to_string (node, FALSE);
  g_assert_nonnull (strstr (json, "\"last-test\":{\"outcome\":\"refused\",\"status\":401,"
                                  "\"time\":1700000000000000}"));
}

static void
test_last_test_old_and_bad_files (void)
{
  const char *entries[] = {
    /* Written before the last test was kept. */
    "{\"id\":\"a\",\"name\":\"Old\",\"kind\":\"api-key\",\"state\":\"ready\"}",
    /* Damaged in each way: the entry still loads, untested. */
    "{\"id\":\"b\",\"name\":\"B\",\"kind\":\"api-key\",\"last-test\":\"ok\"}",
    "{\"id\":\"c\",\"name\":\"C\",\"kind\":\"api-key\",\"last-test\":{\"outcome\":4}}",
    "{\"id\":\"d\",\"name\":\"D\",\"kind\":\"api-key\",\"last-test\":{\"outcome\":\"ok\","
    "\"status\":-3,\"time\":5}}",
    "{\"id\":\"e\",\"name\":\"E\",\"kind\":\"api-key\",\"last-test\":{\"outcome\":\"Bearer x\","
    "\"status\":200,\"time\":5}}",
    "{\"id\":\"f\",\"name\":\"F\",\"kind\":\"api-key\",\"last-test\":{\"outcome\":\"ok\","
    "\"status\":200}}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (entries); i++)
    {
      g_autoptr (JsonNode) node = json_from_string (entries[i], NULL);
      g_autoptr (GError) error = NULL;
      g_autoptr (PbConnector) connector = pb_connector_new_from_json (node, &error);

      g_assert_no_error (error);
      g_assert_nonnull (connector);
      g_assert_null (pb_connector_get_last_test (connector, NULL, NULL));
    }
}

static void
notify_count_cb (GObject    *object,
                 GParamSpec *pspec,
                 guint      *count)
{
  (*count)++;
}

static void
test_last_test_cleared (void)
{
  static const char *const depended_on[] = {
    "base-url", "auth-header", "auth-prefix", "auth-query-param", "username", "client-id",
    "auth-url", "token-url", "scopes", "redirect-uri",
  };
  g_autoptr (PbConnector) connector = pb_connector_new ("Acme", PB_CONNECTOR_KIND_API_KEY);
  guint notified = 0;

  g_signal_connect (connector, "notify::last-test-time", G_CALLBACK (notify_count_cb), &notified);
  for (guint i = 0; i < G_N_ELEMENTS (depended_on); i++)
    {
      pb_connector_set_state (connector, PB_CONNECTOR_STATE_NEEDS_ATTENTION, "Refused.");
      pb_connector_set_last_test (connector, "refused", 401, g_get_real_time ());
      g_object_set (connector, depended_on[i], "x-changed", NULL);
      g_test_message ("%s", depended_on[i]);
      g_assert_null (pb_connector_get_last_test (connector, NULL, NULL));
      /* "The last test failed" no longer describes these settings. */
      g_assert_cmpint (pb_connector_get_state (connector), ==, PB_CONNECTOR_STATE_READY);
      g_assert_null (pb_connector_get_state_message (connector));
    }
  g_assert_cmpuint (notified, ==, 2 * G_N_ELEMENTS (depended_on));

  /* A catalog setting and the type are settings too. */
  pb_connector_set_last_test (connector, "ok", 200, g_get_real_time ());
  pb_connector_set_setting (connector, "region", "eu");
  g_assert_null (pb_connector_get_last_test (connector, NULL, NULL));
  pb_connector_set_last_test (connector, "ok", 200, g_get_real_time ());
  pb_connector_set_kind (connector, PB_CONNECTOR_KIND_BASIC);
  g_assert_null (pb_connector_get_last_test (connector, NULL, NULL));

  /* The name and the state are not what the test depended on; setting the same value is not
   * a change. */
  pb_connector_set_last_test (connector, "ok", 200, g_get_real_time ());
  pb_connector_set_name (connector, "Acme Production");
  pb_connector_set_state (connector, PB_CONNECTOR_STATE_READY, NULL);
  pb_connector_set_base_url (connector, "x-changed");
  g_assert_cmpstr (pb_connector_get_last_test (connector, NULL, NULL), ==, "ok");
}

/* Replacing the key clears the result; a token refresh does not; the store reads it back. */
static void
test_last_test_in_store (void)
{
  g_autofree char *path = pb_test_fresh_connectors_path ("undo");
  g_autoptr (PbConnectorStore) store = pb_test_open_connector_store (path, 10);
  g_autoptr (PbConnectorStore) again = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *contents = NULL;
  PbConnector *connector, *oauth, *read_back;
  guint status = 0;

  connector = pb_connector_store_create (store, "Keyed", PB_CONNECTOR_KIND_API_KEY, &error);
  oauth = pb_connector_store_create (store, "Signed", PB_CONNECTOR_KIND_OAUTH2, &error);
  g_assert_no_error (error);
  g_assert_true (pb_connector_store_set_secret_sync (store, connector, PB_SECRET_API_KEY, KEY,
                                                     NULL, &error));
  pb_connector_set_last_test (connector, "forbidden", 403, g_get_real_time ());
  pb_connector_set_last_test (oauth, "ok", 200, g_get_real_time ());
  g_assert_true (pb_connector_store_flush (store, &error));
  g_assert_no_error (error);

  again = pb_test_open_connector_store (path, 10);
  read_back = pb_connector_store_find_by_name (again, "Keyed");
  g_assert_cmpstr (pb_connector_get_last_test (read_back, &status, NULL), ==, "forbidden");
  g_assert_cmpuint (status, ==, 403);
  contents = pb_test_read_file (path);
  g_assert_null (strstr (contents, KEY));

  g_assert_true (pb_connector_store_set_secret_sync (store, oauth, PB_SECRET_ACCESS_TOKEN,
                                                     "token-1", NULL, &error));
  g_assert_cmpstr (pb_connector_get_last_test (oauth, NULL, NULL), ==, "ok");
  g_assert_true (pb_connector_store_set_secret_sync (store, connector, PB_SECRET_API_KEY,
                                                     KEY "-new", NULL, &error));
  g_assert_no_error (error);
  g_assert_null (pb_connector_get_last_test (connector, NULL, NULL));
  g_clear_pointer (&contents, g_free);
  contents = pb_test_read_file (path);
  g_assert_null (strstr (contents, "forbidden"));
}

/* --- Delete with Undo --------------------------------------------------------- */

static void
assert_secret (PbConnectorStore *store,
               const char       *id,
               const char       *expected)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *secret = pb_vault_lookup_sync (pb_connector_store_get_vault (store), id,
                                                  PB_SECRET_API_KEY, NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (secret, ==, expected);
}

static PbConnector *
make_keyed (PbConnectorStore *store,
            const char       *name)
{
  g_autoptr (GError) error = NULL;
  PbConnector *connector = pb_connector_store_create (store, name, PB_CONNECTOR_KIND_API_KEY,
                                                      &error);

  g_assert_no_error (error);
  pb_connector_set_base_url (connector, "https://api.example.com");
  g_assert_true (pb_connector_store_set_secret_sync (store, connector, PB_SECRET_API_KEY, KEY,
                                                     NULL, &error));
  pb_connector_set_last_test (connector, "ok", 200, g_get_real_time ());
  g_assert_true (pb_connector_store_flush (store, &error));
  g_assert_no_error (error);
  return connector;
}

static gboolean
file_has (const char *path,
          const char *text)
{
  g_autofree char *contents = pb_test_read_file (path);

  return strstr (contents, text) != NULL;
}

static void
test_undo_loses_nothing (void)
{
  g_autofree char *path = pb_test_fresh_connectors_path ("undo");
  g_autoptr (PbConnectorStore) store = pb_test_open_connector_store (path, 10);
  g_autoptr (PbConnector) held = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *id = NULL;
  PbConnector *connector, *other;

  connector = make_keyed (store, "Doomed");
  held = g_object_ref (connector);
  other = make_keyed (store, "Other");
  id = g_strdup (pb_connector_get_id (connector));

  pb_connector_store_delete_later (store, connector);
  g_assert_true (pb_connector_store_get_delete_pending (store, connector));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 1);
  g_assert_null (pb_connector_store_find_by_name (store, "Doomed"));
  /* Its name stays taken while Undo can bring it back. */
  g_assert_null (pb_connector_store_create (store, "doomed", PB_CONNECTOR_KIND_API_KEY, &error));
  g_assert_error (error, PB_ERROR, PB_ERROR_DUPLICATE_NAME);
  g_clear_error (&error);

  /* Saves meanwhile (another connector edited) keep its entry; the keyring keeps its key. */
  pb_connector_set_base_url (other, "https://other.example.com");
  PB_TEST_WAIT_FOR (!pb_connector_store_get_dirty (store), 10);
  g_assert_true (file_has (path, id));
  g_assert_true (file_has (path, "other.example.com"));
  assert_secret (store, id, KEY);
  /* Another program sees it still there. */
  {
    g_autoptr (PbConnectorStore) reader = pb_test_open_connector_store (path, 10);

    g_assert_nonnull (pb_connector_store_find_by_name (reader, "Doomed"));
  }

  g_assert_true (pb_connector_store_undo_delete (store, connector, &error));
  g_assert_no_error (error);
  g_assert_false (pb_connector_store_get_delete_pending (store, connector));
  g_assert_true (pb_connector_store_find_by_name (store, "Doomed") == connector);
  g_assert_true (pb_connector_store_find_by_id (store, id) == connector);
  g_assert_cmpstr (pb_connector_get_base_url (connector), ==, "https://api.example.com");
  g_assert_cmpstr (pb_connector_get_last_test (connector, NULL, NULL), ==, "ok");
  g_assert_true (pb_connector_has_secret (connector, PB_SECRET_API_KEY));
  assert_secret (store, id, KEY);
  /* Edits after the undo are saved as before. */
  pb_connector_set_base_url (connector, "https://back.example.com");
  PB_TEST_WAIT_FOR (!pb_connector_store_get_dirty (store), 10);
  g_assert_true (file_has (path, "back.example.com"));

  /* Undo twice: the second has nothing to bring back. */
  g_assert_false (pb_connector_store_undo_delete (store, connector, &error));
  g_assert_error (error, PB_ERROR, PB_ERROR_NOT_FOUND);
}

typedef struct {
  gboolean done;
  gboolean ok;
} Wait;

static void
deleted_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Wait *wait = user_data;
  g_autoptr (GError) error = NULL;

  wait->ok = pb_connector_store_delete_finish (PB_CONNECTOR_STORE (source), result, &error);
  g_assert_no_error (error);
  wait->done = TRUE;
}

static void
test_commit_deletes (void)
{
  g_autofree char *path = pb_test_fresh_connectors_path ("undo");
  g_autoptr (PbConnectorStore) store = pb_test_open_connector_store (path, 10);
  g_autoptr (GError) error = NULL;
  g_autofree char *id = NULL;
  g_autoptr (PbConnector) held = NULL;
  PbConnector *connector;
  Wait wait = { 0 };

  connector = make_keyed (store, "Doomed");
  held = g_object_ref (connector);
  id = g_strdup (pb_connector_get_id (connector));
  pb_connector_store_delete_later (store, connector);
  pb_connector_store_delete_async (store, connector, NULL, deleted_cb, &wait);
  PB_TEST_WAIT_FOR (wait.done, 10);
  g_assert_true (wait.ok);
  g_assert_false (file_has (path, id));
  assert_secret (store, id, NULL);
  g_assert_false (pb_connector_store_undo_delete (store, connector, &error));
  g_clear_error (&error);
  /* The name is free again. */
  g_assert_nonnull (pb_connector_store_create (store, "Doomed", PB_CONNECTOR_KIND_API_KEY,
                                               &error));
  g_assert_no_error (error);
}

/* Quitting with the toast still up finishes the delete, as the user asked. */
static void
test_flush_commits (void)
{
  g_autofree char *path = pb_test_fresh_connectors_path ("undo");
  g_autoptr (PbConnectorStore) store = pb_test_open_connector_store (path, 10);
  g_autoptr (GError) error = NULL;
  g_autofree char *id = NULL;
  PbConnector *connector;

  connector = make_keyed (store, "Doomed");
  id = g_strdup (pb_connector_get_id (connector));
  pb_connector_store_delete_later (store, connector);
  g_assert_true (file_has (path, id));
  g_assert_true (pb_connector_store_flush (store, &error));
  g_assert_no_error (error);
  g_assert_false (file_has (path, id));
  assert_secret (store, id, NULL);
}

/* Never committed (the app was killed): the connector and its key are still there. */
static void
test_uncommitted_stays (void)
{
  g_autofree char *path = pb_test_fresh_connectors_path ("undo");
  g_autoptr (PbConnectorStore) store = pb_test_open_connector_store (path, 10);
  g_autoptr (PbConnectorStore) next = NULL;
  g_autofree char *id = NULL;
  PbConnector *connector;

  connector = make_keyed (store, "Doomed");
  id = g_strdup (pb_connector_get_id (connector));
  pb_connector_store_delete_later (store, connector);
  g_clear_object (&store);
  next = pb_test_open_connector_store (path, 10);
  g_assert_nonnull (pb_connector_store_find_by_id (next, id));
  assert_secret (next, id, KEY);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/connector/last-test/kept", test_last_test_kept);
  g_test_add_func ("/connector/last-test/old-and-bad-files", test_last_test_old_and_bad_files);
  g_test_add_func ("/connector/last-test/cleared", test_last_test_cleared);
  g_test_add_func ("/store/last-test", test_last_test_in_store);
  g_test_add_func ("/store/delete-later/undo-loses-nothing", test_undo_loses_nothing);
  g_test_add_func ("/store/delete-later/commit", test_commit_deletes);
  g_test_add_func ("/store/delete-later/flush-commits", test_flush_commits);
  g_test_add_func ("/store/delete-later/uncommitted-stays", test_uncommitted_stays);
  return g_test_run ();
}
