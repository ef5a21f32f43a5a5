/* pb-cli-connectors.c: list, show, create, edit, set-secret, rename, delete
 *
 * Every command works on the same PbConnectorStore and PbVault the GUI uses.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>

#include "pb-cli-settings.h"
#include "pb-cli.h"
#include "pb-connector-store.h"
#include "pb-agent-store.h"
#include "pb-error.h"

/* Shared helpers */

static PbConnector *
find_connector (PbConnectorStore  *store,
                const char        *name,
                GError           **error)
{
  PbConnector *connector = pb_connector_store_find_by_name (store, name);

  if (connector == NULL)
    g_set_error (error, PB_ERROR, PB_ERROR_NOT_FOUND,
                 _("There is no connector called “%s”. Run “plugboard-cli list” to see them."),
                 name);
  return connector;
}

/* Parses the command's options; on failure prints a usage error and returns FALSE. */
/* Output */

static const char *
state_label (PbConnectorState state)
{
  switch (state)
    {
    case PB_CONNECTOR_STATE_READY:
      return _("ready");
    case PB_CONNECTOR_STATE_NEEDS_ATTENTION:
      return _("needs attention");
    case PB_CONNECTOR_STATE_RECONNECT_NEEDED:
      return _("reconnect needed");
    case PB_CONNECTOR_STATE_NEEDS_SETUP:
    default:
      return _("needs setup");
    }
}

/* The secret fields worth listing: the kind's own, then any other that is set. */
static GPtrArray *
secret_fields_to_show (PbConnector *connector)
{
  GPtrArray *fields = g_ptr_array_new_with_free_func (g_free);
  const char * const *own = pb_connector_kind_secret_fields (pb_connector_get_kind (connector));
  g_auto (GStrv) set = pb_connector_list_secrets (connector);

  for (guint i = 0; own[i] != NULL; i++)
    g_ptr_array_add (fields, g_strdup (own[i]));
  for (guint i = 0; set[i] != NULL; i++)
    if (!g_strv_contains (own, set[i]))
      g_ptr_array_add (fields, g_strdup (set[i]));
  return fields;
}

static JsonNode *
connector_to_cli_json (PbConnector *connector)
{
  JsonNode *node = pb_connector_to_json (connector);
  JsonObject *object = json_node_get_object (node);
  JsonObject *secrets = json_object_new ();
  g_autoptr (GPtrArray) fields = secret_fields_to_show (connector);

  json_object_set_string_member (object, "type",
                                 pb_connector_kind_to_string (pb_connector_get_kind (connector)));
  json_object_set_string_member (object, "type-label",
                                 pb_connector_kind_get_label (pb_connector_get_kind (connector)));
  /* field -> whether a value is stored in the keyring; never the value. */
  for (guint i = 0; i < fields->len; i++)
    json_object_set_boolean_member (secrets, fields->pdata[i],
                                    pb_connector_has_secret (connector, fields->pdata[i]));
  json_object_set_object_member (object, "secrets", secrets);
  return node;
}

static void
print_field (const char *label,
             const char *value)
{
  if (value != NULL)
    printf ("  %-20s %s\n", label, value);
}

/* Commands */

int
pb_cli_list (int    argc,
             char **argv)
{
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { NULL }
  };
  g_autoptr (PbConnectorStore) store = NULL;
  g_autoptr (GError) error = NULL;
  GListModel *model;
  int code;

  if (!pb_cli_parse_options ("list", "", _("List connectors."), entries, &argc, &argv, &code))
    return code;
  if (argc > 1)
    return pb_cli_fail_usage ("list", _("Unexpected argument “%s”."), argv[1]);

  store = pb_cli_open_store (&error);
  if (store == NULL)
    return pb_cli_fail_with_error (error);
  model = G_LIST_MODEL (store);

  if (json)
    {
      g_autoptr (JsonNode) root = json_node_new (JSON_NODE_OBJECT);
      JsonObject *object = json_object_new ();
      JsonArray *array = json_array_new ();

      for (guint i = 0; i < g_list_model_get_n_items (model); i++)
        {
          g_autoptr (PbConnector) c = g_list_model_get_item (model, i);

          json_array_add_element (array, connector_to_cli_json (c));
        }
      json_object_set_array_member (object, "connectors", array);
      json_node_take_object (root, object);
      pb_cli_print_json (root);
      return PB_CLI_EXIT_OK;
    }

  if (g_list_model_get_n_items (model) == 0)
    {
      printf (
        "%s\n",
        _(
          "No connectors yet. Create one with “plugboard-cli create --name NAME --type api-key”."));
      return PB_CLI_EXIT_OK;
    }

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr (PbConnector) c = g_list_model_get_item (model, i);

      printf ("%-30s %-10s %s\n", pb_connector_get_name (c),
              pb_connector_kind_to_string (pb_connector_get_kind (c)),
              state_label (pb_connector_get_state (c)));
    }
  return PB_CLI_EXIT_OK;
}

int
pb_cli_show (int    argc,
             char **argv)
{
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { NULL }
  };
  g_autoptr (PbConnectorStore) store = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) fields = NULL;
  g_autoptr (PbAgentStore) agents = NULL;
  g_autoptr (GPtrArray) users = NULL;
  g_auto (GStrv) settings = NULL;
  PbConnector *c;
  int code;

  if (!pb_cli_parse_options (
        "show", _("NAME"),
        _("Show one connector. Secrets are never printed, only whether they are set."), entries,
        &argc, &argv, &code))
    return code;
  if (argc != 2)
    return pb_cli_fail_usage ("show", _("Give the connector's name (one argument)."));

  store = pb_cli_open_store (&error);
  if (store == NULL || (c = find_connector (store, argv[1], &error)) == NULL)
    return pb_cli_fail_with_error (error);

  agents = pb_cli_open_agents (store, &error);
  if (agents == NULL)
    return pb_cli_fail_with_error (error);
  users = pb_agent_store_list_using (agents, pb_connector_get_id (c));

  if (json)
    {
      g_autoptr (JsonNode) node = connector_to_cli_json (c);
      JsonArray *array = json_array_new ();

      /* The agents whose instructions name this connector. */
      for (guint i = 0; i < users->len; i++)
        {
          JsonObject *agent = json_object_new ();

          json_object_set_string_member (agent, "name", pb_agent_get_name (users->pdata[i]));
          json_object_set_string_member (agent, "id", pb_agent_get_id (users->pdata[i]));
          json_array_add_object_element (array, agent);
        }
      json_object_set_array_member (json_node_get_object (node), "agents", array);
      pb_cli_print_json (node);
      return PB_CLI_EXIT_OK;
    }

  printf ("%s\n", pb_connector_get_name (c));
  print_field (_("Type:"), pb_connector_kind_get_label (pb_connector_get_kind (c)));
  print_field (_("State:"), state_label (pb_connector_get_state (c)));
  print_field ("", pb_connector_get_state_message (c));
  print_field (_("ID:"), pb_connector_get_id (c));
  print_field (_("Definition:"), pb_connector_get_definition_id (c));
  print_field (_("Base URL:"), pb_connector_get_base_url (c));
  print_field (_("Header:"), pb_connector_get_auth_header (c));
  print_field (_("Prefix:"), pb_connector_get_auth_prefix (c));
  print_field (_("Query parameter:"), pb_connector_get_auth_query_param (c));
  print_field (_("User name:"), pb_connector_get_username (c));
  print_field (_("Client ID:"), pb_connector_get_client_id (c));
  print_field (_("Authorization URL:"), pb_connector_get_auth_url (c));
  print_field (_("Token URL:"), pb_connector_get_token_url (c));
  print_field (_("Scopes:"), pb_connector_get_scopes (c));
  print_field (_("Redirect URI:"), pb_connector_get_redirect_uri (c));

  settings = pb_connector_list_settings (c);
  for (guint i = 0; settings[i] != NULL; i++)
    {
      g_autofree char *label = g_strdup_printf ("%s:", settings[i]);

      print_field (label, pb_connector_get_setting (c, settings[i]));
    }

  printf ("  %s\n", _("Secrets (stored in the keyring, never shown):"));
  fields = secret_fields_to_show (c);
  for (guint i = 0; i < fields->len; i++)
    printf ("    %-18s %s\n", (char *) fields->pdata[i],
            pb_connector_has_secret (c, fields->pdata[i]) ? _("set") : _("not set"));
  if (users->len > 0)
    {
      printf ("  %s\n", _("Used by the agents:"));
      for (guint i = 0; i < users->len; i++)
        printf ("    %s\n", pb_agent_get_name (users->pdata[i]));
    }
  return PB_CLI_EXIT_OK;
}

int
pb_cli_create (int    argc,
               char **argv)
{
  g_auto (PbCliSettingOptions) o = { 0 };
  g_autofree char *name = NULL;
  GOptionEntry entries[]
    = { { "name", 'n', 0, G_OPTION_ARG_STRING, &name,
          N_("The connector's name, for example “HubSpot API”"), N_("NAME") },
        SETTING_ENTRIES (o),
        { NULL } };
  g_autoptr (PbConnectorStore) store = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *checked = NULL;
  PbConnectorKind kind;
  PbConnector *c;
  int code;

  if (!pb_cli_parse_options ("create", "", _("Create a connector."), entries, &argc, &argv, &code))
    return code;
  if (argc > 1)
    return pb_cli_fail_usage ("create", _("Unexpected argument “%s”."), argv[1]);
  if (name == NULL)
    return pb_cli_fail_usage ("create", _("Give the connector a name with --name."));
  if (o.type == NULL)
    return pb_cli_fail_usage (
      "create", _("Give the connector's type with --type (api-key, oauth2 or intercom)."));

  if (!pb_cli_parse_kind (o.type, &kind, &error)
      || !pb_cli_setting_options_validate (&o, kind, &error))
    return pb_cli_fail_with_error (error);

  store = pb_cli_open_store (&error);
  if (store == NULL)
    return pb_cli_fail_with_error (error);

  /* Check the name before creating so nothing is written on a refusal. */
  checked = pb_connector_store_check_name (store, name, NULL, &error);
  if (checked == NULL)
    return pb_cli_fail_with_error (error);

  c = pb_connector_store_create (store, checked, kind, &error);
  if (c == NULL)
    return pb_cli_fail_with_error (error);

  /* The store starts an API key connector as "Authorization: Bearer KEY" (the same in the
   * app); a header or a query parameter given here replaces that, prefix included. */
  if (kind == PB_CONNECTOR_KIND_API_KEY && (o.header != NULL || o.query_param != NULL)
      && o.prefix == NULL)
    pb_connector_set_auth_prefix (c, NULL);
  if (kind == PB_CONNECTOR_KIND_API_KEY && o.query_param != NULL && o.header == NULL)
    pb_connector_set_auth_header (c, NULL);
  pb_cli_setting_options_apply (&o, c);
  if (!pb_connector_store_save (store, &error))
    {
      code = pb_cli_fail_with_error (error);
      fprintf (stderr, _("plugboard-cli: “%s” was created, but its settings were not saved. "
                         "Set them with “plugboard-cli edit”.\n"),
               pb_connector_get_name (c));
      return code;
    }

  printf (_("Created the %s connector “%s”.\n"), pb_connector_kind_get_label (kind),
          pb_connector_get_name (c));
  {
    const char * const *fields = pb_connector_kind_secret_fields (kind);

    g_autofree char *quoted = g_shell_quote (pb_connector_get_name (c));

    printf (_("Store its %s with: plugboard-cli set-secret %s %s < FILE\n"),
            fields[0], quoted, fields[0]);
  }
  return PB_CLI_EXIT_OK;
}

int
pb_cli_edit (int    argc,
             char **argv)
{
  g_auto (PbCliSettingOptions) o = { 0 };
  GOptionEntry entries[] = {
    SETTING_ENTRIES (o),
    { NULL }
  };
  g_autoptr (PbConnectorStore) store = NULL;
  g_autoptr (GError) error = NULL;
  PbConnectorKind kind;
  PbConnector *c;
  int code;

  if (!pb_cli_parse_options ("edit", _("NAME"),
                      _("Change a connector's settings. An empty value (\"\") clears a setting."),
                      entries, &argc, &argv, &code))
    return code;
  if (argc != 2)
    return pb_cli_fail_usage ("edit", _("Give the connector's name (one argument)."));
  if (!pb_cli_setting_options_any (&o))
    return pb_cli_fail_usage ("edit", _("Nothing to change: give at least one option."));

  store = pb_cli_open_store (&error);
  if (store == NULL || (c = find_connector (store, argv[1], &error)) == NULL)
    return pb_cli_fail_with_error (error);

  kind = pb_connector_get_kind (c);
  if (o.type != NULL && !pb_cli_parse_kind (o.type, &kind, &error))
    return pb_cli_fail_with_error (error);
  if (!pb_cli_setting_options_validate (&o, kind, &error))
    return pb_cli_fail_with_error (error);

  pb_connector_set_kind (c, kind);
  pb_cli_setting_options_apply (&o, c);
  if (!pb_connector_store_save (store, &error))
    {
      code = pb_cli_fail_with_error (error);
      fputs (_("plugboard-cli: Nothing was changed.\n"), stderr);
      return code;
    }

  printf (_("Updated “%s”.\n"), pb_connector_get_name (c));
  return PB_CLI_EXIT_OK;
}

int
pb_cli_set_secret (int    argc,
                   char **argv)
{
  GOptionEntry entries[] = {
    { NULL }
  };
  g_autoptr (PbConnectorStore) store = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *prompt = NULL;
  g_autoptr (PbCliSecret) secret = NULL;
  PbConnector *c;
  const char *field;
  int code;

  if (!pb_cli_parse_options ("set-secret", _("NAME FIELD"),
                      _("Store a secret in the keyring. The value is read from standard input "
                        "(never from the command line); one trailing newline is dropped.\n"
                        "FIELD is api-key for API Key connectors, client-secret for OAuth 2.0 and "
                        "Intercom, password for Basic."),
                      entries, &argc, &argv, &code))
    return code;
  if (argc != 3)
    return pb_cli_fail_usage (
      "set-secret", _("Give the connector's name and the secret's field (two arguments)."));

  store = pb_cli_open_store (&error);
  if (store == NULL || (c = find_connector (store, argv[1], &error)) == NULL)
    return pb_cli_fail_with_error (error);

  field = argv[2];
  if (!pb_connector_kind_accepts_secret (pb_connector_get_kind (c), field))
    {
      const char * const *fields = pb_connector_kind_secret_fields (pb_connector_get_kind (c));
      g_autofree char *allowed = g_strjoinv (", ", (char **) fields);

      g_set_error (&error, PB_ERROR, PB_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not a secret field of %s connectors. Use: %s."),
                   field, pb_connector_kind_get_label (pb_connector_get_kind (c)), allowed);
      return pb_cli_fail_with_error (error);
    }

  prompt
    = g_strdup_printf (_("%s for “%s” (input is hidden): "), field, pb_connector_get_name (c));
  secret = pb_cli_read_secret (prompt, PB_CLI_SECRET_ALL, &error);
  if (secret == NULL)
    return pb_cli_fail_with_error (error);
  if (secret->len == 0 || strlen (secret->str) != secret->len)
    {
      g_set_error_literal (
        &error, PB_ERROR, PB_ERROR_INVALID_ARGUMENT,
        _("No secret on standard input (it was empty or held a NUL byte). Nothing was stored."));
      return pb_cli_fail_with_error (error);
    }

  if (!pb_connector_store_set_secret_sync (store, c, field, secret->str, NULL, &error))
    return pb_cli_fail_with_error (error);

  printf (_("Stored the %s of “%s” in the keyring.\n"), field, pb_connector_get_name (c));
  return PB_CLI_EXIT_OK;
}

int
pb_cli_rename (int    argc,
               char **argv)
{
  GOptionEntry entries[] = {
    { NULL }
  };
  g_autoptr (PbConnectorStore) store = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *old_name = NULL;
  g_autoptr (PbAgentStore) agents = NULL;
  PbConnector *c;
  int code;

  if (!pb_cli_parse_options ("rename", _("OLD NEW"), _("Rename a connector."), entries, &argc,
                             &argv, &code))
    return code;
  if (argc != 3)
    return pb_cli_fail_usage ("rename", _("Give the current and the new name (two arguments)."));

  store = pb_cli_open_store (&error);
  if (store == NULL || (c = find_connector (store, argv[1], &error)) == NULL)
    return pb_cli_fail_with_error (error);

  old_name = g_strdup (pb_connector_get_name (c));
  if (!pb_connector_store_rename (store, c, argv[2], &error) ||
      !pb_connector_store_flush (store, &error))
    return pb_cli_fail_with_error (error);

  /* Agents keep the link (they hold its id); their instructions take the new name. */
  agents = pb_cli_open_agents (store, &error);
  if (agents == NULL ||
      (pb_agent_store_has_changes (agents) && !pb_agent_store_save (agents, &error)))
    return pb_cli_fail_with_error (error);

  printf (_("Renamed “%s” to “%s”.\n"), old_name, pb_connector_get_name (c));
  return PB_CLI_EXIT_OK;
}

int
pb_cli_delete (int    argc,
               char **argv)
{
  gboolean yes = FALSE;
  GOptionEntry entries[] = {
    { "yes", 'y', 0, G_OPTION_ARG_NONE, &yes, N_("Really delete (required)"), NULL },
    { NULL }
  };
  g_autoptr (PbConnectorStore) store = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *name = NULL;
  g_autoptr (PbAgentStore) agents = NULL;
  g_autoptr (GPtrArray) users = NULL;
  g_autoptr (GString) user_names = g_string_new (NULL);
  PbConnector *c;
  int code;

  if (!pb_cli_parse_options ("delete", _("NAME"),
                      _("Delete a connector and its secrets. Anything that uses it stops working."),
                      entries, &argc, &argv, &code))
    return code;
  if (argc != 2)
    return pb_cli_fail_usage ("delete", _("Give the connector's name (one argument)."));

  store = pb_cli_open_store (&error);
  if (store == NULL || (c = find_connector (store, argv[1], &error)) == NULL)
    return pb_cli_fail_with_error (error);

  /* The agents this breaks, named before and after. */
  agents = pb_cli_open_agents (store, &error);
  if (agents == NULL)
    return pb_cli_fail_with_error (error);
  users = pb_agent_store_list_using (agents, pb_connector_get_id (c));
  for (guint i = 0; i < users->len; i++)
    g_string_append_printf (user_names, "%s“%s”", i > 0 ? ", " : "",
                            pb_agent_get_name (users->pdata[i]));

  if (!yes && users->len > 0)
    return pb_cli_fail_usage (
      "delete",
      ngettext ("Deleting “%s” removes it and its secrets for good, and breaks the agent that "
                "uses it: %s. Run again with --yes to confirm.",
                "Deleting “%s” removes it and its secrets for good, and breaks the agents that "
                "use it: %s. Run again with --yes to confirm.",
                users->len),
      pb_connector_get_name (c), user_names->str);
  if (!yes)
    return pb_cli_fail_usage (
      "delete",
      _("Deleting “%s” removes it and its secrets for good, and anything using it "
         "stops working. Run again with --yes to confirm."),
      pb_connector_get_name (c));

  name = g_strdup (pb_connector_get_name (c));
  if (!pb_connector_store_delete_sync (store, c, NULL, &error))
    return pb_cli_fail_with_error (error);

  printf (_("Deleted “%s” and its secrets.\n"), name);
  if (users->len > 0)
    {
      printf (ngettext ("This agent can no longer use it: %s.\n",
                        "These agents can no longer use it: %s.\n", users->len),
              user_names->str);
      pb_agent_store_sync (agents);
      if (!pb_agent_store_save (agents, &error))
        return pb_cli_fail_with_error (error);
    }
  return PB_CLI_EXIT_OK;
}
