/* test-store-hardening.c: the connectors file under concurrent plugboard-cli processes,
 * unreadable files and read-only folders (the real CLI, store and keyring)
 *
 * Tests run as root in the harness, where permission bits do not stop a read or a write.
 * Where a permission error is needed, the CLI is started without CAP_DAC_OVERRIDE and
 * CAP_DAC_READ_SEARCH (dropped from the bounding set before exec), so root gets EACCES like
 * anybody else; as another user, chmod alone does it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <errno.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <linux/capability.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "pb-connector-store.h"
#include "pb-error.h"
#include "pb-test-util.h"
#include "pb-vault.h"

typedef struct {
  int   status;
  char *out;
  char *err;
} Run;

static void
run_clear (Run *r)
{
  g_clear_pointer (&r->out, g_free);
  g_clear_pointer (&r->err, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

/* The files that fed standard input, removed at the end. */
static GPtrArray *stdin_files;

static void
drop_dac_caps (gpointer user_data)
{
  prctl (PR_CAPBSET_DROP, CAP_DAC_OVERRIDE, 0, 0, 0);
  prctl (PR_CAPBSET_DROP, CAP_DAC_READ_SEARCH, 0, 0, 0);
}

static GSubprocess *
spawn_cli (const char * const *argv,
           const char         *stdin_text,
           gboolean            without_dac)
{
  g_autoptr (GSubprocessLauncher) launcher = NULL;
  g_autoptr (GPtrArray) args = g_ptr_array_new ();
  g_autoptr (GError) error = NULL;
  GSubprocess *proc;

  g_ptr_array_add (args, (gpointer) g_getenv ("PB_CLI"));
  for (guint i = 0; argv[i] != NULL; i++)
    g_ptr_array_add (args, (gpointer) argv[i]);
  g_ptr_array_add (args, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  /* Standard input from a file, not a pipe: a command that exits before reading it (a
   * set-secret that lost the race to a delete) must not fail the test with a broken pipe. */
  if (stdin_text != NULL)
    {
      g_autofree char *path = NULL;
      int fd = g_file_open_tmp ("pb-stdin-XXXXXX", &path, &error);

      g_assert_no_error (error);
      g_assert_true (g_file_set_contents (path, stdin_text, -1, &error));
      close (fd);
      g_subprocess_launcher_set_stdin_file_path (launcher, path);
      g_ptr_array_add (stdin_files, g_steal_pointer (&path));
    }
  if (without_dac && geteuid () == 0)
    g_subprocess_launcher_set_child_setup (launcher, drop_dac_caps, NULL, NULL);
  proc = g_subprocess_launcher_spawnv (launcher, (const char * const *) args->pdata, &error);
  g_assert_no_error (error);
  return proc;
}

static Run
finish (GSubprocess *proc,
        const char  *stdin_text)
{
  g_autoptr (GError) error = NULL;
  Run r = { 0 };

  g_subprocess_communicate_utf8 (proc, NULL, NULL, &r.out, &r.err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (proc));
  r.status = g_subprocess_get_exit_status (proc);
  g_test_message ("→ %d\nstdout: %s\nstderr: %s", r.status, r.out, r.err);
  return r;
}

static Run
cli (gboolean    without_dac,
     const char *stdin_text,
     ...)
{
  g_autoptr (GPtrArray) args = g_ptr_array_new ();
  g_autoptr (GSubprocess) proc = NULL;
  const char *arg;
  va_list ap;

  va_start (ap, stdin_text);
  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (args, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);
  proc = spawn_cli ((const char * const *) args->pdata, stdin_text, without_dac);
  return finish (proc, stdin_text);
}

#define CLI(...) cli (FALSE, NULL, __VA_ARGS__, NULL)

static char *
store_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "plugboard", "connectors.json", NULL);
}

static void
reset_store (void)
{
  g_autofree char *path = store_path ();

  g_unlink (path);
}

/* The connectors as the file has them now: name → id. */
static GHashTable *
read_names (void)
{
  g_autofree char *path = store_path ();
  g_autoptr (PbConnectorStore) store = pb_connector_store_new (path, NULL);
  g_autoptr (GError) error = NULL;
  GHashTable *names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  g_assert_true (pb_connector_store_load (store, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (store)); i++)
    {
      g_autoptr (PbConnector) c = g_list_model_get_item (G_LIST_MODEL (store), i);

      g_hash_table_insert (names, g_strdup (pb_connector_get_name (c)),
                           g_strdup (pb_connector_get_id (c)));
    }
  return names;
}

static gboolean
keyring_has (const char *id,
             const char *field)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PbVaultSecret) secret
    = pb_vault_lookup_sync (pb_vault_get_default (), id, field, NULL, &error);

  g_assert_no_error (error);
  return secret != NULL;
}

/* Point 5: names differing only in case, created at the same time, give one connector. */
static void
test_concurrent_case_duplicates (void)
{
  const char *spellings[] = { "Dup", "dup", "DUP", "dUp", "DuP", "duP", "dUP", "DUp" };

  for (guint round = 0; round < 3; round++)
    {
      g_autoptr (GPtrArray) procs = g_ptr_array_new_with_free_func (g_object_unref);
      g_autoptr (GHashTable) names = NULL;
      guint created = 0;

      reset_store ();
      for (guint i = 0; i < G_N_ELEMENTS (spellings); i++)
        {
          const char *argv[] = { "create", "--name", spellings[i], "--type", "api-key", NULL };

          g_ptr_array_add (procs, spawn_cli (argv, NULL, FALSE));
        }
      for (guint i = 0; i < procs->len; i++)
        {
          g_auto (Run) r = finish (procs->pdata[i], NULL);

          if (r.status == 0)
            created++;
          else
            {
              g_assert_cmpint (r.status, ==, 4);   /* PB_CLI_EXIT_CONFLICT */
              g_assert_nonnull (strstr (r.err, "already a connector"));
            }
        }
      names = read_names ();
      g_assert_cmpuint (g_hash_table_size (names), ==, 1);
      g_assert_cmpuint (created, ==, 1);
    }
}

/* Point 6: delete and set-secret at once. A delete that exits 0 stays deleted, and no secret
 * is left in the keyring for a connector that is not in the file. */
static void
test_delete_vs_set_secret (void)
{
  guint deleted_runs = 0;

  for (guint round = 0; round < 15; round++)
    {
      g_autoptr (GHashTable) before = NULL;
      g_autoptr (GHashTable) after = NULL;
      g_autoptr (GSubprocess) del = NULL;
      g_autoptr (GSubprocess) set = NULL;
      const char *del_argv[] = { "delete", "Y", "--yes", NULL };
      const char *set_argv[] = { "set-secret", "Y", "api-key", NULL };
      g_autofree char *id = NULL;
      const char *still;

      reset_store ();
      {
        g_auto (Run) r = CLI ("create", "--name", "Y", "--type", "api-key");
        g_assert_cmpint (r.status, ==, 0);
      }
      before = read_names ();
      id = g_strdup (g_hash_table_lookup (before, "Y"));
      g_assert_nonnull (id);

      set = spawn_cli (set_argv, "race-secret-value\n", FALSE);
      del = spawn_cli (del_argv, NULL, FALSE);
      {
        g_auto (Run) d = finish (del, NULL);
        g_auto (Run) s = finish (set, "race-secret-value\n");

        after = read_names ();
        still = g_hash_table_lookup (after, "Y");
        if (d.status == 0)
          {
            deleted_runs++;
            g_assert_null (still);
          }
        if (still == NULL)
          g_assert_false (keyring_has (id, "api-key"));
        else if (s.status == 0)
          g_assert_true (keyring_has (id, "api-key"));
      }
      /* Whatever happened, clean up for the next round. */
      pb_vault_clear_sync (pb_vault_get_default (), id, NULL, NULL, NULL);
    }
  g_assert_cmpuint (deleted_runs, >, 0);
}

/* Point 7: a file that cannot be read is not a damaged file: clear error, left alone. */
static void
test_unreadable_file (void)
{
  g_autofree char *path = store_path ();
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr (GError) error = NULL;

  /* A folder where the file should be: the same for every user. */
  reset_store ();
  g_assert_cmpint (g_mkdir_with_parents (path, 0700), ==, 0);
  {
    g_auto (Run) r = CLI ("list");

    g_assert_cmpint (r.status, ==, 6);
    g_assert_nonnull (strstr (r.err, path));
    g_assert_nonnull (strstr (r.err, "folder"));
    /* Advice for this case, not another's. */
    g_assert_nonnull (strstr (r.err, "Move what is there"));
    g_assert_null (strstr (r.err, "permission"));
    g_assert_null (strstr (r.out, "No connectors"));
    g_assert_true (g_file_test (path, G_FILE_TEST_IS_DIR));
  }
  g_assert_cmpint (g_rmdir (path), ==, 0);

  /* No permission to read it (see the top of the file for root). */
  {
    g_auto (Run) r = CLI ("create", "--name", "Kept", "--type", "api-key");
    g_assert_cmpint (r.status, ==, 0);
  }
  g_assert_true (g_file_get_contents (path, &before, NULL, &error));
  g_assert_cmpint (g_chmod (path, 0), ==, 0);
  {
    g_auto (Run) list = cli (TRUE, NULL, "list", NULL);
    g_auto (Run) create = cli (TRUE, NULL, "create", "--name", "New", "--type", "api-key", NULL);

    g_assert_cmpint (list.status, ==, 6);
    g_assert_nonnull (strstr (list.err, path));
    /* Why, in plain words, not the system's ("Permission denied"). */
    g_assert_nonnull (strstr (list.err, "does not have permission"));
    g_assert_nonnull (strstr (list.err, "Give your user permission"));
    g_assert_null (strstr (list.err, g_strerror (EACCES)));
    g_assert_null (strstr (list.err, "moved"));
    g_assert_cmpint (create.status, ==, 6);
  }
  g_assert_cmpint (g_chmod (path, 0600), ==, 0);
  g_assert_true (g_file_get_contents (path, &after, NULL, &error));
  g_assert_cmpstr (before, ==, after);
  {
    g_autoptr (GDir) d = g_dir_open (dir, 0, &error);
    const char *name;

    while ((name = g_dir_read_name (d)) != NULL)
      g_assert_null (strstr (name, ".broken-"));
  }
}

/* Point 8: in a read-only folder nothing claims it will be saved later, and the keyring and
 * the file agree: a secret the file could not record is not left in the keyring. */
static void
test_read_only_folder (void)
{
  g_autofree char *path = store_path ();
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr (GHashTable) names = NULL;
  const char *id;

  reset_store ();
  {
    g_auto (Run) r = CLI ("create", "--name", "RO", "--type", "api-key");
    g_assert_cmpint (r.status, ==, 0);
  }
  names = read_names ();
  id = g_hash_table_lookup (names, "RO");
  g_assert_cmpint (g_chmod (dir, 0555), ==, 0);
  {
    g_auto (Run) secret = cli (TRUE, "read-only-secret\n", "set-secret", "RO", "api-key", NULL);
    g_auto (Run) create = cli (TRUE, NULL, "create", "--name", "Other", "--type", "api-key",
                               NULL);
    g_auto (Run) edit = cli (TRUE, NULL, "edit", "RO", "--base-url", "https://x.example",
                             NULL);

    g_assert_cmpint (secret.status, ==, 6);
    g_assert_null (strstr (secret.err, "saved again"));
    g_assert_nonnull (strstr (secret.err, "The secret was not stored."));
    g_assert_cmpint (create.status, ==, 6);
    g_assert_null (strstr (create.err, "saved again"));
    g_assert_nonnull (strstr (create.err, "The connector was not added."));
    g_assert_cmpint (edit.status, ==, 6);
    g_assert_nonnull (strstr (edit.err, "Nothing was changed."));
  }
  g_assert_cmpint (g_chmod (dir, 0700), ==, 0);

  g_assert_false (keyring_has (id, "api-key"));
  {
    g_auto (Run) show = CLI ("show", "RO");

    g_assert_cmpint (show.status, ==, 0);
    g_assert_nonnull (strstr (show.out, "not set"));
  }
  {
    g_autoptr (GHashTable) now = read_names ();
    g_assert_cmpuint (g_hash_table_size (now), ==, 1);
  }
}

/* Point 10: temporary files a killed writer left are removed at the next start; other files
 * beside the store (kept broken files, the lock) are not. */
static void
test_stale_temporary_files (void)
{
  g_autofree char *path = store_path ();
  g_autofree char *stale = g_strconcat (path, ".Ab12Cd", NULL);
  g_autofree char *stale2 = g_strconcat (path, ".zz9XY0", NULL);
  g_autofree char *kept = g_strconcat (path, ".broken-20250101-000000", NULL);
  g_autofree char *other = g_strconcat (path, ".notes", NULL);
  g_autoptr (GError) error = NULL;

  reset_store ();
  {
    g_auto (Run) r = CLI ("create", "--name", "T", "--type", "api-key");
    g_assert_cmpint (r.status, ==, 0);
  }
  g_assert_true (g_file_set_contents (stale, "{\"version\": 1, \"conn", -1, &error));
  g_assert_true (g_file_set_contents (stale2, "", -1, &error));
  g_assert_true (g_file_set_contents (kept, "broken", -1, &error));
  g_assert_true (g_file_set_contents (other, "mine", -1, &error));
  {
    g_auto (Run) r = CLI ("list");
    g_assert_cmpint (r.status, ==, 0);
  }
  g_assert_false (g_file_test (stale, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (stale2, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (kept, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (other, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  g_unlink (kept);
  g_unlink (other);
}

static void
got_result (GObject      *source,
            GAsyncResult *result,
            gpointer      data)
{
  *(GAsyncResult **) data = g_object_ref (result);
}

/* Point 6 for the app's path (async): a set-secret on a connector another program deleted
 * meanwhile fails, the store drops it, and its secret does not stay in the keyring. */
static void
test_async_set_secret_after_delete (void)
{
  g_autofree char *path = store_path ();
  g_autoptr (PbConnectorStore) store = NULL;
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *id = NULL;
  PbConnector *c;

  reset_store ();
  {
    g_auto (Run) r = CLI ("create", "--name", "Gone", "--type", "api-key");
    g_assert_cmpint (r.status, ==, 0);
  }
  store = pb_connector_store_new (path, NULL);
  g_assert_true (pb_connector_store_load (store, &error));
  c = pb_connector_store_find_by_name (store, "Gone");
  g_assert_nonnull (c);
  id = g_strdup (pb_connector_get_id (c));
  {
    g_auto (Run) r = CLI ("delete", "Gone", "--yes");
    g_assert_cmpint (r.status, ==, 0);
  }

  pb_connector_store_set_secret_async (store, c, "api-key", "late-secret-value", NULL,
                                       got_result, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (pb_connector_store_set_secret_finish (store, result, &error));
  g_assert_error (error, PB_ERROR, PB_ERROR_NOT_FOUND);
  g_assert_null (pb_connector_store_find_by_id (store, id));
  g_assert_false (keyring_has (id, "api-key"));
  {
    g_autoptr (GHashTable) names = read_names ();
    g_assert_null (g_hash_table_lookup (names, "Gone"));
  }
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/store-hardening/concurrent-case-duplicates", test_concurrent_case_duplicates);
  g_test_add_func ("/store-hardening/delete-vs-set-secret", test_delete_vs_set_secret);
  g_test_add_func ("/store-hardening/async-set-secret-after-delete",
                   test_async_set_secret_after_delete);
  g_test_add_func ("/store-hardening/unreadable-file", test_unreadable_file);
  g_test_add_func ("/store-hardening/read-only-folder", test_read_only_folder);
  g_test_add_func ("/store-hardening/stale-temporary-files", test_stale_temporary_files);
  stdin_files = g_ptr_array_new_with_free_func (g_free);
  status = g_test_run ();
  for (guint i = 0; i < stdin_files->len; i++)
    g_unlink (stdin_files->pdata[i]);
  g_ptr_array_unref (stdin_files);
  return status;
}
