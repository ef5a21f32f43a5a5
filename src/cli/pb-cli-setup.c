/* pb-cli-setup.c: `definitions` and `setup`, the setup assistant in a terminal
 *
 * The same PbSetupModel and PbAssistant the GUI's Agent mode uses: user lines on standard
 * input, assistant lines on standard output. Secrets are read with pb_cli_read_secret
 * (without echo from a terminal, as the next line from a pipe); they go to the keyring
 * through the model and never reach the engine, the transcript or the output.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "pb-catalog.h"
#include "pb-cli.h"
#include "pb-connection-test.h"
#include "pb-error.h"
#include "pb-rule-assistant.h"
#include "pb-setup-model.h"

int
pb_cli_definitions (int    argc,
                    char **argv)
{
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the full definitions as JSON"), NULL },
    { NULL }
  };
  g_autoptr (GOptionContext) context = g_option_context_new (NULL);
  g_autoptr (GError) error = NULL;
  PbCatalog *catalog;
  guint n;

  g_option_context_set_summary (
    context, _("List the connector catalog: the kinds of connector “setup” can make."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return pb_cli_fail_usage ("definitions", "%s", error->message);
  if (argc > 1)
    return pb_cli_fail_usage ("definitions", _("Unexpected argument “%s”."), argv[1]);

  catalog = pb_catalog_get_default ();
  n = g_list_model_get_n_items (G_LIST_MODEL (catalog));

  if (json)
    {
      g_autoptr (JsonBuilder) builder = json_builder_new ();
      g_autoptr (JsonGenerator) generator = json_generator_new ();
      g_autoptr (JsonNode) root = NULL;
      g_autofree char *text = NULL;

      json_builder_begin_array (builder);
      for (guint i = 0; i < n; i++)
        {
          g_autoptr (PbDefinition) definition = g_list_model_get_item (G_LIST_MODEL (catalog), i);
          json_builder_add_value (builder, pb_definition_to_json (definition));
        }
      json_builder_end_array (builder);
      root = json_builder_get_root (builder);
      json_generator_set_root (generator, root);
      json_generator_set_pretty (generator, TRUE);
      text = json_generator_to_data (generator, NULL);
      printf ("%s\n", text);
      return PB_CLI_EXIT_OK;
    }

  for (guint i = 0; i < n; i++)
    {
      g_autoptr (PbDefinition) definition = g_list_model_get_item (G_LIST_MODEL (catalog), i);
      const char *summary = pb_definition_get_summary (definition);

      printf ("%-16s %-20s %-10s %s\n", pb_definition_get_id (definition),
              pb_definition_get_name (definition),
              pb_connector_kind_to_string (pb_definition_get_kind (definition)),
              summary ? summary : "");
    }
  return PB_CLI_EXIT_OK;
}

/* ---- setup ---- */

static void
print_message (PbSetupMessage *message)
{
  printf ("%s\n", pb_setup_message_get_text (message));
  fflush (stdout);
}

static GPtrArray *
send (PbAssistant      *assistant,
      PbSetupModel     *model,
      PbAssistantEvent  event,
      const char       *text,
      GError          **error)
{
  g_auto (PbCliAwait) await = { NULL };
  GPtrArray *replies;

  pb_assistant_send_async (assistant, model, event, text, NULL, pb_cli_await_cb, &await);
  replies = pb_assistant_send_finish (assistant, pb_cli_await (&await), error);
  if (replies != NULL)
    for (guint i = 0; i < replies->len; i++)
      print_message (g_ptr_array_index (replies, i));
  return replies;
}

static gboolean
store_secret (PbSetupModel  *model,
              const char    *field,
              const char    *secret,
              GError       **error)
{
  g_auto (PbCliAwait) await = { NULL };

  pb_setup_model_set_secret_async (model, field, secret, NULL, pb_cli_await_cb, &await);
  return pb_setup_model_set_secret_finish (model, pb_cli_await (&await), error);
}

static int
run_test (PbSetupModel *model,
          guint         timeout)
{
  g_autoptr (PbConnectionTest) test = NULL;
  g_autoptr (PbCheckResult) result = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *text = NULL;
  g_autoptr (PbSetupMessage) message = NULL;
  g_auto (PbCliAwait) await = { NULL };

  if (!pb_setup_model_apply (model, &error))
    return pb_cli_fail_with_error (error);

  test = pb_connection_test_new (pb_setup_model_get_store (model),
                                 pb_setup_model_get_definition (model),
                                 pb_setup_model_get_connector (model));
  if (timeout > 0)
    pb_connection_test_set_timeout (test, timeout);
  pb_connection_test_run_async (test, NULL, pb_cli_await_cb, &await);
  result = pb_connection_test_run_finish (test, pb_cli_await (&await), &error);
  if (result == NULL)
    return pb_cli_fail_with_error (error);

  text = pb_check_result_format (result);
  message = pb_setup_message_new_status (text, result->outcome == PB_CHECK_OK
                                                 ? PB_SETUP_OUTCOME_SUCCESS
                                                 : PB_SETUP_OUTCOME_FAILURE);
  pb_setup_model_add_message (model, message);
  print_message (message);

  if (!pb_connector_store_save (pb_setup_model_get_store (model), &error))
    return pb_cli_fail_with_error (error);

  if (result->outcome == PB_CHECK_OK)
    {
      printf (_("“%s” is ready.\n"), pb_setup_model_get_name (model));
      return PB_CLI_EXIT_OK;
    }
  printf (
    _("“%s” is saved but needs attention: fix it with “plugboard-cli edit” or run “plugboard-cli "
      "setup” again.\n"),
    pb_setup_model_get_name (model));
  return PB_CLI_EXIT_CHECK_FAILED;
}

int
pb_cli_setup (int    argc,
              char **argv)
{
  g_autofree char *name = NULL;
  int timeout = 0;
  GOptionEntry entries[]
    = { { "name", 'n', 0, G_OPTION_ARG_STRING, &name, N_("Name of the new connector"),
          N_("NAME") },
        { "timeout", 0, 0, G_OPTION_ARG_INT, &timeout,
          N_("Seconds the connection test waits for an answer (default 20)"), N_("SECONDS") },
        { NULL } };
  g_autoptr (GOptionContext) context = g_option_context_new (_("DEFINITION"));
  g_autoptr (GError) error = NULL;
  g_autoptr (PbConnectorStore) store = NULL;
  g_autoptr (PbSetupModel) model = NULL;
  g_autoptr (PbAssistant) assistant = NULL;
  g_autoptr (GPtrArray) replies = NULL;
  g_autofree char *checked = NULL;
  PbDefinition *definition;
  gboolean tty = isatty (STDIN_FILENO);

  g_option_context_set_summary (
    context, _("Set a connector up by answering the assistant's questions.\n"
                "Your lines are read from standard input, the assistant's are printed.\n"
                "Secrets are read without echo from a terminal, or as the next line from a pipe;\n"
                "an empty line there leaves secret mode. See “plugboard-cli definitions”."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return pb_cli_fail_usage ("setup", "%s", error->message);
  if (argc != 2)
    return pb_cli_fail_usage ("setup",
                              _("Give one definition (see “plugboard-cli definitions”)."));
  if (name == NULL)
    return pb_cli_fail_usage ("setup", _("Give the connector a name with --name."));
  if (timeout < 0)
    return pb_cli_fail_usage ("setup", _("--timeout must be a positive number of seconds."));

  definition = pb_catalog_find (pb_catalog_get_default (), argv[1]);
  if (definition == NULL)
    {
      g_set_error (&error, PB_ERROR, PB_ERROR_NOT_FOUND,
                   _("There is no definition “%s”. “plugboard-cli definitions” lists them."),
                   argv[1]);
      return pb_cli_fail_with_error (error);
    }

  store = pb_cli_open_store (&error);
  if (store == NULL)
    return pb_cli_fail_with_error (error);
  checked = pb_connector_store_check_name (store, name, NULL, &error);
  if (checked == NULL)
    return pb_cli_fail_with_error (error);

  model = pb_setup_model_new (store, definition, checked);
  assistant = pb_rule_assistant_new ();

  replies = send (assistant, model, PB_ASSISTANT_EVENT_START, NULL, &error);
  while (replies != NULL)
    {
      PbSetupMessage *last = replies->len ? g_ptr_array_index (replies, replies->len - 1) : NULL;
      PbSetupAction action = last ? pb_setup_message_get_action (last) : PB_SETUP_ACTION_NONE;
      g_autofree char *line = NULL;

      if (action == PB_SETUP_ACTION_RUN_TEST)
        return run_test (model, (guint) timeout);

      if (action == PB_SETUP_ACTION_SIGN_IN)
        {
          if (!pb_setup_model_apply (model, &error) || !pb_connector_store_save (store, &error))
            return pb_cli_fail_with_error (error);
          printf (
            _(
              "Sign in with “plugboard-cli connect %s”; the connector is saved and waits for "
              "it.\n"),
            pb_setup_model_get_name (model));
          return PB_CLI_EXIT_OK;
        }

      if (action == PB_SETUP_ACTION_REQUEST_SECRET)
        {
          const char *field = pb_setup_message_get_field (last);
          g_autoptr (PbCliSecret) secret = NULL;

          secret = pb_cli_read_secret (
            _("(hidden input; an empty line to ask a question instead) "), PB_CLI_SECRET_LINE,
            &error);
          if (secret == NULL)
            break;
          if (secret->len == 0)
            {
              g_clear_pointer (&replies, g_ptr_array_unref);
              replies = send (assistant, model, PB_ASSISTANT_EVENT_SECRET_CANCELLED, field, &error);
              continue;
            }
          if (!store_secret (model, field, secret->str, &error))
            {
              if (!g_error_matches (error, PB_ERROR, PB_ERROR_INVALID_ARGUMENT))
                return pb_cli_fail_with_error (error);
              printf (_("That was not stored: %s\n"), error->message);
              g_clear_error (&error);
              /* Stay in secret mode: the last reply still asks for it. */
              continue;
            }
          g_clear_pointer (&replies, g_ptr_array_unref);
          replies = send (assistant, model, PB_ASSISTANT_EVENT_SECRET_STORED, field, &error);
          continue;
        }

      if (tty)
        {
          printf ("> ");
          fflush (stdout);
        }
      line = pb_cli_read_line ();
      if (line == NULL)
        break;

      /* A key pasted in the open would be sent to the engine: store it instead. */
      {
        const char *secret_field = NULL;

        if (pb_assistant_text_is_secret (assistant, model, line, &secret_field))
          {
            printf ("%s\n", _("That looks like a secret, so it was not sent to the assistant."));
            if (store_secret (model, secret_field, line, &error))
              {
                memset (line, 0, strlen (line));
                g_clear_pointer (&replies, g_ptr_array_unref);
                replies
                  = send (assistant, model, PB_ASSISTANT_EVENT_SECRET_STORED, secret_field, &error);
                continue;
              }
            memset (line, 0, strlen (line));
            if (!g_error_matches (error, PB_ERROR, PB_ERROR_INVALID_ARGUMENT))
              return pb_cli_fail_with_error (error);
            printf (_("It was not stored either: %s\n"), error->message);
            g_clear_error (&error);
            continue;
          }
      }

      g_clear_pointer (&replies, g_ptr_array_unref);
      replies = send (assistant, model, PB_ASSISTANT_EVENT_USER_TEXT, line, &error);
    }

  if (error != NULL)
    return pb_cli_fail_with_error (error);

  if (pb_setup_model_get_connector (model) != NULL)
    pb_connector_store_save (store, NULL);
  fprintf (
    stderr,
    _("plugboard-cli: the input ended before the setup was finished (%u of %u required settings "
      "done).\n"),
    pb_setup_model_get_n_required_done (model), pb_setup_model_get_n_required (model));
  return PB_CLI_EXIT_CANCELLED;
}
