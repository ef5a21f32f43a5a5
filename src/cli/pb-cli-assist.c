/* pb-cli-assist.c: `plugboard-cli assist URL_OR_FILE` — a declarative connector from a spec
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>

#include "pb-assist.h"
#include "pb-cli.h"
#include "pb-error.h"
#include "pb-file.h"
#include "pb-redact.h"

#if defined(__SANITIZE_ADDRESS__)
# define PB_CLI_SANITIZED 1
#elif defined(__has_feature)
# if __has_feature(address_sanitizer) || __has_feature(memory_sanitizer)
#  define PB_CLI_SANITIZED 1
# endif
#endif
#ifndef PB_CLI_SANITIZED
# define PB_CLI_SANITIZED 0
#endif

static void
on_progress (const char *message,
             gpointer    user_data)
{
  g_autofree char *safe = pb_redact_text_urls (message);

  fprintf (stderr, "%s…\n", safe);
}

static gboolean
write_text (const char  *path,
            const char  *text,
            GError     **error)
{
  if (path == NULL || g_str_equal (path, "-"))
    {
      fputs (text, stdout);
      return fflush (stdout) == 0;
    }
  /* Atomic for regular files and new paths (a reader sees the old file or the new one, never
   * half a manifest), keeping the file's mode; FIFOs and devices (/dev/null) are written in
   * place; a symbolic link is followed, its target written and the link kept. */
  return pb_file_write_output (path, text, strlen (text), error);
}

int
pb_cli_assist (int    argc,
               char **argv)
{
  g_autofree char *format = NULL;
  g_autofree char *output = NULL;
  g_autofree char *evidence = NULL;
  int max_pages = 0;
  g_autofree char *disabled_rules = NULL;
  GOptionEntry entries[]
    = { { "format", 'f', 0, G_OPTION_ARG_STRING, &format,
          N_("Manifest format: yaml (default) or json"), N_("FORMAT") },
        { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
          N_("Write the manifest to FILE instead of standard output (a regular file is replaced "
             "atomically keeping its permissions; a FIFO or device is written into; a symbolic "
             "link is followed)"),
          N_("FILE") },
        { "evidence", 'e', 0, G_OPTION_ARG_FILENAME, &evidence,
          N_("Write why each value was chosen (JSON) to FILE"), N_("FILE") },
        { "max-pages", 0, 0, G_OPTION_ARG_INT, &max_pages,
          N_("Crawl at most N documentation pages"), N_("N") },
        /* For bench/assist-crossval.sh only: leave analyzer rule families out. */
        { "disable-rules", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_STRING, &disabled_rules,
          NULL, NULL },
        { NULL } };
  g_autoptr (GOptionContext) context = g_option_context_new (
    _("URL_OR_FILE — propose an Airbyte declarative connector from an API spec or docs"));
  g_autoptr (GError) error = NULL;
  g_autofree char *text = NULL;
  PbManifestFormat manifest_format = PB_MANIFEST_FORMAT_YAML;
  PbAssistOptions options = { 0 };
  g_auto (PbCliAwait) await = { NULL };
  g_autoptr (PbManifest) manifest = NULL;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return pb_cli_fail_usage ("assist", "%s", error->message);
  if (argc != 2)
    return pb_cli_fail_usage ("assist", _("give exactly one URL or file"));
  if (format != NULL && g_ascii_strcasecmp (format, "json") == 0)
    manifest_format = PB_MANIFEST_FORMAT_JSON;
  else if (format != NULL && g_ascii_strcasecmp (format, "yaml") != 0
           && g_ascii_strcasecmp (format, "yml") != 0)
    return pb_cli_fail_usage ("assist", _("unknown format “%s”: use yaml or json"), format);
  if (max_pages < 0)
    return pb_cli_fail_usage ("assist", _("--max-pages must be a positive number"));
  options.max_pages = max_pages;
  options.disabled_rules = disabled_rules;

  pb_assist_run_async (argv[1], &options, on_progress, NULL, NULL, pb_cli_await_cb, &await);
  manifest = pb_assist_run_finish (pb_cli_await (&await), &error);
  if (manifest == NULL)
    return pb_cli_fail_with_error (error);

  text = pb_manifest_to_string (manifest, manifest_format, &error);
  if (text == NULL || !write_text (output, text, &error))
    return pb_cli_fail_with_error (error);
  if (evidence != NULL)
    {
      g_autofree char *evidence_text = pb_manifest_evidence_to_string (manifest);

      if (!write_text (evidence, evidence_text, &error))
        return pb_cli_fail_with_error (error);
    }
  if (output != NULL)
    fprintf (stderr, _("Wrote %s\n"), output);
#if !PB_CLI_SANITIZED
  /* The process ends here: freeing a big manifest node by node (300 streams and their
   * schemas) only delays the exit. Sanitizer builds free it, so leak checks stay exact. */
  (void) g_steal_pointer (&manifest);
#endif
  return PB_CLI_EXIT_OK;
}
