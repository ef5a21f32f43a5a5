/* pb-cli-test-read.c: `plugboard-cli test-read MANIFEST --stream NAME` — run one stream of a
 * declarative manifest against the real API and show pages, records, schema and warnings
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>

#include "pb-cli.h"
#include "pb-error.h"
#include "pb-runner.h"

#define SHOWN_RECORDS 5

typedef struct {
  GMainLoop      *loop;
  PbRunnerResult *result;
  GError         *error;
} TestRead;

static void
on_read (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  TestRead *run = user_data;

  run->result = pb_runner_read_finish (PB_RUNNER (source), result, &run->error);
  g_main_loop_quit (run->loop);
}

static int
exit_for (const GError *error)
{
  if (error == NULL)
    return PB_CLI_EXIT_OK;
  if (g_error_matches (error, PB_ERROR, PB_ERROR_AUTH))
    return PB_CLI_EXIT_REFUSED;
  return pb_cli_exit_for_error (error);
}

static void
print_json (const cJSON *value,
            const char  *indent)
{
  g_autoptr (GString) text = g_string_new (NULL);
  g_auto (GStrv) lines = NULL;

  pb_runner_json_append (text, value, TRUE);
  lines = g_strsplit (text->str, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    printf ("%s%s\n", indent, lines[i]);
}

static void
print_human (PbRunnerResult *result)
{
  const cJSON *records = pb_runner_result_get_records (result);
  guint n_pages = pb_runner_result_get_n_pages (result);
  guint64 count = pb_runner_result_get_record_count (result);
  guint shown = MIN ((guint) cJSON_GetArraySize (records), SHOWN_RECORDS);
  g_autofree char *summary = NULL;
  g_autofree char *pages = NULL;

  g_autofree char *count_text = g_strdup_printf ("%" G_GUINT64_FORMAT, count);

  pages = g_strdup_printf (ngettext ("%u page", "%u pages", n_pages), n_pages);
  /* Translators: "Stream “users”: 240 records in 3 pages" */
  summary = g_strdup_printf (ngettext ("Stream “%s”: %s record in %s",
                                       "Stream “%s”: %s records in %s", (gulong) count),
                             pb_runner_result_get_stream (result), count_text, pages);
  printf ("%s\n\n", summary);
  for (guint i = 0; i < n_pages; i++)
    {
      const PbRunnerPage *page = pb_runner_result_get_page (result, i);
      g_autofree char *records_text = g_strdup_printf (
        ngettext ("%u record", "%u records", page->record_count), page->record_count);

      printf ("%3u  %s %s\n     → %u  %s, %.0f ms%s%s\n", i + 1, page->method, page->url,
              page->status, records_text, page->duration_us / 1000.0,
              g_strcmp0 (page->stream, pb_runner_result_get_stream (result)) != 0 ? "  · " : "",
              g_strcmp0 (page->stream, pb_runner_result_get_stream (result)) != 0 ? page->stream
                                                                                  : "");
      for (guint h = 0; page->request_headers != NULL && h + 1 < page->request_headers->len;
           h += 2)
        printf ("     %s: %s\n", (char *) page->request_headers->pdata[h],
                (char *) page->request_headers->pdata[h + 1]);
    }
  if (pb_runner_result_get_n_warnings (result) > 0)
    {
      printf ("\n%s\n", _("Warnings:"));
      for (guint i = 0; i < pb_runner_result_get_n_warnings (result); i++)
        {
          const PbRunnerWarning *w = pb_runner_result_get_warning (result, i);

          printf ("  [%s] %s\n", pb_runner_warning_code_to_string (w->code), w->message);
        }
    }
  if (shown > 0)
    {
      g_autofree char *total = g_strdup_printf ("%" G_GUINT64_FORMAT, count);
      g_autofree char *title = g_strdup_printf (_("Records (first %u of %s):"), shown, total);

      printf ("\n%s\n", title);
      for (guint i = 0; i < shown; i++)
        {
          g_autofree char *line = cJSON_PrintUnformatted (cJSON_GetArrayItem (records, (int) i));

          printf ("  %s\n", line);
        }
    }
  printf ("\n%s\n", _("Inferred schema:"));
  print_json (pb_runner_result_get_schema (result), "  ");
}

int
pb_cli_test_read (int    argc,
                  char **argv)
{
  g_autofree char *stream = NULL;
  g_autofree char *connector_name = NULL;
  g_autofree char *config_path = NULL;
  int max_pages = 5, max_records = 100, max_slices = 5, timeout = 30;
  gint64 max_body_size = 16 * 1024 * 1024;
  gboolean json = FALSE;
  GOptionEntry entries[]
    = { { "stream", 's', 0, G_OPTION_ARG_STRING, &stream, N_("The stream to read"), N_("NAME") },
        { "connector", 'c', 0, G_OPTION_ARG_STRING, &connector_name,
          N_("Take the secret from this connector's keyring entry"), N_("NAME") },
        { "config", 0, 0, G_OPTION_ARG_FILENAME, &config_path,
          N_("Non-secret config values (a JSON or YAML object)"), N_("FILE") },
        { "max-pages", 0, 0, G_OPTION_ARG_INT, &max_pages,
          N_("Pages per slice (default 5)"), N_("N") },
        { "max-records", 0, 0, G_OPTION_ARG_INT, &max_records,
          N_("Stop after N records (default 100)"), N_("N") },
        { "max-slices", 0, 0, G_OPTION_ARG_INT, &max_slices,
          N_("Read at most N slices (default 5)"), N_("N") },
        { "timeout", 0, 0, G_OPTION_ARG_INT, &timeout,
          N_("Seconds to wait for each answer (default 30)"), N_("S") },
        { "max-body-size", 0, 0, G_OPTION_ARG_INT64, &max_body_size,
          N_("Read at most this many bytes of each response (default 16 MiB)"), N_("BYTES") },
        { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print one JSON object"), NULL },
        { NULL } };
  g_autoptr (GOptionContext) context = g_option_context_new (
    _("MANIFEST — read one stream of a declarative manifest against its API"));
  g_autoptr (GError) error = NULL;
  g_autoptr (PbRunnerManifest) manifest = NULL;
  g_autoptr (PbRunner) runner = NULL;
  g_autoptr (PbConnectorStore) store = NULL;
  TestRead run = { 0 };
  int status;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_description (
    context,
    _("Secrets never come from the command line or files: --connector names a Plugboard "
      "connector whose key (or OAuth token) fills the property the manifest's spec marks "
      "airbyte_secret. Shown URLs and headers are redacted.\n\n"
      "Exit status:\n"
      "  0   the stream was read (with or without warnings)\n"
      "  2   bad options, or a secret in the config file\n"
      "  3   no such manifest file, stream or connector (or no secret stored)\n"
      "  5   no keyring (Secret Service) to read the secret from\n"
      "  11  the server could not be reached or did not answer in time\n"
      "  12  the server answered with an HTTP error (other than 401/403)\n"
      "  14  the manifest uses a construct test reads do not support\n"
      "  15  the manifest (or one of its expressions) is invalid\n"
      "  23  the server refused the credential (HTTP 401 or 403)\n"));
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return pb_cli_fail_usage ("test-read", "%s", error->message);
  if (argc != 2)
    return pb_cli_fail_usage ("test-read", _("give exactly one manifest file"));
  if (stream == NULL)
    return pb_cli_fail_usage ("test-read", _("--stream NAME is required"));
  if (max_pages < 1 || max_records < 1 || max_slices < 1 || timeout < 1 || max_body_size < 1)
    return pb_cli_fail_usage ("test-read", _("limits must be positive numbers"));
  if (timeout > 3600)
    return pb_cli_fail_usage ("test-read", _("--timeout is at most 3600 seconds"));
  if (max_body_size > G_MAXUINT32)
    return pb_cli_fail_usage ("test-read", _("--max-body-size is at most 4 GiB"));

  manifest = pb_runner_manifest_new_from_file (argv[1], &error);
  if (manifest == NULL)
    return pb_cli_fail_with_error (error);
  runner = pb_runner_new (manifest);
  pb_runner_set_max_pages (runner, (guint) max_pages);
  pb_runner_set_max_records (runner, (guint) max_records);
  pb_runner_set_max_slices (runner, (guint) max_slices);
  pb_runner_set_timeout (runner, (guint) timeout);
  pb_runner_set_max_body_size (runner, (guint64) max_body_size);
  if (config_path != NULL && !pb_runner_load_config (runner, config_path, &error))
    return pb_cli_fail_with_error (error);
  if (config_path == NULL && !pb_runner_set_config (runner, NULL, &error))
    return pb_cli_fail_with_error (error);
  if (connector_name != NULL)
    {
      PbConnector *connector;

      store = pb_connector_store_new (NULL, NULL);
      if (!pb_connector_store_load (store, &error))
        return pb_cli_fail_with_error (error);
      connector = pb_connector_store_find_by_name (store, connector_name);
      if (connector == NULL)
        {
          fprintf (stderr, _("plugboard-cli: there is no connector called “%s”. Run "
                             "“plugboard-cli list” to see them.\n"),
                   connector_name);
          return PB_CLI_EXIT_NOT_FOUND;
        }
      pb_runner_set_connector (runner, store, connector, NULL);
    }

  run.loop = g_main_loop_new (NULL, FALSE);
  pb_runner_read_async (runner, stream, NULL, on_read, &run);
  g_main_loop_run (run.loop);
  g_main_loop_unref (run.loop);

  if (run.result == NULL)
    {
      status = pb_cli_fail_with_error (run.error);
      if (g_error_matches (run.error, PB_ERROR, PB_ERROR_AUTH))
        status = PB_CLI_EXIT_REFUSED;
      g_clear_error (&run.error);
      return status;
    }
  if (json)
    {
      cJSON *out = pb_runner_result_to_json (run.result);
      g_autoptr (GString) text = g_string_sized_new (1024 * 1024);

      pb_runner_json_append (text, out, TRUE);
      g_string_append_c (text, '\n');
      fwrite (text->str, 1, text->len, stdout);
      cJSON_Delete (out);
    }
  else
    print_human (run.result);
  fflush (stdout);
  status = exit_for (run.error);
  if (run.error != NULL)
    fprintf (stderr, "plugboard-cli: %s\n", run.error->message);
  g_clear_error (&run.error);
  g_clear_object (&run.result);
  return status;
}
