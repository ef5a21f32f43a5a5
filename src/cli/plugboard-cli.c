/* plugboard-cli.c: the headless front end; one dispatcher, one file per command group
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>

#include "pb-cli.h"

typedef struct {
  const char *name;
  int (*run) (int argc, char **argv);
  const char *summary;
} PbCliCommand;

static const PbCliCommand commands[] = {
  { "list", pb_cli_list, N_("List connectors") },
  { "show", pb_cli_show, N_("Show one connector (never its secrets)") },
  { "create", pb_cli_create, N_("Create a connector") },
  { "edit", pb_cli_edit, N_("Change a connector's settings") },
  { "set-secret", pb_cli_set_secret, N_("Store a secret read from standard input") },
  { "rename", pb_cli_rename, N_("Rename a connector") },
  { "delete", pb_cli_delete, N_("Delete a connector and its secrets") },
  { "definitions", pb_cli_definitions, N_("List the connector catalog") },
  { "setup", pb_cli_setup, N_("Set a connector up by chatting in the terminal") },
  { "connect", pb_cli_connect, N_("Sign in to an OAuth 2.0 connector") },
  { "token", pb_cli_token, N_("Show or refresh an OAuth 2.0 connector's token") },
  { "agent", pb_cli_agent, N_("Create and manage agents and their tokens") },
  { "serve", pb_cli_serve, N_("Run the credential broker for agents on 127.0.0.1") },
  { "mcp", pb_cli_mcp, N_("Serve MCP on standard input/output for one agent") },
  { "audit", pb_cli_audit, N_("Show the calls agents made") },
  { "test", pb_cli_test, N_("Test a connector's connection (exit 0 connected, 20 not)") },
  { "assist", pb_cli_assist, N_("Build a connector manifest from API docs or an OpenAPI spec") },
  { "test-read", pb_cli_test_read, N_("Read one stream of a manifest against its API") },
};

static void
print_usage (FILE *out)
{
  fprintf (out, "%s\n\n", _("Usage: plugboard-cli COMMAND [OPTION…]"));
  fprintf (out, "%s\n", _("Commands:"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    fprintf (out, "  %-12s %s\n", commands[i].name, _(commands[i].summary));
  fprintf (out, "\n%s\n", _("Run “plugboard-cli COMMAND --help” for a command's options."));
}

/* GOption turns an argument that is not text in the locale's encoding into GLib's "Invalid
 * byte sequence in conversion input", naming nothing; positional arguments (a connector's
 * name) would reach the core as they are. Say which argument is wrong, and why, first. */
static gboolean
check_arguments_are_text (int    argc,
                          char **argv)
{
  const char *charset = NULL;
  gboolean utf8 = g_get_charset (&charset);

  for (int i = 2; i < argc; i++)
    {
      g_autofree char *converted = NULL;
      g_autofree char *which = NULL;
      const char *arg = argv[i];
      const char *eq;

      if (g_utf8_validate (arg, -1, NULL)
          || (!utf8 && (converted = g_locale_to_utf8 (arg, -1, NULL, NULL, NULL)) != NULL))
        continue;

      eq = strchr (arg, '=');
      if (g_str_has_prefix (arg, "--") && eq != NULL)
        which = g_strdup_printf (_("The value of %.*s"), (int) (eq - arg), arg);
      else if (i > 2 && g_str_has_prefix (argv[i - 1], "-") && strchr (argv[i - 1], '=') == NULL
               && g_utf8_validate (argv[i - 1], -1, NULL))
        which = g_strdup_printf (_("The value of %s"), argv[i - 1]);
      else
        which = g_strdup_printf (_("Argument %d"), i - 1);
      fprintf (stderr,
               _("plugboard-cli %s: %s is not valid text: it holds bytes that are not "
                 "characters in UTF-8 (or %s, the terminal’s encoding). Check the "
                 "terminal’s encoding, or the script that passes it, and give it again.\n"),
               argv[1], which, charset);
      return FALSE;
    }
  return TRUE;
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  g_set_prgname ("plugboard-cli");

  if (argc < 2)
    {
      print_usage (stderr);
      return PB_CLI_EXIT_USAGE;
    }

  if (strcmp (argv[1], "--help") == 0 || strcmp (argv[1], "-h") == 0
      || strcmp (argv[1], "help") == 0)
    {
      print_usage (stdout);
      return PB_CLI_EXIT_OK;
    }

  if (strcmp (argv[1], "--version") == 0)
    {
      printf ("plugboard-cli %s\n", PACKAGE_VERSION);
      return PB_CLI_EXIT_OK;
    }

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      if (strcmp (argv[1], commands[i].name) == 0)
        {
          /* "Usage: plugboard-cli COMMAND …" in every command's --help. */
          g_autofree char *prgname = g_strdup_printf ("plugboard-cli %s", commands[i].name);

          g_set_prgname (prgname);
          if (!check_arguments_are_text (argc, argv))
            return PB_CLI_EXIT_USAGE;
          return commands[i].run (argc - 1, argv + 1);
        }
    }

  fprintf (stderr, _("plugboard-cli: unknown command “%s”.\n"), argv[1]);
  print_usage (stderr);
  return PB_CLI_EXIT_USAGE;
}
