/* pb-cli-common.c: error reporting shared by every command
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>

#include <gio/gio.h>
#include <glib/gi18n.h>

#include <json-glib/json-glib.h>

#include "pb-cli.h"
#include "pb-error.h"
#include "pb-redact.h"

int
pb_cli_exit_for_error (const GError *error)
{
  if (error == NULL)
    return PB_CLI_EXIT_OK;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return PB_CLI_EXIT_CANCELLED;

  if (error->domain != PB_ERROR)
    return PB_CLI_EXIT_FAILURE;

  switch ((PbErrorCode) error->code)
    {
    case PB_ERROR_INVALID_NAME:
    case PB_ERROR_DUPLICATE_NAME:
      return PB_CLI_EXIT_CONFLICT;
    case PB_ERROR_NOT_FOUND:
      return PB_CLI_EXIT_NOT_FOUND;
    case PB_ERROR_INVALID_ARGUMENT:
      return PB_CLI_EXIT_USAGE;
    case PB_ERROR_STORAGE:
    case PB_ERROR_CORRUPT_FILE:
    case PB_ERROR_PERMISSION_DENIED:
    case PB_ERROR_NOT_REGULAR_FILE:
    case PB_ERROR_NOT_A_FOLDER:
      return PB_CLI_EXIT_STORAGE;
    case PB_ERROR_NO_KEYRING:
    case PB_ERROR_KEYRING_LOCKED:
      return PB_CLI_EXIT_KEYRING;
    case PB_ERROR_INVALID_URL:
      return PB_CLI_EXIT_INVALID_URL;
    case PB_ERROR_NETWORK:
    case PB_ERROR_TLS:
      return PB_CLI_EXIT_UNREACHABLE;
    case PB_ERROR_HTTP_STATUS:
      return PB_CLI_EXIT_HTTP_STATUS;
    case PB_ERROR_PARSE:
      return PB_CLI_EXIT_PARSE;
    case PB_ERROR_UNSUPPORTED_FORMAT:
      return PB_CLI_EXIT_UNSUPPORTED;
    case PB_ERROR_NOTHING_FOUND:
      return PB_CLI_EXIT_NOTHING_FOUND;
    case PB_ERROR_TOO_LARGE:
      return PB_CLI_EXIT_TOO_LARGE;
    case PB_ERROR_AUTH:
      return PB_CLI_EXIT_CHECK_FAILED;
    case PB_ERROR_OAUTH:
    case PB_ERROR_ACCESS_DENIED:
      return PB_CLI_EXIT_OAUTH;
    case PB_ERROR_REAUTH_NEEDED:
      return PB_CLI_EXIT_REAUTH;
    case PB_ERROR_CANCELLED:
      return PB_CLI_EXIT_CANCELLED;
    case PB_ERROR_FAILED:
    case PB_ERROR_NOT_AVAILABLE:
    default:
      return PB_CLI_EXIT_FAILURE;
    }
}

int
pb_cli_fail_with_error (const GError *error)
{
  /* Messages may name a URL: never with a password or a token in it. */
  g_autofree char *safe = error != NULL ? pb_redact_text_urls (error->message) : NULL;

  fprintf (stderr, "plugboard-cli: %s\n", safe != NULL ? safe : _("unknown error"));
  return pb_cli_exit_for_error (error);
}

int
pb_cli_fail_usage (const char *command,
                   const char *format,
                   ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  fprintf (stderr, "plugboard-cli %s: %s\n", command, message);
  fprintf (stderr, _("Try “plugboard-cli %s --help”.\n"), command);
  return PB_CLI_EXIT_USAGE;
}

/* Parses the command's options; on failure prints a usage error and returns FALSE. */
gboolean
pb_cli_parse_options (const char    *command,
                      const char    *parameter,
                      const char    *summary,
                      GOptionEntry  *entries,
                      int           *argc,
                      char        ***argv,
                      int           *exit_code)
{
  g_autoptr (GOptionContext) context = g_option_context_new (parameter);
  g_autoptr (GError) error = NULL;
  g_autofree char *prgname = g_strdup_printf ("plugboard-cli %s", command);

  g_set_prgname (prgname);
  g_option_context_set_summary (context, summary);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, argc, argv, &error))
    {
      *exit_code = pb_cli_fail_usage (command, "%s", error->message);
      return FALSE;
    }
  return TRUE;
}

void
pb_cli_print_json (JsonNode *node)
{
  g_autoptr (JsonGenerator) generator = json_generator_new ();
  g_autofree char *text = NULL;

  json_generator_set_root (generator, node);
  json_generator_set_pretty (generator, TRUE);
  text = json_generator_to_data (generator, NULL);
  printf ("%s\n", text);
}
