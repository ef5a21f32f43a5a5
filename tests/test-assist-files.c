/* test-assist-files.c: what `plugboard-cli assist` reads and writes — only regular files are
 * read (a FIFO never hangs it, nor a $ref to one), and -o / --evidence replace only regular
 * files (mode kept), write into FIFOs in place and follow symbolic links
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cjson/cJSON.h>
#include <glib/gstdio.h>

#include "pb-error.h"
#include "pb-spec-document.h"
#include "pb-test-util.h"

typedef struct {
  gboolean exited;
  int      status;
  char    *err;
} Outcome;

static gboolean
give_up_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
waited_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL);
  *(gboolean *) data = TRUE;
}

/* Runs the CLI, killing it after TIMEOUT_S seconds (then EXITED is FALSE: it hung). */
static Outcome
run_with_timeout (guint               timeout_s,
                  const char * const *argv)
{
  g_autoptr (GPtrArray) args = g_ptr_array_new ();
  g_autoptr (GSubprocess) proc = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) err_bytes = NULL;
  gboolean timed_out = FALSE, done = FALSE;
  guint timer;
  Outcome o = { 0 };

  g_ptr_array_add (args, (gpointer) g_getenv ("PB_CLI"));
  for (guint i = 0; argv[i] != NULL; i++)
    g_ptr_array_add (args, (gpointer) argv[i]);
  g_ptr_array_add (args, NULL);
  proc = g_subprocess_newv ((const char * const *) args->pdata,
                            G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                            &error);
  g_assert_no_error (error);
  timer = g_timeout_add_seconds (timeout_s, give_up_cb, &timed_out);
  g_subprocess_wait_async (proc, NULL, waited_cb, &done);
  while (!timed_out && !done)
    g_main_context_iteration (NULL, TRUE);
  if (timed_out)
    {
      g_subprocess_force_exit (proc);
      while (!done)
        g_main_context_iteration (NULL, TRUE);
      return o;
    }
  g_source_remove (timer);
  {
    GInputStream *stream = g_subprocess_get_stderr_pipe (proc);
    g_autoptr (GOutputStream) mem = g_memory_output_stream_new_resizable ();

    g_output_stream_splice (mem, stream, G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET, NULL, NULL);
    err_bytes = g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (mem));
  }
  o.exited = g_subprocess_get_if_exited (proc);
  o.status = g_subprocess_get_exit_status (proc);
  o.err = g_strndup (g_bytes_get_data (err_bytes, NULL), g_bytes_get_size (err_bytes));
  g_test_message ("→ %d: %s", o.status, o.err);
  return o;
}

static char *
spec_fixture (void)
{
  return g_test_build_filename (G_TEST_DIST, "data", "analyzer", "oauth2.json", NULL);
}

static char *
test_dir (const char *name)
{
  char *dir = g_build_filename (pb_test_root (), name, NULL);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  return dir;
}

/* Point 12: a FIFO given as the spec is refused at once with a clear error. */
static void
test_fifo_input (void)
{
  g_autofree char *dir = test_dir ("fifo-input");
  g_autofree char *fifo = g_build_filename (dir, "spec.json", NULL);
  const char *argv[] = { "assist", fifo, NULL };
  Outcome o;

  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  o = run_with_timeout (20, argv);
  g_assert_true (o.exited);
  g_assert_cmpint (o.status, !=, 0);
  g_assert_nonnull (strstr (o.err, "FIFO"));
  g_assert_nonnull (strstr (o.err, fifo));
  g_free (o.err);
}

/* Point 12: a $ref to a FIFO in the spec's folder is refused (no hang), with a clear error. */
static void
test_fifo_ref (void)
{
  g_autofree char *dir = test_dir ("fifo-ref");
  g_autofree char *spec_path = g_build_filename (dir, "spec.json", NULL);
  g_autofree char *fifo = g_build_filename (dir, "board.json", NULL);
  g_autofree char *fixture = spec_fixture ();
  g_autofree char *contents = NULL;
  g_autoptr (PbSpecDocument) doc = NULL;
  g_autoptr (GError) error = NULL;
  cJSON *root, *schema;
  char *text;
  const char *argv[] = { "assist", spec_path, NULL };
  Outcome o;

  g_assert_true (g_file_get_contents (fixture, &contents, NULL, &error));
  root = cJSON_Parse (contents);
  schema = cJSON_GetObjectItem (
    cJSON_GetObjectItem (
      cJSON_GetObjectItem (
        cJSON_GetObjectItem (
          cJSON_GetObjectItem (
            cJSON_GetObjectItem (cJSON_GetObjectItem (cJSON_GetObjectItem (root, "paths"),
                                                      "/boards"),
                                 "get"),
            "responses"),
          "200"),
        "content"),
      "application/json"),
    "schema");
  g_assert_nonnull (schema);
  cJSON_ReplaceItemInObject (
    cJSON_GetObjectItem (
      cJSON_GetObjectItem (
        cJSON_GetObjectItem (
          cJSON_GetObjectItem (
            cJSON_GetObjectItem (cJSON_GetObjectItem (cJSON_GetObjectItem (root, "paths"),
                                                      "/boards"),
                                 "get"),
            "responses"),
          "200"),
        "content"),
      "application/json"),
    "schema", cJSON_Parse ("{\"$ref\": \"board.json#/Board\"}"));
  text = cJSON_PrintUnformatted (root);
  g_assert_true (g_file_set_contents (spec_path, text, -1, &error));
  cJSON_free (text);
  cJSON_Delete (root);
  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);

  /* The CLI finishes (it would block forever opening the FIFO). */
  o = run_with_timeout (30, argv);
  g_assert_true (o.exited);
  g_free (o.err);

  /* The reader says why the $ref was not followed. */
  doc = pb_spec_document_new_from_file (spec_path, &error);
  g_assert_no_error (error);
  g_assert_null (pb_spec_document_lookup_pointer (doc, "board.json#/Board"));
  g_assert_nonnull (pb_spec_document_get_last_ref_error (doc));
  g_assert_nonnull (strstr (pb_spec_document_get_last_ref_error (doc)->message, "FIFO"));
}

static gpointer
read_fifo_thread (gpointer data)
{
  char *contents = NULL;
  g_autoptr (GError) error = NULL;

  g_file_get_contents (data, &contents, NULL, &error);
  return contents;
}

/* Point 11: -o and --evidence. */
static void
test_outputs (void)
{
  g_autofree char *dir = test_dir ("outputs");
  g_autofree char *spec = spec_fixture ();
  g_autofree char *kept = g_build_filename (dir, "kept.yaml", NULL);
  g_autofree char *evidence = g_build_filename (dir, "evidence.json", NULL);
  g_autofree char *target = g_build_filename (dir, "target.yaml", NULL);
  g_autofree char *link = g_build_filename (dir, "link.yaml", NULL);
  g_autofree char *dangling = g_build_filename (dir, "dangling.yaml", NULL);
  g_autofree char *fifo = g_build_filename (dir, "pipe.yaml", NULL);
  g_autofree char *fresh = g_build_filename (dir, "new.yaml", NULL);
  g_autofree char *contents = NULL;
  g_autoptr (GError) error = NULL;
  struct stat st;
  Outcome o;

  /* A regular file keeps its mode (600, 640), written atomically. */
  g_assert_true (g_file_set_contents (kept, "old", -1, &error));
  g_assert_cmpint (g_chmod (kept, 0600), ==, 0);
  g_assert_true (g_file_set_contents (evidence, "old", -1, &error));
  g_assert_cmpint (g_chmod (evidence, 0640), ==, 0);
  {
    const char *argv[] = { "assist", spec, "-o", kept, "--evidence", evidence, NULL };

    o = run_with_timeout (60, argv);
    g_assert_true (o.exited);
    g_assert_cmpint (o.status, ==, 0);
    g_free (o.err);
  }
  g_assert_cmpint (lstat (kept, &st), ==, 0);
  g_assert_true (S_ISREG (st.st_mode));
  g_assert_cmpuint (st.st_mode & 07777, ==, 0600);
  g_assert_cmpint (lstat (evidence, &st), ==, 0);
  g_assert_cmpuint (st.st_mode & 07777, ==, 0640);
  g_assert_true (g_file_get_contents (kept, &contents, NULL, &error));
  g_assert_nonnull (strstr (contents, "DeclarativeSource"));
  g_clear_pointer (&contents, g_free);

  /* A symbolic link is followed: the target is written, the link stays a link. */
  g_assert_true (g_file_set_contents (target, "old", -1, &error));
  g_assert_cmpint (g_chmod (target, 0600), ==, 0);
  g_assert_cmpint (symlink ("target.yaml", link), ==, 0);
  {
    const char *argv[] = { "assist", spec, "-o", link, NULL };

    o = run_with_timeout (60, argv);
    g_assert_cmpint (o.status, ==, 0);
    g_free (o.err);
  }
  g_assert_cmpint (lstat (link, &st), ==, 0);
  g_assert_true (S_ISLNK (st.st_mode));
  g_assert_cmpint (lstat (target, &st), ==, 0);
  g_assert_cmpuint (st.st_mode & 07777, ==, 0600);
  g_assert_true (g_file_get_contents (target, &contents, NULL, &error));
  g_assert_nonnull (strstr (contents, "DeclarativeSource"));
  g_clear_pointer (&contents, g_free);

  /* A link to nothing is refused, and stays as it was. */
  g_assert_cmpint (symlink ("missing.yaml", dangling), ==, 0);
  {
    const char *argv[] = { "assist", spec, "-o", dangling, NULL };

    o = run_with_timeout (60, argv);
    g_assert_cmpint (o.status, !=, 0);
    g_assert_nonnull (strstr (o.err, "symbolic link"));
    g_free (o.err);
  }
  g_assert_cmpint (lstat (dangling, &st), ==, 0);
  g_assert_true (S_ISLNK (st.st_mode));

  /* A FIFO is written into, not replaced. */
  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  {
    const char *argv[] = { "assist", spec, "-o", fifo, NULL };
    GThread *reader = g_thread_new ("fifo-reader", read_fifo_thread, fifo);

    o = run_with_timeout (60, argv);
    g_assert_cmpint (o.status, ==, 0);
    g_free (o.err);
    /* (Replacing it would leave the reader waiting forever: check before joining.) */
    g_assert_cmpint (lstat (fifo, &st), ==, 0);
    g_assert_true (S_ISFIFO (st.st_mode));
    contents = g_thread_join (reader);
  }
  g_assert_nonnull (contents);
  g_assert_nonnull (strstr (contents, "DeclarativeSource"));
  g_clear_pointer (&contents, g_free);

  /* A new path is created. */
  {
    const char *argv[] = { "assist", spec, "-o", fresh, NULL };

    o = run_with_timeout (60, argv);
    g_assert_cmpint (o.status, ==, 0);
    g_free (o.err);
  }
  g_assert_true (g_file_test (fresh, G_FILE_TEST_IS_REGULAR));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/assist-files/fifo-input", test_fifo_input);
  g_test_add_func ("/assist-files/fifo-ref", test_fifo_ref);
  g_test_add_func ("/assist-files/outputs", test_outputs);
  return g_test_run ();
}
