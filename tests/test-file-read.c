/* test-file-read.c: why a file could not be read, as one error code per case a user acts on
 * differently (not found, a file where a folder should be, no permission, not a regular file,
 * too large), for pb_file_read_regular and for the connectors file, on real files in the
 * test's private root
 *
 * Tests run as root in the harness, where permission bits do not stop a read: the permission
 * case drops CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH from the effective set for the moment
 * of the read, so root gets EACCES like anybody else.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <linux/capability.h>

#include <glib/gstdio.h>

#include "pb-connector-file.h"
#include "pb-error.h"
#include "pb-file.h"
#include "pb-test-util.h"

/* A fresh folder below the private root. */
static char *
fresh_dir (const char *name)
{
  static guint n;
  g_autofree char *base = g_strdup_printf ("%s-%u", name, n++);
  char *dir = g_build_filename (pb_test_root (), "file-read", base, NULL);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  return dir;
}

static void
write_file (const char *path,
            const char *text)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (g_file_set_contents (path, text, -1, &error));
  g_assert_no_error (error);
}

/* Reads PATH, which must fail with CODE and a message holding each of the NULL-terminated
 * phrases; returns the message. */
static char *
expect_read_error (const char *path,
                   gsize       max_bytes,
                   int         code,
                   ...)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;
  va_list phrases;
  const char *phrase;

  g_assert_false (pb_file_read_regular (path, max_bytes, &contents, &length, &error));
  g_assert_error (error, PB_ERROR, code);
  g_assert_null (contents);
  va_start (phrases, code);
  while ((phrase = va_arg (phrases, const char *)) != NULL)
    if (strstr (error->message, phrase) == NULL)
      g_error ("“%s” lacks “%s”", error->message, phrase);
  va_end (phrases);
  return g_strdup (error->message);
}

static void
test_not_found (void)
{
  g_autofree char *dir = fresh_dir ("not-found");
  g_autofree char *file = g_build_filename (dir, "missing.json", NULL);
  g_autofree char *no_dir = g_build_filename (dir, "absent", NULL);
  g_autofree char *in_no_dir = g_build_filename (no_dir, "missing.json", NULL);
  g_autofree char *file_message = NULL;
  g_autofree char *folder_message = NULL;

  /* A missing file in an existing folder. */
  file_message = expect_read_error (file, 0, PB_ERROR_NOT_FOUND, file, "does not exist", NULL);
  g_assert_null (strstr (file_message, "folder"));
  /* A missing folder: the message says it is the folder. */
  folder_message = expect_read_error (in_no_dir, 0, PB_ERROR_NOT_FOUND, in_no_dir,
                                      "no folder", no_dir, NULL);
  g_assert_null (strstr (folder_message, "permission"));
}

static void
test_not_a_folder (void)
{
  g_autofree char *dir = fresh_dir ("not-a-folder");
  g_autofree char *blocker = g_build_filename (dir, "plugboard", NULL);
  g_autofree char *path = g_build_filename (blocker, "connectors.json", NULL);
  g_autofree char *deeper = g_build_filename (blocker, "more", "connectors.json", NULL);
  g_autofree char *message = NULL;

  write_file (blocker, "a file where a folder should be");
  /* The file in the way is named, whatever the depth below it. */
  message = expect_read_error (path, 0, PB_ERROR_NOT_A_FOLDER, path, blocker,
                               "is a file, not a folder", NULL);
  g_assert_null (strstr (message, "permission"));
  g_free (message);
  message = expect_read_error (deeper, 0, PB_ERROR_NOT_A_FOLDER, deeper, blocker, NULL);
}

static void
test_not_regular (void)
{
  g_autofree char *dir = fresh_dir ("not-regular");
  g_autofree char *folder = g_build_filename (dir, "folder.json", NULL);
  g_autofree char *fifo = g_build_filename (dir, "fifo.json", NULL);
  g_autofree char *message = NULL;

  g_assert_cmpint (g_mkdir (folder, 0700), ==, 0);
  message = expect_read_error (folder, 0, PB_ERROR_NOT_REGULAR_FILE, folder, "a folder", NULL);
  g_free (message);
  /* A FIFO with no writer: refused at once, never waited on. */
  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  message = expect_read_error (fifo, 0, PB_ERROR_NOT_REGULAR_FILE, fifo, "FIFO", NULL);
}

static void
test_too_large (void)
{
  g_autofree char *dir = fresh_dir ("too-large");
  g_autofree char *path = g_build_filename (dir, "big.json", NULL);
  g_autofree char *message = NULL;
  g_autofree char *contents = NULL;
  g_autoptr (GError) error = NULL;
  gsize length = 0;

  write_file (path, "[\"twenty bytes long\"]");
  message = expect_read_error (path, 10, PB_ERROR_TOO_LARGE, path, "larger than", NULL);
  /* Within the limit it reads, whole. */
  g_assert_true (pb_file_read_regular (path, 100, &contents, &length, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (contents, ==, "[\"twenty bytes long\"]");
  g_assert_cmpuint (length, ==, strlen (contents));
}

/* Sets whether root's effective capabilities let it past permission bits. */
static void
set_dac_override (gboolean on)
{
  struct __user_cap_header_struct header = { _LINUX_CAPABILITY_VERSION_3, 0 };
  struct __user_cap_data_struct data[2];
  guint32 bits = (1u << CAP_DAC_OVERRIDE) | (1u << CAP_DAC_READ_SEARCH);

  g_assert_cmpint (syscall (SYS_capget, &header, data), ==, 0);
  if (on)
    data[0].effective |= bits & data[0].permitted;
  else
    data[0].effective &= ~bits;
  g_assert_cmpint (syscall (SYS_capset, &header, data), ==, 0);
}

static void
test_permission_denied (void)
{
  g_autofree char *dir = fresh_dir ("permission");
  g_autofree char *path = g_build_filename (dir, "secret.json", NULL);
  g_autofree char *locked_dir = g_build_filename (dir, "locked", NULL);
  g_autofree char *in_locked = g_build_filename (locked_dir, "inside.json", NULL);
  g_autofree char *message = NULL;
  g_autofree char *locked_message = NULL;

  write_file (path, "{}");
  g_assert_cmpint (g_mkdir (locked_dir, 0700), ==, 0);
  write_file (in_locked, "{}");
  g_assert_cmpint (g_chmod (path, 0), ==, 0);
  g_assert_cmpint (g_chmod (locked_dir, 0), ==, 0);
  set_dac_override (FALSE);
  message = expect_read_error (path, 0, PB_ERROR_PERMISSION_DENIED, path,
                               "does not have permission", NULL);
  /* A folder of the path that may not be searched is the same case. */
  locked_message = expect_read_error (in_locked, 0, PB_ERROR_PERMISSION_DENIED, in_locked,
                                      NULL);
  set_dac_override (TRUE);
  g_assert_cmpint (g_chmod (locked_dir, 0700), ==, 0);
  g_assert_cmpint (g_chmod (path, 0600), ==, 0);
  /* The system's own words ("Permission denied") are not shown. */
  g_assert_null (strstr (message, g_strerror (EACCES)));
}

/* Reads the connectors file PATH, which must fail with CODE, its advice holding PHRASE and
 * never the advice of another case. */
static void
expect_connectors_error (const char *path,
                         int         code,
                         const char *phrase)
{
  g_auto (PbConnectorFile) state = { 0 };
  g_autoptr (GError) error = NULL;

  g_assert_false (pb_connector_file_read (path, &state, &error));
  g_assert_error (error, PB_ERROR, code);
  g_assert_nonnull (strstr (error->message, path));
  g_assert_nonnull (strstr (error->message, "left as it is"));
  if (strstr (error->message, phrase) == NULL)
    g_error ("“%s” lacks “%s”", error->message, phrase);
  if (code != PB_ERROR_PERMISSION_DENIED)
    g_assert_null (strstr (error->message, "permission"));
  if (code != PB_ERROR_NOT_REGULAR_FILE)
    g_assert_null (strstr (error->message, "Move what is there"));
}

static void
test_connectors_file (void)
{
  g_autofree char *dir = fresh_dir ("connectors");
  g_autofree char *data_dir = g_build_filename (dir, "plugboard", NULL);
  g_autofree char *path = g_build_filename (data_dir, "connectors.json", NULL);

  /* No folder yet (a first start): no connectors, nothing to advise. */
  {
    g_auto (PbConnectorFile) state = { 0 };
    g_autoptr (GError) error = NULL;

    g_assert_true (pb_connector_file_read (path, &state, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (state.entries->len, ==, 0);
    g_assert_false (state.exists);
    g_assert_false (g_file_test (data_dir, G_FILE_TEST_EXISTS));
  }
  /* A file where the folder should be: named, to be moved; left as it is. */
  write_file (data_dir, "not a folder");
  expect_connectors_error (path, PB_ERROR_NOT_A_FOLDER, "Rename or move that file");
  g_assert_true (g_file_test (data_dir, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpint (g_unlink (data_dir), ==, 0);

  /* A folder where the file should be. */
  g_assert_cmpint (g_mkdir_with_parents (path, 0700), ==, 0);
  expect_connectors_error (path, PB_ERROR_NOT_REGULAR_FILE, "Move what is there");
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_DIR));
  g_assert_cmpint (g_rmdir (path), ==, 0);

  /* No permission to read it: nothing moved aside. */
  write_file (path, "{\"version\": 1, \"connectors\": []}");
  g_assert_cmpint (g_chmod (path, 0), ==, 0);
  set_dac_override (FALSE);
  expect_connectors_error (path, PB_ERROR_PERMISSION_DENIED, "Give your user permission");
  set_dac_override (TRUE);
  g_assert_cmpint (g_chmod (path, 0600), ==, 0);
  {
    g_autoptr (GDir) d = g_dir_open (data_dir, 0, NULL);
    const char *name;

    while ((name = g_dir_read_name (d)) != NULL)
      g_assert_null (strstr (name, ".broken-"));
  }
  /* And once readable, it reads. */
  {
    g_auto (PbConnectorFile) state = { 0 };
    g_autoptr (GError) error = NULL;

    g_assert_true (pb_connector_file_read (path, &state, &error));
    g_assert_no_error (error);
    g_assert_true (state.exists);
  }
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/file-read/not-found", test_not_found);
  g_test_add_func ("/file-read/not-a-folder", test_not_a_folder);
  g_test_add_func ("/file-read/not-regular", test_not_regular);
  g_test_add_func ("/file-read/too-large", test_too_large);
  g_test_add_func ("/file-read/permission-denied", test_permission_denied);
  g_test_add_func ("/file-read/connectors-file", test_connectors_file);
  return g_test_run ();
}
