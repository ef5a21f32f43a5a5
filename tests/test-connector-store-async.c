/* test-connector-store-async.c: saving the connectors file in a worker, on the real file system
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <fcntl.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "pb-connector-store.h"
#include "pb-error.h"
#include "pb-test-util.h"

/* Connectors in the "large" store (loading sorts them one by one, so not many thousands). */
#define N_LARGE 300

static void
assert_private_file (const char *path)
{
  GStatBuf st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
}

typedef struct {
  GPtrArray *log;       /* char*: what happened, in order */
  guint pending;        /* save_async calls not yet answered */
  guint failed;
} Journal;

static void
journal_init (Journal *j)
{
  j->log = g_ptr_array_new_with_free_func (g_free);
  j->pending = 0;
  j->failed = 0;
}

static void
journal_clear (Journal *j)
{
  g_clear_pointer (&j->log, g_ptr_array_unref);
}

static void
save_done (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  Journal *j = user_data;
  g_autoptr (GError) error = NULL;

  if (!pb_connector_store_save_finish (PB_CONNECTOR_STORE (source), result, &error))
    {
      g_test_message ("save failed: %s", error->message);
      j->failed++;
    }
  g_ptr_array_add (j->log, g_strdup ("save-done"));
  j->pending--;
}

static void
save (PbConnectorStore *store,
      Journal          *j)
{
  j->pending++;
  pb_connector_store_save_async (store, NULL, save_done, j);
}

static void
count_saved (PbConnectorStore *store,
             guint            *count)
{
  (*count)++;
}

/* Two stores on one file (two windows, or the app and a CLI command) save asynchronously and
 * at once, many times over, while a third writes with the blocking save in between: every
 * connector and every last edit is in the file, and the file stays private. */
static void
test_concurrent_saves (void)
{
  g_autofree char *path = pb_test_fresh_connectors_path ("store-async");
  g_autoptr (PbConnectorStore) a = pb_test_open_connector_store (path, 600000);
  g_autoptr (PbConnectorStore) b = pb_test_open_connector_store (path, 600000);
  g_autoptr (PbConnectorStore) c = pb_test_open_connector_store (path, 600000);
  g_autoptr (PbConnectorStore) reader = NULL;
  g_autoptr (GPtrArray) from_a = g_ptr_array_new ();
  g_autoptr (GPtrArray) from_b = g_ptr_array_new ();
  g_autoptr (GError) error = NULL;
  PbConnector *from_c;
  Journal j;
  guint saved_a = 0, calls_a = 0;

  journal_init (&j);
  g_signal_connect (a, "saved", G_CALLBACK (count_saved), &saved_a);

  for (guint i = 0; i < 8; i++)
    {
      g_autofree char *name_a = g_strdup_printf ("A%u", i);
      g_autofree char *name_b = g_strdup_printf ("B%u", i);

      g_ptr_array_add (from_a, pb_connector_store_create (a, name_a, PB_CONNECTOR_KIND_API_KEY,
                                                          &error));
      g_assert_no_error (error);
      g_ptr_array_add (from_b, pb_connector_store_create (b, name_b, PB_CONNECTOR_KIND_API_KEY,
                                                          &error));
      g_assert_no_error (error);
    }
  from_c = pb_connector_store_create (c, "C", PB_CONNECTOR_KIND_API_KEY, &error);
  g_assert_no_error (error);

  for (guint round = 0; round < 6; round++)
    {
      for (guint i = 0; i < from_a->len; i++)
        {
          g_autofree char *url_a = g_strdup_printf ("https://a%u-r%u.example.com", i, round);
          g_autofree char *url_b = g_strdup_printf ("https://b%u-r%u.example.com", i, round);

          pb_connector_set_base_url (g_ptr_array_index (from_a, i), url_a);
          save (a, &j);
          calls_a++;
          pb_connector_set_base_url (g_ptr_array_index (from_b, i), url_b);
          save (b, &j);
        }
      /* A blocking writer in the middle: the async saves must merge it, not overwrite it. */
      {
        g_autofree char *url_c = g_strdup_printf ("https://c-r%u.example.com", round);

        pb_connector_set_base_url (from_c, url_c);
        g_assert_true (pb_connector_store_save (c, &error));
        g_assert_no_error (error);
      }
      g_main_context_iteration (NULL, FALSE);
    }

  PB_TEST_WAIT_FOR (j.pending == 0, 60);
  g_assert_cmpuint (j.failed, ==, 0);
  g_assert_false (pb_connector_store_get_dirty (a));
  g_assert_false (pb_connector_store_get_dirty (b));
  /* Calls made while a save ran shared the next one. */
  g_assert_cmpuint (saved_a, >=, 1);
  g_assert_cmpuint (saved_a, <, calls_a);

  assert_private_file (path);
  reader = pb_test_open_connector_store (path, 600000);
  g_assert_null (pb_connector_store_get_load_warning (reader));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (reader)), ==, 17);
  for (guint i = 0; i < from_a->len; i++)
    {
      g_autofree char *name_a = g_strdup_printf ("A%u", i);
      g_autofree char *name_b = g_strdup_printf ("B%u", i);
      g_autofree char *url_a = g_strdup_printf ("https://a%u-r5.example.com", i);
      g_autofree char *url_b = g_strdup_printf ("https://b%u-r5.example.com", i);

      g_assert_cmpstr (pb_connector_get_base_url (pb_connector_store_find_by_name (reader, name_a)),
                       ==, url_a);
      g_assert_cmpstr (pb_connector_get_base_url (pb_connector_store_find_by_name (reader, name_b)),
                       ==, url_b);
    }
  g_assert_cmpstr (pb_connector_get_base_url (pb_connector_store_find_by_name (reader, "C")), ==,
                   "https://c-r5.example.com");
  /* No temporary file left behind. */
  {
    g_autofree char *dir = g_path_get_dirname (path);
    g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
    const char *name;

    while ((name = g_dir_read_name (d)) != NULL)
      g_assert_true (g_str_equal (name, "connectors.json") ||
                     g_str_equal (name, "connectors.json.lock"));
  }
  journal_clear (&j);
}

typedef struct {
  Journal *journal;
  PbConnectorStore *store;
  PbConnector *connector;
  int lock_fd;
  guint ticks;
} Holder;

/* Runs in the main loop while the save waits for the lock we hold: edits, asks for two more
 * saves, and lets go of the lock on the third tick. */
static gboolean
tick_cb (gpointer user_data)
{
  Holder *h = user_data;

  h->ticks++;
  g_ptr_array_add (h->journal->log, g_strdup_printf ("tick %u", h->ticks));
  if (h->ticks == 1)
    {
      pb_connector_set_base_url (h->connector, "https://edited-during-save.example.com");
      save (h->store, h->journal);
      save (h->store, h->journal);
    }
  if (h->ticks < 3)
    return G_SOURCE_CONTINUE;
  g_ptr_array_add (h->journal->log, g_strdup ("unlock"));
  close (h->lock_fd);
  h->lock_fd = -1;
  return G_SOURCE_REMOVE;
}

/* A save of a large store is under way (held at the file lock, as when another program
 * writes): the main loop keeps turning, edits made meanwhile are written by one more save. */
static void
test_main_loop_turns (void)
{
  g_autofree char *path = pb_test_fresh_connectors_path ("store-async");
  g_autofree char *lock_path = g_strconcat (path, ".lock", NULL);
  g_autoptr (GString) json = g_string_new ("{\"version\":1,\"connectors\":[");
  g_autoptr (PbConnectorStore) store = NULL;
  g_autoptr (PbConnectorStore) reader = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *order = NULL;
  Journal j;
  Holder h = { 0 };
  guint saved = 0;

  /* A large file, a save of some work even without the lock. */
  for (guint i = 0; i < N_LARGE; i++)
    g_string_append_printf (json, "%s{\"id\":\"id-%u\",\"name\":\"Connector %05u\","
                            "\"kind\":\"api-key\",\"base-url\":\"https://c%u.example.com\"}",
                            i == 0 ? "" : ",", i, i, i);
  g_string_append (json, "]}");
  g_assert_true (g_file_set_contents (path, json->str, json->len, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_chmod (path, 0600), ==, 0);

  store = pb_test_open_connector_store (path, 600000);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, N_LARGE);
  g_signal_connect (store, "saved", G_CALLBACK (count_saved), &saved);

  journal_init (&j);
  h.journal = &j;
  h.store = store;
  h.connector = pb_connector_store_find_by_name (store, "Connector 00042");
  g_assert_nonnull (h.connector);

  h.lock_fd = open (lock_path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  g_assert_cmpint (h.lock_fd, >=, 0);
  g_assert_cmpint (flock (h.lock_fd, LOCK_EX), ==, 0);

  pb_connector_set_base_url (h.connector, "https://first-edit.example.com");
  save (store, &j);
  g_timeout_add (10, tick_cb, &h);

  PB_TEST_WAIT_FOR (j.pending == 0, 60);
  g_assert_cmpuint (j.failed, ==, 0);

  /* The main loop ran the ticks while the save waited; the saves answered after the unlock.
   * The two calls made during the first save shared one more save. */
  g_ptr_array_add (j.log, NULL);
  order = g_strjoinv (", ", (char **) j.log->pdata);
  g_assert_cmpstr (order, ==, "tick 1, tick 2, tick 3, unlock, save-done, save-done, save-done");
  g_assert_cmpuint (saved, ==, 2);
  g_assert_false (pb_connector_store_get_dirty (store));

  assert_private_file (path);
  reader = pb_test_open_connector_store (path, 600000);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (reader)), ==, N_LARGE);
  g_assert_cmpstr (pb_connector_get_base_url (pb_connector_store_find_by_name (reader,
                                                                               "Connector 00042")),
                   ==, "https://edited-during-save.example.com");
  g_assert_cmpstr (pb_connector_get_base_url (pb_connector_store_find_by_name (reader,
                                                                               "Connector 00299")),
                   ==, "https://c299.example.com");
  g_ptr_array_set_size (j.log, 0);
  journal_clear (&j);
}

typedef struct {
  GPtrArray *log;
  int lock_fd;
  guint ticks;
} AutoHolder;

static gboolean
auto_tick_cb (gpointer user_data)
{
  AutoHolder *h = user_data;

  g_ptr_array_add (h->log, g_strdup_printf ("tick %u", ++h->ticks));
  if (h->ticks < 3)
    return G_SOURCE_CONTINUE;
  g_ptr_array_add (h->log, g_strdup ("unlock"));
  close (h->lock_fd);
  h->lock_fd = -1;
  return G_SOURCE_REMOVE;
}

static void
log_saved (PbConnectorStore *store,
           GPtrArray        *log)
{
  g_ptr_array_add (log, g_strdup ("saved"));
}

/* The app's autosave runs in the worker too: while it waits for the lock, the loop turns. */
static void
test_autosave_off_main_loop (void)
{
  g_autofree char *path = pb_test_fresh_connectors_path ("store-async");
  g_autofree char *lock_path = g_strconcat (path, ".lock", NULL);
  g_autoptr (PbConnectorStore) store = pb_test_open_connector_store (path, 600000);
  g_autoptr (PbConnectorStore) reader = NULL;
  g_autoptr (GPtrArray) log = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GError) error = NULL;
  g_autofree char *order = NULL;
  AutoHolder h = { log, -1, 0 };
  PbConnector *c;

  c = pb_connector_store_create (store, "Typed", PB_CONNECTOR_KIND_API_KEY, &error);
  g_assert_no_error (error);
  g_signal_connect (store, "saved", G_CALLBACK (log_saved), log);

  h.lock_fd = open (lock_path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  g_assert_cmpint (h.lock_fd, >=, 0);
  g_assert_cmpint (flock (h.lock_fd, LOCK_EX), ==, 0);

  pb_connector_store_set_autosave_delay (store, 1);
  pb_connector_set_base_url (c, "https://typed.example.com");
  /* The ticks start after the autosave fired (its delay is shorter). */
  g_timeout_add (20, auto_tick_cb, &h);

  PB_TEST_WAIT_FOR (!pb_connector_store_get_dirty (store), 60);
  g_ptr_array_add (log, NULL);
  order = g_strjoinv (", ", (char **) log->pdata);
  g_assert_cmpstr (order, ==, "tick 1, tick 2, tick 3, unlock, saved");

  reader = pb_test_open_connector_store (path, 600000);
  g_assert_cmpstr (pb_connector_get_base_url (pb_connector_store_find_by_name (reader, "Typed")),
                   ==, "https://typed.example.com");
  g_signal_handlers_disconnect_by_data (store, log);
}

/* Another program adds a connector right after our first write (it saw that file). */
static void
add_other_after_first_save (PbConnectorStore *store,
                            guint            *n_saved)
{
  g_autofree char *path = g_strdup (pb_connector_store_get_path (store));
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) entry = NULL;
  g_autofree char *text = NULL;
  JsonArray *connectors;

  if (++*n_saved != 1)
    return;
  g_assert_true (json_parser_load_from_file (parser, path, &error));
  g_assert_no_error (error);
  connectors = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)),
                                             "connectors");
  entry = json_from_string ("{\"id\":\"other-z\",\"name\":\"Z from elsewhere\","
                            "\"kind\":\"api-key\"}", &error);
  g_assert_no_error (error);
  json_array_add_element (connectors, g_steal_pointer (&entry));
  text = json_to_string (json_parser_get_root (parser), FALSE);
  g_assert_true (g_file_set_contents_full (path, text, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600,
                                           &error));
  g_assert_no_error (error);
}

static void
deleted_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (pb_connector_store_delete_finish (PB_CONNECTOR_STORE (source), result, &error));
  g_assert_no_error (error);
  *(gboolean *) user_data = TRUE;
}

/* A connector deleted while a save is under way stays deleted, even when the next save has to
 * merge another program's write that still holds it. */
static void
test_delete_during_save (void)
{
  g_autofree char *path = pb_test_fresh_connectors_path ("store-async");
  g_autofree char *lock_path = g_strconcat (path, ".lock", NULL);
  g_autoptr (PbConnectorStore) store = pb_test_open_connector_store (path, 600000);
  g_autoptr (PbConnectorStore) reader = NULL;
  g_autoptr (GError) error = NULL;
  PbConnector *x, *y;
  gboolean deleted = FALSE;
  guint n_saved = 0;
  int lock_fd;
  Journal j;

  journal_init (&j);
  x = pb_connector_store_create (store, "X", PB_CONNECTOR_KIND_API_KEY, &error);
  g_assert_no_error (error);
  y = pb_connector_store_create (store, "Y", PB_CONNECTOR_KIND_API_KEY, &error);
  g_assert_no_error (error);
  g_signal_connect (store, "saved", G_CALLBACK (add_other_after_first_save), &n_saved);

  lock_fd = open (lock_path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  g_assert_cmpint (lock_fd, >=, 0);
  g_assert_cmpint (flock (lock_fd, LOCK_EX), ==, 0);

  pb_connector_set_base_url (y, "https://y-edited.example.com");
  save (store, &j);
  pb_connector_store_delete_async (store, x, NULL, deleted_cb, &deleted);
  PB_TEST_WAIT_FOR (pb_connector_store_find_by_name (store, "X") == NULL, 30);
  close (lock_fd);

  PB_TEST_WAIT_FOR (deleted && j.pending == 0, 60);
  g_assert_cmpuint (j.failed, ==, 0);
  g_assert_cmpuint (n_saved, ==, 2);
  g_assert_false (pb_connector_store_get_dirty (store));
  g_assert_nonnull (pb_connector_store_find_by_name (store, "Z from elsewhere"));

  reader = pb_test_open_connector_store (path, 600000);
  g_assert_null (pb_connector_store_find_by_name (reader, "X"));
  g_assert_nonnull (pb_connector_store_find_by_name (reader, "Z from elsewhere"));
  g_assert_cmpstr (pb_connector_get_base_url (pb_connector_store_find_by_name (reader, "Y")), ==,
                   "https://y-edited.example.com");
  assert_private_file (path);
  g_signal_handlers_disconnect_by_data (store, &n_saved);
  journal_clear (&j);
}

static void
on_save_failed (PbConnectorStore *store,
                const GError     *error,
                GError          **out)
{
  g_clear_error (out);
  *out = g_error_copy (error);
}

static void
failed_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  GError **out = user_data;

  g_assert_false (pb_connector_store_save_finish (PB_CONNECTOR_STORE (source), result, out));
}

/* A save refused as the blocking one would be: the caller and "save-failed" both hear why,
 * the edit stays pending and nothing reaches the file. */
static void
test_failure_reported (void)
{
  g_autofree char *path = pb_test_fresh_connectors_path ("store-async");
  g_autoptr (PbConnectorStore) store = pb_test_open_connector_store (path, 600000);
  g_autoptr (GError) error = NULL;
  g_autoptr (GError) signalled = NULL;
  g_autofree char *contents = NULL;
  PbConnector *c;

  c = pb_connector_store_create (store, "Leaky", PB_CONNECTOR_KIND_API_KEY, &error);
  g_assert_no_error (error);
  g_signal_connect (store, "save-failed", G_CALLBACK (on_save_failed), &signalled);

  pb_connector_set_base_url (c, "https://user:pw-canary@api.example.com");
  pb_connector_store_save_async (store, NULL, failed_done, &error);
  PB_TEST_WAIT_FOR (error != NULL, 30);
  g_assert_error (error, PB_ERROR, PB_ERROR_INVALID_URL);
  g_assert_error (signalled, PB_ERROR, PB_ERROR_INVALID_URL);
  g_assert_true (pb_connector_store_get_dirty (store));
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_null (strstr (contents, "pw-canary"));
}

/* A save asked for with a cancelled GCancellable does nothing and says so. */
static void
test_cancelled (void)
{
  g_autofree char *path = pb_test_fresh_connectors_path ("store-async");
  g_autoptr (PbConnectorStore) store = pb_test_open_connector_store (path, 600000);
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  PbConnector *c;

  c = pb_connector_store_create (store, "Kept", PB_CONNECTOR_KIND_API_KEY, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &before, NULL, NULL));
  pb_connector_set_base_url (c, "https://not-yet.example.com");

  g_cancellable_cancel (cancellable);
  pb_connector_store_save_async (store, cancellable, failed_done, &error);
  PB_TEST_WAIT_FOR (error != NULL, 30);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_true (pb_connector_store_get_dirty (store));
  g_assert_true (g_file_get_contents (path, &after, NULL, NULL));
  g_assert_cmpstr (after, ==, before);
}

/* flush () waits for a save in flight before it decides whether anything is left to write. */
static void
test_flush_waits (void)
{
  g_autofree char *path = pb_test_fresh_connectors_path ("store-async");
  g_autoptr (PbConnectorStore) store = pb_test_open_connector_store (path, 600000);
  g_autoptr (PbConnectorStore) reader = NULL;
  g_autoptr (GError) error = NULL;
  PbConnector *c;
  Journal j;

  journal_init (&j);
  c = pb_connector_store_create (store, "Flushed", PB_CONNECTOR_KIND_API_KEY, &error);
  g_assert_no_error (error);
  pb_connector_set_base_url (c, "https://in-flight.example.com");
  save (store, &j);
  g_assert_true (pb_connector_store_flush (store, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (j.pending, ==, 0);
  g_assert_cmpuint (j.failed, ==, 0);
  g_assert_false (pb_connector_store_get_dirty (store));

  reader = pb_test_open_connector_store (path, 600000);
  g_assert_cmpstr (pb_connector_get_base_url (pb_connector_store_find_by_name (reader, "Flushed")),
                   ==, "https://in-flight.example.com");
  journal_clear (&j);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/store-async/concurrent-saves", test_concurrent_saves);
  g_test_add_func ("/store-async/main-loop-turns", test_main_loop_turns);
  g_test_add_func ("/store-async/autosave-off-main-loop", test_autosave_off_main_loop);
  g_test_add_func ("/store-async/delete-during-save", test_delete_during_save);
  g_test_add_func ("/store-async/failure-reported", test_failure_reported);
  g_test_add_func ("/store-async/cancelled", test_cancelled);
  g_test_add_func ("/store-async/flush-waits", test_flush_waits);
  return g_test_run ();
}
