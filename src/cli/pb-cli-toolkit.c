/* pb-cli-toolkit.c: what every command uses — waiting for an async call, opening the store,
 * reading a line, and reading a secret (hidden on a terminal, wiped after use)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include <glib/gi18n.h>

#include "pb-cli.h"
#include "pb-error.h"

#define MAX_SECRET_BYTES (64 * 1024)

/* ---- waiting ---- */

void
pb_cli_await_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  PbCliAwait *await = user_data;

  g_set_object (&await->result, result);
}

GAsyncResult *
pb_cli_await (PbCliAwait *await)
{
  /* The CLI runs the same async calls as the GUI, on the default main context. */
  while (await->result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return await->result;
}

void
pb_cli_await_clear (PbCliAwait *await)
{
  g_clear_object (&await->result);
}

/* ---- the store ---- */

PbConnectorStore *
pb_cli_open_store (GError **error)
{
  g_autoptr (PbConnectorStore) store = pb_connector_store_new (NULL, NULL);

  if (!pb_connector_store_load (store, error))
    return NULL;
  if (pb_connector_store_get_load_warning (store) != NULL)
    fprintf (stderr, "plugboard-cli: %s\n", pb_connector_store_get_load_warning (store));
  return g_steal_pointer (&store);
}

/* ---- reading ---- */

/* Reads standard input with read(2), a byte at a time, so no copy of a secret is left in a
 * stdio buffer and nothing past the line is taken from the next reader. */
static int
read_byte (void)
{
  unsigned char c;
  ssize_t n;

  do
    n = read (STDIN_FILENO, &c, 1);
  while (n < 0 && errno == EINTR);
  return n == 1 ? c : EOF;
}

/* Appends one line (without its newline) or, if WHOLE, all of standard input to BUFFER.
 * Returns FALSE at the end of input with nothing read. */
static gboolean
read_into (GString   *buffer,
           gboolean   whole,
           gsize      max_bytes,
           GError   **error)
{
  gboolean any = FALSE;
  int c;

  while ((c = read_byte ()) != EOF)
    {
      any = TRUE;
      if (c == '\n' && !whole)
        break;
      if (buffer->len >= max_bytes)
        {
          g_set_error (error, PB_ERROR, PB_ERROR_INVALID_ARGUMENT,
                       _("The secret on standard input is longer than %d KiB. Nothing was stored."),
                       (int) (max_bytes / 1024));
          return FALSE;
        }
      g_string_append_c (buffer, (char) c);
    }
  /* One trailing newline is how `echo` and editors end a line, not part of the value. */
  if (whole && buffer->len > 0 && buffer->str[buffer->len - 1] == '\n')
    g_string_truncate (buffer, buffer->len - 1);
  if (buffer->len > 0 && buffer->str[buffer->len - 1] == '\r')
    g_string_truncate (buffer, buffer->len - 1);
  return any;
}

char *
pb_cli_read_line (void)
{
  g_autoptr (GString) line = g_string_new (NULL);

  if (!read_into (line, FALSE, G_MAXSIZE, NULL))
    return NULL;
  return g_string_free (g_steal_pointer (&line), FALSE);
}

/* ---- secrets ---- */

/* What a signal (Ctrl+C) must undo while echo is off: the terminal outlives the process and
 * would otherwise stay blind for the next commands; the secret read so far is wiped. */
static struct termios tty_saved;
static GString *volatile secret_in_progress;
static const int tty_signals[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT };
static struct sigaction tty_previous[G_N_ELEMENTS (tty_signals)];

static void
restore_tty_and_reraise (int signum)
{
  GString *secret = secret_in_progress;

  /* Only async-signal-safe calls here. */
  if (secret != NULL)
    explicit_bzero (secret->str, secret->allocated_len);
  tcsetattr (STDIN_FILENO, TCSANOW, &tty_saved);
  (void) !write (STDERR_FILENO, "\n", 1);
  /* End the way the signal ends a program, so the shell sees Ctrl+C (status 130). */
  signal (signum, SIG_DFL);
  raise (signum);
}

static void
set_tty_signal_handlers (gboolean restore_on_signal)
{
  for (guint i = 0; i < G_N_ELEMENTS (tty_signals); i++)
    {
      if (restore_on_signal)
        {
          struct sigaction action = { 0 };

          action.sa_handler = restore_tty_and_reraise;
          sigemptyset (&action.sa_mask);
          sigaction (tty_signals[i], &action, &tty_previous[i]);
        }
      else
        sigaction (tty_signals[i], &tty_previous[i], NULL);
    }
}

PbCliSecret *
pb_cli_read_secret (const char         *prompt,
                    PbCliSecretInput    input,
                    GError            **error)
{
  g_autoptr (GError) local_error = NULL;
  GString *secret = g_string_sized_new (256);
  gboolean tty = isatty (STDIN_FILENO);
  gboolean echo_off = FALSE;
  gboolean any;
  struct termios quiet;

  if (tty)
    {
      /* Echo goes off before the prompt, as getpass() does: whatever is typed once the
       * prompt shows is hidden. TCSANOW keeps lines typed ahead. */
      if (tcgetattr (STDIN_FILENO, &tty_saved) == 0)
        {
          quiet = tty_saved;
          quiet.c_lflag &= ~(ECHO | ECHONL);
          secret_in_progress = secret;
          set_tty_signal_handlers (TRUE);
          echo_off = tcsetattr (STDIN_FILENO, TCSANOW, &quiet) == 0;
          if (!echo_off)
            {
              set_tty_signal_handlers (FALSE);
              secret_in_progress = NULL;
            }
        }
      fprintf (stderr, "%s", prompt);
      fflush (stderr);
    }

  /* On a terminal one line is the value; from a pipe, the next line or everything. */
  any = read_into (secret, !tty && input == PB_CLI_SECRET_ALL, MAX_SECRET_BYTES, &local_error);

  if (echo_off)
    {
      tcsetattr (STDIN_FILENO, TCSANOW, &tty_saved);
      set_tty_signal_handlers (FALSE);
      secret_in_progress = NULL;
      fprintf (stderr, "\n");
    }

  if (local_error != NULL || (!any && input == PB_CLI_SECRET_LINE))
    {
      pb_cli_secret_free (secret);
      if (local_error != NULL)
        g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  return secret;
}

void
pb_cli_secret_free (PbCliSecret *secret)
{
  if (secret == NULL)
    return;
  explicit_bzero (secret->str, secret->allocated_len);
  g_string_free (secret, TRUE);
}
