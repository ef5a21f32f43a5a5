/* pb-test-util.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "pb-test-util.h"

#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

const char *
pb_test_root (void)
{
  const char *root = g_getenv ("PB_TEST_ROOT");

  if (root == NULL)
    g_error ("PB_TEST_ROOT is unset: run the tests through `meson test` (the harness sets it)");
  return root;
}

static guint
scan_tree (GFile      *dir,
           const char *needle)
{
  g_autoptr (GFileEnumerator) enumerator = NULL;
  g_autoptr (GError) error = NULL;
  guint scanned = 0;

  enumerator = g_file_enumerate_children (dir, G_FILE_ATTRIBUTE_STANDARD_NAME "," G_FILE_ATTRIBUTE_STANDARD_TYPE,
                                          G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL, &error);
  if (enumerator == NULL)
    return 0;

  for (;;)
    {
      GFileInfo *info = NULL;
      GFile *child = NULL;

      if (!g_file_enumerator_iterate (enumerator, &info, &child, NULL, NULL) || info == NULL)
        break;

      if (g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY)
        scanned += scan_tree (child, needle);
      else if (g_file_info_get_file_type (info) == G_FILE_TYPE_REGULAR)
        {
          g_autofree char *contents = NULL;
          gsize length = 0;

          if (g_file_load_contents (child, NULL, &contents, &length, NULL, NULL))
            {
              g_autofree char *path = g_file_get_path (child);

              scanned++;
              if (memmem (contents, length, needle, strlen (needle)) != NULL)
                g_error ("secret canary found in %s", path);
            }
        }
    }

  return scanned;
}

guint
pb_test_assert_tree_lacks (const char *directory,
                           const char *needle)
{
  g_autoptr (GFile) dir = g_file_new_for_path (directory);

  g_assert_nonnull (needle);
  g_assert_cmpuint (strlen (needle), >, 0);
  return scan_tree (dir, needle);
}

int
pb_test_run_cli (const char * const *argv,
                 const char         *stdin_text,
                 char              **out_stdout,
                 char              **out_stderr)
{
  g_autoptr (GPtrArray) args = g_ptr_array_new ();
  g_autoptr (GSubprocessLauncher) launcher = NULL;
  g_autoptr (GSubprocess) proc = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *stdin_path = NULL;
  const char *cli = g_getenv ("PB_CLI");

  g_assert_nonnull (cli);
  g_ptr_array_add (args, (gpointer) cli);
  for (guint i = 0; argv[i] != NULL; i++)
    g_ptr_array_add (args, (gpointer) argv[i]);
  g_ptr_array_add (args, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  if (stdin_text != NULL)
    {
      /* Standard input comes from a file, not a pipe: a command that exits before reading it
       * (a refused argument) must not make the test fail on a broken pipe. */
      int fd = g_file_open_tmp ("pb-cli-stdin-XXXXXX", &stdin_path, &error);

      g_assert_no_error (error);
      close (fd);
      g_file_set_contents (stdin_path, stdin_text, -1, &error);
      g_assert_no_error (error);
      g_subprocess_launcher_set_stdin_file_path (launcher, stdin_path);
    }

  proc = g_subprocess_launcher_spawnv (launcher, (const char * const *) args->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, NULL, NULL, out_stdout, out_stderr, &error);
  g_assert_no_error (error);
  if (stdin_path != NULL)
    g_unlink (stdin_path);

  g_assert_true (g_subprocess_get_if_exited (proc));
  return g_subprocess_get_exit_status (proc);
}

void
pb_test_settle (guint msec)
{
  gint64 end = g_get_monotonic_time () + (gint64) msec * 1000;

  while (g_get_monotonic_time () < end)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (2000);
}

char *
pb_test_shared_path (const char *relative)
{
  const char *shared = g_getenv ("PB_SHARED_DIR");

  g_assert_nonnull (shared);
  return g_build_filename (shared, relative, NULL);
}
