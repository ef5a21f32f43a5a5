/* pb-cli-serve.c: plugboard-cli serve (the broker), mcp (the same over MCP) and audit
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>

#include <gio/gunixinputstream.h>
#include <gio/gunixoutputstream.h>
#include <glib-unix.h>
#include <glib/gi18n.h>

#include "pb-broker.h"
#include "pb-cli.h"
#include "pb-error.h"
#include "pb-mcp-server.h"
#include "pb-token-manager.h"

static gboolean
quit_cb (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_CONTINUE;
}

PbBroker *
pb_cli_make_broker (GError **error)
{
  g_autoptr (PbConnectorStore) connectors = NULL;
  g_autoptr (PbAgentStore) agents = NULL;
  g_autoptr (PbTokenManager) tokens = NULL;
  g_autoptr (PbCredentialSource) credentials = NULL;
  g_autoptr (PbAuditLog) audit = NULL;

  connectors = pb_cli_open_store (error);
  if (connectors == NULL)
    return NULL;
  agents = pb_cli_open_agents (connectors, error);
  if (agents == NULL)
    return NULL;
  tokens = pb_token_manager_new (connectors, NULL);
  credentials = pb_credential_source_new (connectors, tokens);
  audit = pb_audit_log_new (NULL, 0);
  return pb_broker_new (agents, credentials, audit);
}

int
pb_cli_serve (int    argc,
              char **argv)
{
  int port = 0;
  int max_calls = 0, timeout = 0, max_request = 0, max_response = 0;
  GOptionEntry entries[] = {
    { "port", 'p', 0, G_OPTION_ARG_INT, &port,
      N_("Port on 127.0.0.1 (0, the default: a free one)"), N_("N") },
    { "max-calls-per-agent", 0, 0, G_OPTION_ARG_INT, &max_calls,
      N_("Calls one agent may have in flight (default 32)"), N_("N") },
    { "timeout", 0, 0, G_OPTION_ARG_INT, &timeout,
      N_("Seconds an API may stay silent before the call fails (default 60)"), N_("SECONDS") },
    { "max-request-kib", 0, 0, G_OPTION_ARG_INT, &max_request,
      N_("Largest request body, in KiB (default 8192)"), N_("KIB") },
    { "max-response-kib", 0, 0, G_OPTION_ARG_INT, &max_response,
      N_("Largest answer passed back, in KiB (default 65536)"), N_("KIB") },
    { NULL }
  };
  PbBrokerLimits limits;
  g_autoptr (PbBroker) broker = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GMainLoop) loop = NULL;
  g_autofree char *url = NULL;
  int code;

  if (!pb_cli_parse_options ("serve", "",
                             _("Run the credential broker on 127.0.0.1 until interrupted. Agents "
                               "call http://127.0.0.1:PORT/connectors/NAME/PATH with their "
                               "token."),
                             entries, &argc, &argv, &code))
    return code;
  if (argc > 1)
    return pb_cli_fail_usage ("serve", _("Unexpected argument “%s”."), argv[1]);
  if (port < 0 || port > 65535)
    return pb_cli_fail_usage ("serve", _("The port must be a number from 0 to 65535."));

  if (max_calls < 0 || timeout < 0 || max_request < 0 || max_response < 0)
    return pb_cli_fail_usage ("serve", _("Limits must be positive numbers."));

  broker = pb_cli_make_broker (&error);
  if (broker == NULL)
    return pb_cli_fail_with_error (error);
  pb_broker_get_limits (broker, &limits);
  if (max_calls > 0)
    limits.max_calls_per_agent = max_calls;
  if (timeout > 0)
    limits.timeout_seconds = timeout;
  if (max_request > 0)
    limits.max_request_bytes = (gsize) max_request * 1024;
  if (max_response > 0)
    limits.max_response_bytes = (gsize) max_response * 1024;
  pb_broker_set_limits (broker, &limits);
  if (!pb_broker_listen (broker, port, &error))
    return pb_cli_fail_with_error (error);

  url = pb_broker_get_url (broker);
  /* First line of output, for scripts: where to send calls. */
  printf (_("Listening on %s\n"), url);
  fflush (stdout);

  loop = g_main_loop_new (NULL, FALSE);
  g_unix_signal_add (SIGINT, quit_cb, loop);
  g_unix_signal_add (SIGTERM, quit_cb, loop);
  g_unix_signal_add (SIGHUP, quit_cb, loop);
  g_main_loop_run (loop);
  pb_broker_stop (broker);
  return PB_CLI_EXIT_OK;
}

int
pb_cli_audit (int    argc,
              char **argv)
{
  g_autofree char *agent = NULL;
  g_autofree char *connector = NULL;
  gboolean json = FALSE;
  int limit = 0;
  GOptionEntry entries[] = {
    { "agent", 'a', 0, G_OPTION_ARG_STRING, &agent, N_("Only this agent's calls"), N_("NAME") },
    { "connector", 'c', 0, G_OPTION_ARG_STRING, &connector, N_("Only calls to this connector"),
      N_("NAME") },
    { "limit", 'n', 0, G_OPTION_ARG_INT, &limit, N_("Only the newest N calls"), N_("N") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { NULL }
  };
  g_autoptr (PbAuditLog) audit = NULL;
  g_autoptr (GPtrArray) entries_read = NULL;
  g_autoptr (GError) error = NULL;
  int code;

  if (!pb_cli_parse_options ("audit", "",
                             _("Show the calls agents made through the broker and MCP, oldest "
                               "first. No secrets or query strings are ever recorded."),
                             entries, &argc, &argv, &code))
    return code;
  if (argc > 1)
    return pb_cli_fail_usage ("audit", _("Unexpected argument “%s”."), argv[1]);
  if (limit < 0)
    return pb_cli_fail_usage ("audit", _("The limit must be a positive number."));

  audit = pb_audit_log_new (NULL, 0);
  entries_read = pb_audit_log_read (audit, agent, connector, limit, &error);
  if (entries_read == NULL)
    return pb_cli_fail_with_error (error);

  if (json)
    {
      g_autoptr (JsonNode) root = json_node_new (JSON_NODE_ARRAY);
      JsonArray *array = json_array_new ();

      for (guint i = 0; i < entries_read->len; i++)
        json_array_add_element (array, pb_audit_entry_to_json (entries_read->pdata[i]));
      json_node_take_array (root, array);
      pb_cli_print_json (root);
      return PB_CLI_EXIT_OK;
    }

  if (entries_read->len == 0)
    printf ("%s\n", _("No calls recorded yet."));
  for (guint i = 0; i < entries_read->len; i++)
    {
      PbAuditEntry *e = entries_read->pdata[i];
      g_autoptr (GDateTime) time = g_date_time_new_from_unix_local (e->time / G_USEC_PER_SEC);
      g_autofree char *stamp = time != NULL ? g_date_time_format (time, "%F %T")
                                            : g_strdup ("?");

      printf ("%s  %-16s %-16s %-6s %3u %6ums  %s%s\n", stamp, e->agent ? e->agent : "-",
              e->connector ? e->connector : "-", e->method ? e->method : "-", e->status,
              e->duration_ms, e->host ? e->host : "", e->path ? e->path : "");
    }
  return PB_CLI_EXIT_OK;
}

static void
mcp_done_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_main_loop_quit (user_data);
}

int
pb_cli_mcp (int    argc,
            char **argv)
{
  g_autofree char *agent_name = NULL;
  GOptionEntry entries[] = {
    { "agent", 'a', 0, G_OPTION_ARG_STRING, &agent_name,
      N_("The agent whose connectors the tools may use"), N_("NAME") },
    { NULL }
  };
  g_autoptr (PbBroker) broker = NULL;
  g_autoptr (PbMcpServer) server = NULL;
  g_autoptr (GInputStream) input = NULL;
  g_autoptr (GOutputStream) output = NULL;
  g_autoptr (GMainLoop) loop = NULL;
  g_autoptr (GError) error = NULL;
  PbAgent *agent;
  int code;

  if (!pb_cli_parse_options ("mcp", "",
                             _("Serve the Model Context Protocol on standard input and output "
                               "for one agent: tools list_connectors and call_connector, with "
                               "the broker's checks and audit. Give this command to an MCP "
                               "client."),
                             entries, &argc, &argv, &code))
    return code;
  if (argc > 1)
    return pb_cli_fail_usage ("mcp", _("Unexpected argument “%s”."), argv[1]);
  if (agent_name == NULL)
    return pb_cli_fail_usage ("mcp", _("Give the agent's name with --agent."));

  broker = pb_cli_make_broker (&error);
  if (broker == NULL ||
      (agent = pb_cli_find_agent (pb_broker_get_agents (broker), agent_name, &error)) == NULL)
    return pb_cli_fail_with_error (error);

  server = pb_mcp_server_new (broker, agent);
  input = g_unix_input_stream_new (0, FALSE);
  output = g_unix_output_stream_new (1, FALSE);
  loop = g_main_loop_new (NULL, FALSE);
  g_unix_signal_add (SIGINT, quit_cb, loop);
  g_unix_signal_add (SIGTERM, quit_cb, loop);
  pb_mcp_server_run_async (server, input, output, NULL, mcp_done_cb, loop);
  g_main_loop_run (loop);
  return PB_CLI_EXIT_OK;
}
