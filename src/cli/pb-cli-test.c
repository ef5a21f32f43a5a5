/* pb-cli-test.c: `test NAME`, the connection test the app runs, for scripts
 *
 * The same PbConnectionTest and the same explanation as the connector page and the end of
 * `setup`; the same exit codes as `setup` (0 connected, 20 refused or failed). The secret is
 * read from the keyring by the core and never reaches this file's output.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "pb-catalog.h"
#include "pb-cli.h"
#include "pb-connection-test.h"
#include "pb-error.h"

static void
wait_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static void
print_json (PbConnector         *connector,
            const PbCheckResult *result,
            const char          *code)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonGenerator) generator = json_generator_new ();
  g_autoptr (JsonNode) root = NULL;
  g_autofree char *text = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, pb_connector_get_name (connector));
  json_builder_set_member_name (builder, "connected");
  json_builder_add_boolean_value (builder, result != NULL && result->outcome == PB_CHECK_OK);
  json_builder_set_member_name (builder, "code");
  json_builder_add_string_value (builder, code);
  json_builder_set_member_name (builder, "status");
  json_builder_add_int_value (builder, result != NULL ? result->status : 0);
  json_builder_set_member_name (builder, "summary");
  json_builder_add_string_value (builder, result != NULL ? result->summary : NULL);
  json_builder_set_member_name (builder, "details");
  json_builder_add_string_value (builder, result != NULL ? result->explanation : NULL);
  json_builder_set_member_name (builder, "suggestion");
  json_builder_add_string_value (builder, result != NULL ? result->suggestion : NULL);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  text = json_generator_to_data (generator, NULL);
  printf ("%s\n", text);
}

int
pb_cli_test (int    argc,
             char **argv)
{
  gboolean json = FALSE;
  int timeout = 0;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json,
      N_("Print the outcome as a JSON object (connected, code, summary, details, suggestion)"),
      NULL },
    { "timeout", 0, 0, G_OPTION_ARG_INT, &timeout,
      N_("Seconds to wait for the service (default 20)"), N_("SECONDS") },
    { NULL }
  };
  g_autoptr (GOptionContext) context = g_option_context_new (_("NAME"));
  g_autoptr (GError) error = NULL;
  g_autoptr (PbConnectorStore) store = NULL;
  g_autoptr (PbConnectionTest) test = NULL;
  g_autoptr (PbCheckResult) result = NULL;
  g_autoptr (GAsyncResult) async_result = NULL;
  PbConnector *connector;
  PbDefinition *definition;

  g_option_context_set_summary (
    context, _("Test a connector's connection as the app does: send its check request with "
               "the credentials from the keyring and explain the answer. Exits 0 when "
               "connected, 20 when refused or failed."));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return pb_cli_fail_usage ("test", "%s", error->message);
  if (argc != 2)
    return pb_cli_fail_usage ("test", _("Give the connector's name (one argument)."));
  if (timeout < 0)
    return pb_cli_fail_usage ("test", _("--timeout must be a number of seconds."));

  store = pb_connector_store_new (NULL, NULL);
  if (!pb_connector_store_load (store, &error))
    return pb_cli_fail_with_error (error);
  if (pb_connector_store_get_load_warning (store) != NULL)
    fprintf (stderr, "plugboard-cli: %s\n", pb_connector_store_get_load_warning (store));

  connector = pb_connector_store_find_by_name (store, argv[1]);
  if (connector == NULL)
    {
      g_set_error (&error, PB_ERROR, PB_ERROR_NOT_FOUND,
                   _("There is no connector called “%s”. Run “plugboard-cli list” to see them."),
                   argv[1]);
      return pb_cli_fail_with_error (error);
    }

  definition = pb_catalog_lookup_for_connector (pb_catalog_get_default (), connector);
  if (definition == NULL)
    {
      PbCheckResult none = {
        .outcome = PB_CHECK_INCOMPLETE,
        .summary = _("This connector has no connection test."),
        .explanation = _("Basic connectors made by hand have no check request; connectors "
                         "set up from the catalog (“plugboard-cli setup”) do."),
      };

      if (json)
        print_json (connector, &none, "no-test");
      else
        printf ("%s\n%s\n", none.summary, none.explanation);
      return PB_CLI_EXIT_CHECK_FAILED;
    }

  test = pb_connection_test_new (store, definition, connector);
  if (timeout > 0)
    pb_connection_test_set_timeout (test, timeout);
  pb_connection_test_run_async (test, NULL, wait_cb, &async_result);
  while (async_result == NULL)
    g_main_context_iteration (NULL, TRUE);
  result = pb_connection_test_run_finish (test, async_result, &error);
  if (result == NULL)
    return pb_cli_fail_with_error (error);

  /* The test set the connector's state (ready or needs attention): keep it, as the app does. */
  if (!pb_connector_store_flush (store, &error))
    return pb_cli_fail_with_error (error);

  if (json)
    print_json (connector, result, pb_check_outcome_to_string (result->outcome));
  else
    {
      g_autofree char *text = pb_check_result_format (result);

      printf ("%s\n", text);
    }
  return result->outcome == PB_CHECK_OK ? PB_CLI_EXIT_OK : PB_CLI_EXIT_CHECK_FAILED;
}
