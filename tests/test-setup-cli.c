/* test-setup-cli.c: `plugboard-cli definitions` and scripted `plugboard-cli setup`
 * conversations through a pipe, ending with a real connection test on 127.0.0.1.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <errno.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <termios.h>
#include <utmp.h>
#include <unistd.h>

#include <json-glib/json-glib.h>

#include "pb-cli.h"
#include "pb-setup-test-server.h"
#include "pb-test-util.h"

#define CANARY "cli-CANARY-7f3a9c2e11d0"

static void
assert_no_canary (const char *out,
                  const char *err)
{
  g_assert_null (strstr (out, CANARY));
  g_assert_null (strstr (err, CANARY));
  g_assert_cmpuint (pb_test_assert_tree_lacks (pb_test_root (), CANARY), >, 0);
}

static void
test_definitions (void)
{
  const char *args[] = { "definitions", NULL };
  const char *json_args[] = { "definitions", "--json", NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *json = NULL;
  g_autofree char *json_err = NULL;
  g_auto (GStrv) lines = NULL;
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) error = NULL;
  JsonArray *array;

  g_assert_cmpint (pb_test_run_cli (args, NULL, &out, &err), ==, PB_CLI_EXIT_OK);
  lines = g_strsplit (g_strchomp (out), "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), >=, 18);
  g_assert_true (g_str_has_prefix (lines[0], "api-key "));
  g_assert_nonnull (strstr (out, "Jira Cloud"));
  g_assert_nonnull (strstr (out, "pagerduty"));

  g_assert_cmpint (pb_test_run_cli (json_args, NULL, &json, &json_err), ==, PB_CLI_EXIT_OK);
  g_assert_true (json_parser_load_from_data (parser, json, -1, &error));
  g_assert_no_error (error);
  array = json_node_get_array (json_parser_get_root (parser));
  g_assert_cmpuint (json_array_get_length (array), ==, g_strv_length (lines));
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *object = json_array_get_object_element (array, i);

      g_assert_nonnull (json_object_get_string_member (object, "id"));
      g_assert_nonnull (json_object_get_object_member (object, "schema"));
      g_assert_nonnull (json_object_get_object_member (object, "check"));
    }
}

static void
test_happy_path (void)
{
  g_autoptr (PbSetupTestServer) server = pb_setup_test_server_new ();
  const char *args[] = { "setup", "api-key", "--name", "Local API", "--timeout", "5", NULL };
  const char *show[] = { "show", "Local API", "--json", NULL };
  g_autofree char *input = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *show_out = NULL;
  g_autofree char *show_err = NULL;
  g_autofree char *path = NULL;

  pb_setup_test_server_expect (server, "Authorization", NULL, "Bearer " CANARY);
  input = g_strdup_printf ("what is this?\n"
                           "it's %s/ok\n"
                           "the first one\n"
                           CANARY "\n"
                           "yes\n", pb_setup_test_server_get_base (server));

  g_assert_cmpint (pb_test_run_cli (args, input, &out, &err), ==, PB_CLI_EXIT_OK);
  g_test_message ("%s", out);
  g_assert_nonnull (strstr (out, "Let’s set up “Local API”."));
  g_assert_nonnull (strstr (out, "The address every request starts with"));
  g_assert_nonnull (strstr (out, "Where to find it:"));
  g_assert_nonnull (strstr (out, "Now the API key."));
  g_assert_nonnull (strstr (out, "stored in the keyring"));
  g_assert_nonnull (strstr (out, "Connected"));
  g_assert_nonnull (strstr (out, "“Local API” is ready."));
  path = pb_setup_test_server_dup_last_path (server);
  g_assert_cmpstr (path, ==, "/ok/");

  /* The same connector the rest of the CLI sees, ready, never showing the secret. */
  g_assert_cmpint (pb_test_run_cli (show, NULL, &show_out, &show_err), ==, PB_CLI_EXIT_OK);
  g_assert_nonnull (strstr (show_out, "ready"));
  assert_no_canary (out, err);
  assert_no_canary (show_out, show_err);

  /* The same name again is refused before any question. */
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (pb_test_run_cli (args, "", &out, &err), ==, PB_CLI_EXIT_CONFLICT);
  g_assert_nonnull (strstr (err, "Local API"));
}

static void
test_cancel_secret_mode (void)
{
  g_autoptr (PbSetupTestServer) server = pb_setup_test_server_new ();
  const char *args[] = { "setup", "api-key", "--name", "Cancelled once", "--timeout", "5", NULL };
  g_autofree char *input = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  pb_setup_test_server_expect (server, "Authorization", NULL, "Bearer " CANARY);
  input = g_strdup_printf ("%s/ok\n"
                           "header\n"
                           "\n"                      /* empty line: leave secret mode */
                           "where do I find it?\n"
                           CANARY "\n"               /* secret mode again: the next line */
                           "test\n", pb_setup_test_server_get_base (server));
  g_assert_cmpint (pb_test_run_cli (args, input, &out, &err), ==, PB_CLI_EXIT_OK);
  g_test_message ("%s", out);
  g_assert_nonnull (strstr (out, "No problem. Ask me anything about the API key"));
  g_assert_nonnull (strstr (out, "Settings → Developers → API keys"));
  g_assert_nonnull (strstr (out, "is ready"));
  assert_no_canary (out, err);
}

static void
test_invalid_then_refused (void)
{
  g_autoptr (PbSetupTestServer) server = pb_setup_test_server_new ();
  const char *args[] = { "setup", "api-key", "--name", "Refused", "--timeout", "5", NULL };
  g_autofree char *input = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  pb_setup_test_server_expect (server, "Authorization", NULL, "Bearer another-key");
  input = g_strdup_printf ("not a web address\n"
                           "%s/ok\n"
                           "yes\n"
                           CANARY "\n"
                           "yes\n", pb_setup_test_server_get_base (server));
  g_assert_cmpint (pb_test_run_cli (args, input, &out, &err), ==, PB_CLI_EXIT_CHECK_FAILED);
  g_test_message ("%s", out);
  g_assert_nonnull (strstr (out, "does not look right"));
  g_assert_nonnull (strstr (out, "refused the API key (401 Unauthorized)"));
  g_assert_nonnull (strstr (out, "needs attention"));
  assert_no_canary (out, err);
}

static void
test_errors (void)
{
  const char *unknown[] = { "setup", "no-such-service", "--name", "X", NULL };
  const char *no_name[] = { "setup", "github", NULL };
  const char *eof[] = { "setup", "api-key", "--name", "Unfinished", NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (pb_test_run_cli (unknown, "", &out, &err), ==, PB_CLI_EXIT_NOT_FOUND);
  g_assert_nonnull (strstr (err, "plugboard-cli definitions"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (pb_test_run_cli (no_name, "", &out, &err), ==, PB_CLI_EXIT_USAGE);
  g_assert_nonnull (strstr (err, "--name"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* Input ends before the setup is done. */
  g_assert_cmpint (pb_test_run_cli (eof, "https://127.0.0.1:9/x\n", &out, &err), ==, PB_CLI_EXIT_CANCELLED);
  g_assert_nonnull (strstr (err, "ended before the setup was finished"));
}

/* Reads from the terminal until WANT shows up in everything read so far. */
static void
pty_expect (int         fd,
            GString    *seen,
            const char *want)
{
  gint64 end = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  while (strstr (seen->str, want) == NULL)
    {
      struct pollfd pfd = { fd, POLLIN, 0 };
      char buf[4096];
      ssize_t n;

      if (g_get_monotonic_time () > end)
        g_error ("terminal never showed “%s”; it showed:\n%s", want, seen->str);
      if (poll (&pfd, 1, 200) <= 0)
        continue;
      n = read (fd, buf, sizeof buf);
      if (n <= 0)
        g_error ("terminal closed before “%s”; it showed:\n%s", want, seen->str);
      g_string_append_len (seen, buf, n);
    }
}

static void
pty_send (int         fd,
          const char *line)
{
  g_assert_cmpint (write (fd, line, strlen (line)), ==, (ssize_t) strlen (line));
  g_assert_cmpint (write (fd, "\r", 1), ==, 1);
}

/* In a terminal the secret is typed without echo: it never shows on the screen. */
static void
test_terminal_no_echo (void)
{
  g_autoptr (PbSetupTestServer) server = pb_setup_test_server_new ();
  g_autoptr (GString) seen = g_string_new (NULL);
  g_autofree char *base = NULL;
  const char *cli = g_getenv ("PB_CLI");
  int master = -1;
  int status = 0;
  pid_t pid;

  pb_setup_test_server_expect (server, "Authorization", NULL, "Bearer " CANARY);
  base = g_strdup_printf ("%s/ok", pb_setup_test_server_get_base (server));

  pid = forkpty (&master, NULL, NULL, NULL);
  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      execl (cli, cli, "setup", "api-key", "--name", "Typed in a terminal", "--timeout", "5", (char *) NULL);
      _exit (127);
    }

  pty_expect (master, seen, "What should the base URL be?");
  pty_send (master, base);
  pty_expect (master, seen, "Which key placement?");
  pty_send (master, "header");
  pty_expect (master, seen, "(hidden input");
  pty_send (master, CANARY);
  pty_expect (master, seen, "Shall I test the connection now?");
  pty_send (master, "yes");
  pty_expect (master, seen, "is ready.");

  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  close (master);
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, PB_CLI_EXIT_OK);
  /* What the user typed in the open was echoed; the secret was not. */
  g_assert_nonnull (strstr (seen->str, "header"));
  g_assert_null (strstr (seen->str, CANARY));
  g_assert_cmpuint (pb_test_assert_tree_lacks (pb_test_root (), CANARY), >, 0);
}

static gboolean
echo_is_on (int fd)
{
  struct termios t;

  g_assert_cmpint (tcgetattr (fd, &t), ==, 0);
  return (t.c_lflag & ECHO) != 0;
}

/* Ctrl+C at the hidden prompt (the terminal's own ^C, not a signal sent by hand) ends the
 * setup as Ctrl+C ends a program, and gives the terminal back with echo on: the user's
 * next commands are not typed blind. What was typed of the secret is neither shown nor
 * stored. */
static void
test_terminal_ctrl_c (void)
{
  g_autoptr (GString) seen = g_string_new (NULL);
  const char *cli = g_getenv ("PB_CLI");
  int master = -1, slave = -1;
  int status = 0;
  pid_t pid;

  g_assert_cmpint (openpty (&master, &slave, NULL, NULL, NULL), ==, 0);
  g_assert_true (echo_is_on (slave));
  pid = fork ();
  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      close (master);
      /* A session of its own with the terminal as its controlling terminal, as a shell
       * would start it: ^C there becomes SIGINT for it. */
      if (login_tty (slave) != 0)
        _exit (126);
      execl (cli, cli, "setup", "api-key", "--name", "Interrupted", "--timeout", "5", (char *) NULL);
      _exit (127);
    }

  pty_expect (master, seen, "What should the base URL be?");
  pty_send (master, "https://127.0.0.1:9/x");
  pty_expect (master, seen, "Which key placement?");
  pty_send (master, "header");
  pty_expect (master, seen, "(hidden input");
  g_assert_false (echo_is_on (slave));
  /* Half the secret typed, then Ctrl+C. */
  g_assert_cmpint (write (master, CANARY, strlen (CANARY)), ==, (ssize_t) strlen (CANARY));
  g_assert_cmpint (write (master, "\003", 1), ==, 1);

  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_assert_true (WIFSIGNALED (status));
  g_assert_cmpint (WTERMSIG (status), ==, SIGINT);   /* a shell reports 130 */
  g_assert_true (echo_is_on (slave));
  /* Whatever the terminal still holds for us, the secret is not in it. */
  for (;;)
    {
      struct pollfd pfd = { master, POLLIN, 0 };
      char buf[4096];
      ssize_t n;

      if (poll (&pfd, 1, 100) <= 0 || (n = read (master, buf, sizeof buf)) <= 0)
        break;
      g_string_append_len (seen, buf, n);
    }
  g_assert_null (strstr (seen->str, CANARY));
  g_assert_cmpuint (pb_test_assert_tree_lacks (pb_test_root (), CANARY), >, 0);
  close (slave);
  close (master);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/setup/cli/definitions", test_definitions);
  g_test_add_func ("/setup/cli/happy-path", test_happy_path);
  g_test_add_func ("/setup/cli/cancel-secret-mode", test_cancel_secret_mode);
  g_test_add_func ("/setup/cli/invalid-then-refused", test_invalid_then_refused);
  g_test_add_func ("/setup/cli/errors", test_errors);
  g_test_add_func ("/setup/cli/terminal-no-echo", test_terminal_no_echo);
  g_test_add_func ("/setup/cli/terminal-ctrl-c", test_terminal_ctrl_c);

  return g_test_run ();
}
