/* pb-cli-agents.c: plugboard-cli agent create/list/show/edit/rename/delete/token
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>

#include "pb-agent-store.h"
#include "pb-cli.h"
#include "pb-error.h"

PbAgentStore *
pb_cli_open_agents (PbConnectorStore  *connectors,
                    GError           **error)
{
  g_autoptr (PbAgentStore) agents = pb_agent_store_new (NULL, connectors);

  if (!pb_agent_store_load (agents, error))
    return NULL;
  if (pb_agent_store_get_load_warning (agents) != NULL)
    fprintf (stderr, "plugboard-cli: %s\n", pb_agent_store_get_load_warning (agents));
  return g_steal_pointer (&agents);
}

PbAgent *
pb_cli_find_agent (PbAgentStore  *agents,
                   const char    *name,
                   GError       **error)
{
  PbAgent *agent = pb_agent_store_find_by_name (agents, name);

  if (agent == NULL)
    g_set_error (error, PB_ERROR, PB_ERROR_NOT_FOUND,
                 _("There is no agent called “%s”. Run “plugboard-cli agent list” to see them."),
                 name);
  return agent;
}

JsonNode *
pb_cli_agent_to_json (PbAgentStore *agents,
                      PbAgent      *agent)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (GPtrArray) connectors = pb_agent_store_list_connectors (agents, agent);
  g_autoptr (GPtrArray) mentions = pb_agent_store_find_mentions (agents, agent);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, pb_agent_get_name (agent));
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, pb_agent_get_id (agent));
  json_builder_set_member_name (builder, "instructions");
  json_builder_add_string_value (builder, pb_agent_get_instructions (agent));
  json_builder_set_member_name (builder, "connectors");
  json_builder_begin_array (builder);
  for (guint i = 0; i < connectors->len; i++)
    {
      PbConnector *c = g_ptr_array_index (connectors, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, pb_connector_get_name (c));
      json_builder_set_member_name (builder, "id");
      json_builder_add_string_value (builder, pb_connector_get_id (c));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "unresolved");
  json_builder_begin_array (builder);
  for (guint i = 0; i < mentions->len; i++)
    {
      PbMention *m = g_ptr_array_index (mentions, i);

      if (m->connector_id == NULL)
        json_builder_add_string_value (builder, m->phrase);
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "suggestions");
  json_builder_begin_object (builder);
  for (guint i = 0; i < mentions->len; i++)
    {
      PbMention *m = g_ptr_array_index (mentions, i);

      if (m->connector_id == NULL && m->suggestion != NULL)
        {
          json_builder_set_member_name (builder, m->phrase);
          json_builder_add_string_value (builder, m->suggestion);
        }
    }
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "has-token");
  json_builder_add_boolean_value (builder, pb_agent_has_token (agent));
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static void
print_unresolved (PbAgentStore *agents,
                  PbAgent      *agent,
                  FILE         *out)
{
  g_autoptr (GPtrArray) mentions = pb_agent_store_find_mentions (agents, agent);

  for (guint i = 0; i < mentions->len; i++)
    {
      PbMention *m = g_ptr_array_index (mentions, i);
      g_autofree char *text = NULL;

      if (m->connector_id != NULL)
        continue;
      text = pb_mention_describe (m);
      fprintf (out, "  %s\n", text);
    }
}

typedef struct {
  PbConnectorStore *connectors;
  PbAgentStore *agents;
} Stores;

static void
stores_clear (Stores *stores)
{
  g_clear_object (&stores->agents);
  g_clear_object (&stores->connectors);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Stores, stores_clear)

static gboolean
open_stores (Stores  *stores,
             GError **error)
{
  stores->connectors = pb_cli_open_store (error);
  if (stores->connectors == NULL)
    return FALSE;
  stores->agents = pb_cli_open_agents (stores->connectors, error);
  return stores->agents != NULL;
}

static int
agent_create (int    argc,
              char **argv)
{
  g_autofree char *name = NULL;
  g_autofree char *instructions = NULL;
  GOptionEntry entries[] = {
    { "name", 'n', 0, G_OPTION_ARG_STRING, &name, N_("The agent's name"), N_("NAME") },
    { "instructions", 'i', 0, G_OPTION_ARG_STRING, &instructions,
      N_("What the agent does, naming the connectors it uses"), N_("TEXT") },
    { NULL }
  };
  g_auto (Stores) stores = { 0 };
  g_autoptr (GError) error = NULL;
  PbAgent *agent;
  int code;

  if (!pb_cli_parse_options ("agent create", "", _("Create an agent."), entries, &argc, &argv,
                             &code))
    return code;
  if (argc > 1)
    return pb_cli_fail_usage ("agent create", _("Unexpected argument “%s”."), argv[1]);
  if (name == NULL)
    return pb_cli_fail_usage ("agent create", _("Give the agent's name with --name."));
  if (instructions != NULL && !g_utf8_validate (instructions, -1, NULL))
    return pb_cli_fail_usage ("agent create", _("The instructions are not valid UTF-8 text."));

  if (!open_stores (&stores, &error) ||
      (agent = pb_agent_store_create (stores.agents, name, instructions, &error)) == NULL ||
      !pb_agent_store_save (stores.agents, &error))
    return pb_cli_fail_with_error (error);

  printf (_("Created the agent “%s”.\n"), pb_agent_get_name (agent));
  print_unresolved (stores.agents, agent, stdout);
  return PB_CLI_EXIT_OK;
}

static int
agent_list (int    argc,
            char **argv)
{
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { NULL }
  };
  g_auto (Stores) stores = { 0 };
  g_autoptr (GError) error = NULL;
  GListModel *model;
  int code;

  if (!pb_cli_parse_options ("agent list", "", _("List agents."), entries, &argc, &argv, &code))
    return code;
  if (argc > 1)
    return pb_cli_fail_usage ("agent list", _("Unexpected argument “%s”."), argv[1]);
  if (!open_stores (&stores, &error))
    return pb_cli_fail_with_error (error);
  model = G_LIST_MODEL (stores.agents);

  if (json)
    {
      g_autoptr (JsonNode) root = json_node_new (JSON_NODE_ARRAY);
      JsonArray *array = json_array_new ();

      for (guint i = 0; i < g_list_model_get_n_items (model); i++)
        {
          g_autoptr (PbAgent) agent = g_list_model_get_item (model, i);

          json_array_add_element (array, pb_cli_agent_to_json (stores.agents, agent));
        }
      json_node_take_array (root, array);
      pb_cli_print_json (root);
      return PB_CLI_EXIT_OK;
    }

  if (g_list_model_get_n_items (model) == 0)
    printf ("%s\n", _("No agents yet. Create one with “plugboard-cli agent create --name NAME "
                      "--instructions TEXT”."));
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr (PbAgent) agent = g_list_model_get_item (model, i);
      g_autoptr (GPtrArray) connectors = pb_agent_store_list_connectors (stores.agents, agent);
      g_autoptr (GString) names = g_string_new (NULL);

      for (guint j = 0; j < connectors->len; j++)
        g_string_append_printf (names, "%s%s", j > 0 ? ", " : "",
                                pb_connector_get_name (connectors->pdata[j]));
      printf ("%-30s %s\n", pb_agent_get_name (agent), names->str);
    }
  return PB_CLI_EXIT_OK;
}

static int
agent_show (int    argc,
            char **argv)
{
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { NULL }
  };
  g_auto (Stores) stores = { 0 };
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) connectors = NULL;
  PbAgent *agent;
  int code;

  if (!pb_cli_parse_options ("agent show", _("NAME"), _("Show one agent (never its token)."),
                             entries, &argc, &argv, &code))
    return code;
  if (argc != 2)
    return pb_cli_fail_usage ("agent show", _("Give the agent's name (one argument)."));
  if (!open_stores (&stores, &error) ||
      (agent = pb_cli_find_agent (stores.agents, argv[1], &error)) == NULL)
    return pb_cli_fail_with_error (error);

  if (json)
    {
      g_autoptr (JsonNode) node = pb_cli_agent_to_json (stores.agents, agent);

      pb_cli_print_json (node);
      return PB_CLI_EXIT_OK;
    }

  printf ("%s\n", pb_agent_get_name (agent));
  printf ("  %s\n", _("Instructions:"));
  printf ("    %s\n", pb_agent_get_instructions (agent));
  printf ("  %s\n", _("Connectors:"));
  connectors = pb_agent_store_list_connectors (stores.agents, agent);
  if (connectors->len == 0)
    printf ("    %s\n", _("none: name a connector in the instructions"));
  for (guint i = 0; i < connectors->len; i++)
    printf ("    %s\n", pb_connector_get_name (connectors->pdata[i]));
  print_unresolved (stores.agents, agent, stdout);
  printf ("  %s %s\n", _("Token:"), pb_agent_has_token (agent)
          ? _("set (make a new one with “plugboard-cli agent token NAME”)")
          : _("none yet (make one with “plugboard-cli agent token NAME”)"));
  return PB_CLI_EXIT_OK;
}

static int
agent_edit (int    argc,
            char **argv)
{
  g_autofree char *instructions = NULL;
  GOptionEntry entries[] = {
    { "instructions", 'i', 0, G_OPTION_ARG_STRING, &instructions,
      N_("What the agent does, naming the connectors it uses"), N_("TEXT") },
    { NULL }
  };
  g_auto (Stores) stores = { 0 };
  g_autoptr (GError) error = NULL;
  PbAgent *agent;
  int code;

  if (!pb_cli_parse_options ("agent edit", _("NAME"), _("Change an agent's instructions."),
                             entries, &argc, &argv, &code))
    return code;
  if (argc != 2)
    return pb_cli_fail_usage ("agent edit", _("Give the agent's name (one argument)."));
  if (instructions == NULL)
    return pb_cli_fail_usage ("agent edit", _("Give the new instructions with --instructions."));
  if (!g_utf8_validate (instructions, -1, NULL))
    return pb_cli_fail_usage ("agent edit", _("The instructions are not valid UTF-8 text."));
  if (!open_stores (&stores, &error) ||
      (agent = pb_cli_find_agent (stores.agents, argv[1], &error)) == NULL)
    return pb_cli_fail_with_error (error);

  pb_agent_store_set_instructions (stores.agents, agent, instructions);
  if (!pb_agent_store_save (stores.agents, &error))
    return pb_cli_fail_with_error (error);
  printf (_("Updated the agent “%s”.\n"), pb_agent_get_name (agent));
  print_unresolved (stores.agents, agent, stdout);
  return PB_CLI_EXIT_OK;
}

static int
agent_rename (int    argc,
              char **argv)
{
  GOptionEntry entries[] = { { NULL } };
  g_auto (Stores) stores = { 0 };
  g_autoptr (GError) error = NULL;
  g_autofree char *old_name = NULL;
  PbAgent *agent;
  int code;

  if (!pb_cli_parse_options ("agent rename", _("OLD NEW"), _("Rename an agent."), entries,
                             &argc, &argv, &code))
    return code;
  if (argc != 3)
    return pb_cli_fail_usage ("agent rename",
                              _("Give the current and the new name (two arguments)."));
  if (!open_stores (&stores, &error) ||
      (agent = pb_cli_find_agent (stores.agents, argv[1], &error)) == NULL)
    return pb_cli_fail_with_error (error);
  old_name = g_strdup (pb_agent_get_name (agent));
  if (!pb_agent_store_rename (stores.agents, agent, argv[2], &error) ||
      !pb_agent_store_save (stores.agents, &error))
    return pb_cli_fail_with_error (error);
  printf (_("Renamed the agent “%s” to “%s”.\n"), old_name, pb_agent_get_name (agent));
  return PB_CLI_EXIT_OK;
}

static int
agent_delete (int    argc,
              char **argv)
{
  gboolean yes = FALSE;
  GOptionEntry entries[] = {
    { "yes", 'y', 0, G_OPTION_ARG_NONE, &yes, N_("Really delete (required)"), NULL },
    { NULL }
  };
  g_auto (Stores) stores = { 0 };
  g_autoptr (GError) error = NULL;
  g_autofree char *name = NULL;
  PbAgent *agent;
  int code;

  if (!pb_cli_parse_options ("agent delete", _("NAME"),
                             _("Delete an agent; its token stops working."), entries, &argc,
                             &argv, &code))
    return code;
  if (argc != 2)
    return pb_cli_fail_usage ("agent delete", _("Give the agent's name (one argument)."));
  if (!open_stores (&stores, &error) ||
      (agent = pb_cli_find_agent (stores.agents, argv[1], &error)) == NULL)
    return pb_cli_fail_with_error (error);
  if (!yes)
    return pb_cli_fail_usage ("agent delete",
                              _("Deleting the agent “%s” revokes its token for good. Run again "
                                "with --yes to confirm."),
                              pb_agent_get_name (agent));
  name = g_strdup (pb_agent_get_name (agent));
  pb_agent_store_delete (stores.agents, agent);
  if (!pb_agent_store_save (stores.agents, &error))
    return pb_cli_fail_with_error (error);
  printf (_("Deleted the agent “%s”.\n"), name);
  return PB_CLI_EXIT_OK;
}

static int
agent_token (int    argc,
             char **argv)
{
  GOptionEntry entries[] = { { NULL } };
  g_auto (Stores) stores = { 0 };
  g_autoptr (GError) error = NULL;
  g_autofree char *token = NULL;
  PbAgent *agent;
  int code;

  if (!pb_cli_parse_options ("agent token", _("NAME"),
                             _("Make a new token for an agent and print it once. The previous "
                               "token stops working. Plugboard keeps only a hash of it."),
                             entries, &argc, &argv, &code))
    return code;
  if (argc != 2)
    return pb_cli_fail_usage ("agent token", _("Give the agent's name (one argument)."));
  if (!open_stores (&stores, &error) ||
      (agent = pb_cli_find_agent (stores.agents, argv[1], &error)) == NULL)
    return pb_cli_fail_with_error (error);

  token = pb_agent_new_token (agent);
  if (!pb_agent_store_save (stores.agents, &error))
    {
      memset (token, 0, strlen (token));
      return pb_cli_fail_with_error (error);
    }
  /* The token alone on stdout, for scripts; the advice on stderr. */
  printf ("%s\n", token);
  fflush (stdout);
  fprintf (stderr, "%s\n", _("This token is shown only now: give it to the agent as "
                             "“Authorization: Bearer TOKEN”. The previous one no longer works."));
  memset (token, 0, strlen (token));
  return PB_CLI_EXIT_OK;
}

static const struct {
  const char *name;
  int (*run) (int argc, char **argv);
  const char *summary;
} subcommands[] = {
  { "create", agent_create, N_("Create an agent") },
  { "list", agent_list, N_("List agents") },
  { "show", agent_show, N_("Show one agent and the connectors its instructions name") },
  { "edit", agent_edit, N_("Change an agent's instructions") },
  { "rename", agent_rename, N_("Rename an agent") },
  { "delete", agent_delete, N_("Delete an agent") },
  { "token", agent_token, N_("Make a new token for an agent (shown once)") },
};

int
pb_cli_agent (int    argc,
              char **argv)
{
  FILE *out = stderr;

  if (argc >= 2)
    {
      for (guint i = 0; i < G_N_ELEMENTS (subcommands); i++)
        if (strcmp (argv[1], subcommands[i].name) == 0)
          return subcommands[i].run (argc - 1, argv + 1);
      if (strcmp (argv[1], "--help") == 0 || strcmp (argv[1], "-h") == 0)
        out = stdout;
      else
        fprintf (stderr, _("plugboard-cli agent: unknown command “%s”.\n"), argv[1]);
    }
  fprintf (out, "%s\n\n", _("Usage: plugboard-cli agent COMMAND [OPTION…]"));
  for (guint i = 0; i < G_N_ELEMENTS (subcommands); i++)
    fprintf (out, "  %-8s %s\n", subcommands[i].name, _(subcommands[i].summary));
  return out == stdout ? PB_CLI_EXIT_OK : PB_CLI_EXIT_USAGE;
}
