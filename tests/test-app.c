/* test-app.c: the real plugboard program, as `tools/run.sh` starts it, under the harness's Xvfb
 *
 * The widget tests build windows themselves; this one runs the installed-style binary
 * ($PB_APP) so that what a person starts is what is tested: it must come up with a window,
 * quit cleanly through its app.quit action, and print no warning or critical on the way.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include <gio/gio.h>

#include "pb-test-util.h"

#define APP_BUS_NAME "io.github.plugboard.Plugboard"
#define APP_OBJECT_PATH "/io/github/plugboard/Plugboard"

typedef struct {
  gboolean done;
  char *out;
  char *err;
  GError *error;
} Communicated;

static void
communicated_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Communicated *c = user_data;

  g_subprocess_communicate_utf8_finish (G_SUBPROCESS (source), result, &c->out, &c->err, &c->error);
  c->done = TRUE;
}

static gboolean
timed_out_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Calls org.gtk.Actions on the running app; NULL while the app has not exported PATH yet. */
static GVariant *
call_actions (GDBusConnection *bus,
              const char      *path,
              const char      *method,
              GVariant        *parameters)
{
  g_autoptr (GError) error = NULL;

  return g_dbus_connection_call_sync (bus, APP_BUS_NAME, path, "org.gtk.Actions", method, parameters,
                                      NULL, G_DBUS_CALL_FLAGS_NO_AUTO_START, 5000, NULL, &error);
}

/* Starts the app, waits for its first window, quits it through app.quit, and returns what it
 * printed on stderr. Fails the test if it crashes, never shows a window or exits non-zero. */
static char *
run_app_until_window_then_quit (void)
{
  const char *app = g_getenv ("PB_APP");
  g_autoptr (GSubprocessLauncher) launcher = NULL;
  g_autoptr (GSubprocess) proc = NULL;
  g_autoptr (GDBusConnection) bus = NULL;
  g_autoptr (GVariant) reply = NULL;
  g_autoptr (GError) error = NULL;
  Communicated c = { 0 };
  gboolean timed_out = FALSE;
  guint timeout_id;

  g_assert_nonnull (app);
  bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_assert_no_error (error);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  proc = g_subprocess_launcher_spawn (launcher, &error, app, NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8_async (proc, NULL, NULL, communicated_cb, &c);

  /* A safety net against a hang, not a speed requirement. */
  timeout_id = g_timeout_add_seconds (60, timed_out_cb, &timed_out);

  /* GtkApplicationWindow exports its actions at …/window/ID once it exists. */
  while (!c.done && !timed_out && reply == NULL)
    {
      g_main_context_iteration (NULL, FALSE);
      reply = call_actions (bus, APP_OBJECT_PATH "/window/1", "List", NULL);
      if (reply == NULL)
        g_usleep (50 * G_TIME_SPAN_MILLISECOND);
    }
  if (c.done)
    g_error ("plugboard exited before it showed a window:\n%s", c.err != NULL ? c.err : "");
  g_assert_false (timed_out);
  g_assert_nonnull (reply);
  g_clear_pointer (&reply, g_variant_unref);

  reply = call_actions (bus, APP_OBJECT_PATH, "Activate",
                        g_variant_new ("(s@av@a{sv})", "quit",
                                       g_variant_new_array (G_VARIANT_TYPE_VARIANT, NULL, 0),
                                       g_variant_new_array (G_VARIANT_TYPE ("{sv}"), NULL, 0)));
  g_assert_nonnull (reply);

  while (!c.done && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (timed_out);
  g_source_remove (timeout_id);

  g_assert_no_error (c.error);
  if (!g_subprocess_get_if_exited (proc) || g_subprocess_get_exit_status (proc) != 0)
    g_error ("plugboard did not exit cleanly:\n%s", c.err);

  g_free (c.out);
  return c.err;
}

static void
assert_quiet (const char *err)
{
  g_assert_nonnull (err);
  if (strstr (err, "CRITICAL") != NULL || strstr (err, "WARNING") != NULL ||
      strstr (err, "ERROR") != NULL)
    g_error ("plugboard printed warnings:\n%s", err);
}

static void
test_starts_and_quits (void)
{
  g_autofree char *err = NULL;
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "plugboard", "connectors.json", NULL);
  g_autofree char *out = NULL;
  g_autofree char *cli_err = NULL;

  /* With connectors another program made, as on a second start. */
  g_assert_cmpint (pb_test_run_cli ((const char *[]) { "create", "--name", "Started API", "--type", "api-key", NULL },
                                    NULL, &out, &cli_err), ==, 0);

  err = run_app_until_window_then_quit ();
  assert_quiet (err);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
}

/* A broken connectors file: the app still starts, and the file is moved aside untouched. */
static void
test_starts_with_broken_file (void)
{
  g_autofree char *dir = g_build_filename (g_get_user_data_dir (), "plugboard", NULL);
  g_autofree char *path = g_build_filename (dir, "connectors.json", NULL);
  const char *broken = "{\"version\": 1, \"connectors\": [{\"id\": \"x\", \"kind\": \"api-key\", \"name\": \"Half";
  g_autoptr (GDir) listing = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *err = NULL;
  const char *name;
  guint moved = 0;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (path, broken, -1, &error));
  g_assert_no_error (error);

  err = run_app_until_window_then_quit ();
  g_assert_nonnull (err);

  listing = g_dir_open (dir, 0, &error);
  g_assert_no_error (error);
  while ((name = g_dir_read_name (listing)) != NULL)
    {
      if (g_str_has_prefix (name, "connectors.json.broken-"))
        {
          g_autofree char *moved_path = g_build_filename (dir, name, NULL);
          g_autofree char *contents = NULL;

          g_assert_true (g_file_get_contents (moved_path, &contents, NULL, &error));
          g_assert_no_error (error);
          g_assert_cmpstr (contents, ==, broken);
          moved++;
        }
    }
  g_assert_cmpuint (moved, ==, 1);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/app/starts-and-quits", test_starts_and_quits);
  g_test_add_func ("/app/starts-with-broken-file", test_starts_with_broken_file);
  return g_test_run ();
}
