/* pb-mcp-server.c: a Model Context Protocol server over stdio, scoped to one agent
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "pb-mcp-server-private.h"

#define DEFAULT_MAX_BODY (100 * 1024)
#define MAX_LINE (4 * 1024 * 1024)

/* JSON-RPC 2.0 error codes */
#define RPC_PARSE_ERROR -32700
#define RPC_INVALID_REQUEST -32600
#define RPC_METHOD_NOT_FOUND -32601
#define RPC_INVALID_PARAMS -32602

const char * const pb_mcp_protocol_versions[] = { "2025-06-18", "2025-03-26", "2024-11-05", NULL };


G_DEFINE_FINAL_TYPE (PbMcpServer, pb_mcp_server, G_TYPE_OBJECT)

static void
pb_mcp_server_dispose (GObject *object)
{
  PbMcpServer *self = PB_MCP_SERVER (object);

  g_clear_object (&self->broker);
  g_clear_object (&self->agent);

  G_OBJECT_CLASS (pb_mcp_server_parent_class)->dispose (object);
}

static void
pb_mcp_server_finalize (GObject *object)
{
  PbMcpServer *self = PB_MCP_SERVER (object);

  g_free (self->protocol);

  G_OBJECT_CLASS (pb_mcp_server_parent_class)->finalize (object);
}

static void
pb_mcp_server_class_init (PbMcpServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = pb_mcp_server_dispose;
  object_class->finalize = pb_mcp_server_finalize;
}

static void
pb_mcp_server_init (PbMcpServer *self)
{
  self->max_body = DEFAULT_MAX_BODY;
  self->protocol = g_strdup (pb_mcp_protocol_versions[0]);
}

PbMcpServer *
pb_mcp_server_new (PbBroker *broker,
                   PbAgent  *agent)
{
  PbMcpServer *self = g_object_new (PB_TYPE_MCP_SERVER, NULL);

  self->broker = g_object_ref (broker);
  self->agent = g_object_ref (agent);
  return self;
}

void
pb_mcp_server_set_max_body (PbMcpServer *self,
                            gsize        max_bytes)
{
  self->max_body = max_bytes;
}

/* Messages */

/* A string member, or NULL when absent or of another type (never a critical warning). */
static const char *
string_member (JsonObject *object,
               const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static char *
to_line (JsonNode *node)
{
  g_autoptr (JsonGenerator) generator = json_generator_new ();

  /* Not pretty: one message, one line. */
  json_generator_set_root (generator, node);
  return json_generator_to_data (generator, NULL);
}

void
pb_mcp_send_node (PbMcpSendFunc  send,
                  gpointer       user_data,
                  JsonNode      *id,
                  const char    *member,
                  JsonNode      *value)   /* transfer full */
{
  g_autoptr (JsonNode) root = json_node_new (JSON_NODE_OBJECT);
  JsonObject *object = json_object_new ();
  g_autofree char *line = NULL;

  json_object_set_string_member (object, "jsonrpc", "2.0");
  json_object_set_member (object, "id", id != NULL ? json_node_copy (id)
                                                   : json_node_new (JSON_NODE_NULL));
  json_object_set_member (object, member, value);
  json_node_take_object (root, object);
  line = to_line (root);
  send (line, user_data);
}

static void
send_error (PbMcpSendFunc  send,
            gpointer       user_data,
            JsonNode      *id,
            int            code,
            const char    *message)
{
  JsonNode *error = json_node_new (JSON_NODE_OBJECT);
  JsonObject *object = json_object_new ();

  json_object_set_int_member (object, "code", code);
  json_object_set_string_member (object, "message", message);
  json_node_take_object (error, object);
  pb_mcp_send_node (send, user_data, id, "error", error);
}

/* {"content": [{"type": "text", "text": TEXT}], "isError": IS_ERROR} (+ structuredContent) */
JsonNode *
pb_mcp_tool_result (const char *text,
                    gboolean    is_error,
                    JsonObject *structured)   /* transfer full, may be NULL */
{
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);
  JsonObject *object = json_object_new ();
  JsonArray *content = json_array_new ();
  JsonObject *item = json_object_new ();

  json_object_set_string_member (item, "type", "text");
  json_object_set_string_member (item, "text", text);
  json_array_add_object_element (content, item);
  json_object_set_array_member (object, "content", content);
  json_object_set_boolean_member (object, "isError", is_error);
  if (structured != NULL)
    json_object_set_object_member (object, "structuredContent", structured);
  json_node_take_object (node, object);
  return node;
}

/* Tools */

JsonNode *
pb_mcp_parse_json (const char *text)
{
  g_autoptr (JsonParser) parser = json_parser_new ();

  if (!json_parser_load_from_data (parser, text, -1, NULL))
    return NULL;
  return json_node_copy (json_parser_get_root (parser));
}

static JsonNode *
tools_list (PbMcpServer *self)
{
  static const char *list_schema = "{\"type\":\"object\",\"properties\":{},"
                                   "\"additionalProperties\":false}";
  static const char *call_schema =
    "{\"type\":\"object\",\"properties\":{"
    "\"connector\":{\"type\":\"string\",\"description\":\"The connector's name, as "
    "list_connectors gives it\"},"
    "\"method\":{\"type\":\"string\",\"description\":\"HTTP method (default GET)\","
    "\"enum\":[\"GET\",\"POST\",\"PUT\",\"PATCH\",\"DELETE\",\"HEAD\",\"OPTIONS\"]},"
    "\"path\":{\"type\":\"string\",\"description\":\"Path below the connector's base URL, "
    "starting with /\"},"
    "\"query\":{\"type\":\"object\",\"description\":\"Query parameters\","
    "\"additionalProperties\":{\"type\":[\"string\",\"number\",\"boolean\"]}},"
    "\"headers\":{\"type\":\"object\",\"description\":\"Extra request headers (never "
    "credentials: Plugboard adds those)\",\"additionalProperties\":{\"type\":\"string\"}},"
    "\"body\":{\"type\":\"string\",\"description\":\"Request body (JSON as text)\"}},"
    "\"required\":[\"connector\",\"path\"],\"additionalProperties\":false}";
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);
  JsonObject *result = json_object_new ();
  JsonArray *tools = json_array_new ();
  JsonObject *list = json_object_new ();
  JsonObject *call = json_object_new ();

  json_object_set_string_member (list, "name", "list_connectors");
  json_object_set_string_member (list, "title", "List connectors");
  json_object_set_string_member (list, "description",
                                 "The connectors this agent may call: name, type, base URL "
                                 "and whether each is ready. Never shows a credential.");
  json_object_set_member (list, "inputSchema", pb_mcp_parse_json (list_schema));
  json_object_set_string_member (call, "name", "call_connector");
  json_object_set_string_member (call, "title", "Call a connector's API");
  json_object_set_string_member (call, "description",
                                 "Sends an HTTP request to a connector's API; Plugboard adds "
                                 "the credential. Returns the status and the body as text.");
  json_object_set_member (call, "inputSchema", pb_mcp_parse_json (call_schema));
  json_array_add_object_element (tools, list);
  json_array_add_object_element (tools, call);
  /* Only where there is something to read: a Builder project linked to a connector. */
  if (pb_broker_agent_has_streams (self->broker, self->agent))
    json_array_add_element (tools, pb_mcp_read_stream_tool ());
  json_object_set_array_member (result, "tools", tools);
  json_node_take_object (node, result);
  return node;
}

static const char *
state_nick (PbConnectorState state)
{
  switch (state)
    {
    case PB_CONNECTOR_STATE_READY:
      return "ready";
    case PB_CONNECTOR_STATE_NEEDS_ATTENTION:
      return "needs-attention";
    case PB_CONNECTOR_STATE_RECONNECT_NEEDED:
      return "reconnect-needed";
    case PB_CONNECTOR_STATE_NEEDS_SETUP:
    default:
      return "needs-setup";
    }
}

static JsonNode *
list_connectors (PbMcpServer *self)
{
  PbAgentStore *agents = pb_broker_get_agents (self->broker);
  g_autoptr (GPtrArray) connectors = pb_agent_store_list_connectors (agents, self->agent);
  g_autoptr (JsonNode) array_node = json_node_new (JSON_NODE_ARRAY);
  JsonArray *array = json_array_new ();
  JsonObject *structured = json_object_new ();
  g_autofree char *text = NULL;

  for (guint i = 0; i < connectors->len; i++)
    {
      PbConnector *c = g_ptr_array_index (connectors, i);
      JsonObject *entry = json_object_new ();
      PbConnectorState state = pb_connector_get_state (c);

      json_object_set_string_member (entry, "name", pb_connector_get_name (c));
      json_object_set_string_member (entry, "type",
                                     pb_connector_kind_to_string (pb_connector_get_kind (c)));
      json_object_set_string_member (entry, "base_url", pb_connector_get_base_url (c)
                                                        ? pb_connector_get_base_url (c) : "");
      json_object_set_string_member (entry, "state", state_nick (state));
      json_object_set_boolean_member (entry, "ready", state == PB_CONNECTOR_STATE_READY);
      json_array_add_object_element (array, entry);
    }
  json_node_take_array (array_node, array);
  text = to_line (array_node);
  json_object_set_member (structured, "connectors", json_node_copy (array_node));
  /* structuredContent came with 2025-06-18; older clients get the text only. */
  if (g_strcmp0 (self->protocol, "2025-06-18") != 0)
    g_clear_pointer (&structured, json_object_unref);
  return pb_mcp_tool_result (text, FALSE, structured);
}

typedef struct {
  PbMcpServer *self;
  JsonNode *id;
  PbMcpSendFunc send;
  gpointer user_data;
} PendingCall;

void
pb_mcp_server_finish_if_done (PbMcpServer *self)
{
  if (self->run_task != NULL && self->input_done && self->in_flight == 0)
    {
      GTask *task = g_steal_pointer (&self->run_task);

      g_task_return_boolean (task, TRUE);
      g_object_unref (task);
    }
}

static char *
describe_answer (PbBrokerAnswer *answer,
                 gsize           max_body)
{
  GString *text = g_string_new (NULL);
  gsize size = 0;
  const char *data = g_bytes_get_data (answer->body, &size);

  g_string_append_printf (text, "HTTP %u %s\n", answer->status,
                          soup_status_get_phrase (answer->status));
  if (answer->content_type != NULL)
    g_string_append_printf (text, "Content-Type: %s\n", answer->content_type);
  g_string_append_c (text, '\n');
  if (size > 0 && !g_utf8_validate_len (data, size, NULL))
    {
      const char *end = NULL;

      /* Cut in the middle of a character at the cap: keep what is valid. */
      if (answer->truncated && g_utf8_validate_len (data, size, &end) == FALSE &&
          size - (end - data) < 4)
        g_string_append_len (text, data, end - data);
      else
        {
          g_autofree char *shown = g_format_size (size);

          g_string_append_printf (text, _("[A binary body of %s is not shown.]"), shown);
        }
    }
  else
    g_string_append_len (text, data, size);
  if (answer->truncated)
    {
      g_autofree char *shown = g_format_size (max_body);

      g_string_append_printf (text, _("\n\n[Cut: the answer was longer; only the first %s are "
                                      "shown. Ask for less, for example with paging "
                                      "parameters.]"),
                              shown);
    }
  return g_string_free (text, FALSE);
}

static void
call_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  PendingCall *pending = user_data;
  PbMcpServer *self = pending->self;
  g_autoptr (GError) error = NULL;
  g_autoptr (PbBrokerAnswer) answer = pb_broker_call_finish (PB_BROKER (source), result,
                                                             &error);

  if (answer == NULL)
    pb_mcp_send_node (pending->send, pending->user_data, pending->id, "result",
               pb_mcp_tool_result (error->message, TRUE, NULL));
  else
    {
      g_autofree char *text = describe_answer (answer, self->max_body);
      JsonObject *structured = NULL;

      if (g_strcmp0 (self->protocol, "2025-06-18") == 0)
        {
          structured = json_object_new ();
          json_object_set_int_member (structured, "status", answer->status);
          json_object_set_boolean_member (structured, "truncated", answer->truncated);
        }
      pb_mcp_send_node (pending->send, pending->user_data, pending->id, "result",
                 pb_mcp_tool_result (text, FALSE, structured));
    }

  self->in_flight--;
  json_node_unref (pending->id);
  g_free (pending);
  pb_mcp_server_finish_if_done (self);
  g_object_unref (self);
}

void
pb_mcp_refuse (PbMcpSendFunc  send,
               gpointer       user_data,
               JsonNode      *id,
               const char    *message)
{
  pb_mcp_send_node (send, user_data, id, "result", pb_mcp_tool_result (message, TRUE, NULL));
}

const char *
pb_mcp_string_arg (JsonObject *args,
                   const char *name)
{
  JsonNode *node = args != NULL ? json_object_get_member (args, name) : NULL;

  if (node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
      json_node_get_value_type (node) == G_TYPE_STRING)
    return json_node_get_string (node);
  return NULL;
}

static void
call_connector (PbMcpServer   *self,
                JsonObject    *args,
                JsonNode      *id,
                PbMcpSendFunc  send,
                gpointer       user_data)
{
  const char *connector = pb_mcp_string_arg (args, "connector");
  const char *path = pb_mcp_string_arg (args, "path");
  const char *method = pb_mcp_string_arg (args, "method");
  const char *body_text = pb_mcp_string_arg (args, "body");
  g_autoptr (SoupMessageHeaders) headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_REQUEST);
  g_autoptr (GString) query = g_string_new (NULL);
  g_autoptr (GBytes) body = NULL;
  g_autofree char *raw_path = NULL;
  const char *question;
  JsonNode *node;
  PendingCall *pending;

  if (method == NULL)
    method = "GET";
  if (connector == NULL || path == NULL)
    {
      pb_mcp_refuse (send, user_data, id,
                     _("call_connector needs “connector” and “path” (strings)."));
      return;
    }
  for (const char *p = method; *p != '\0'; p++)
    if (!g_ascii_isalpha (*p))
      {
        pb_mcp_refuse (send, user_data, id,
                       _("“method” must be an HTTP method such as GET or POST."));
        return;
      }
  if (*path != '/')
    {
      pb_mcp_refuse (send, user_data, id,
                     _("“path” must start with “/” (below the connector’s base URL)."));
      return;
    }

  /* The path as given, with characters a URL cannot hold encoded; "?…" joins the query. */
  question = strchr (path, '?');
  {
    g_autofree char *bare = question != NULL ? g_strndup (path, question - path)
                                             : g_strdup (path);

    raw_path = g_uri_escape_string (bare, "!$&'()*+,;=:@/%", FALSE);
  }
  if (question != NULL)
    g_string_append (query, question + 1);

  if (args != NULL && (node = json_object_get_member (args, "query")) != NULL &&
      JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObjectIter iter;
      const char *name;
      JsonNode *value;

      json_object_iter_init (&iter, json_node_get_object (node));
      while (json_object_iter_next (&iter, &name, &value))
        {
          g_autofree char *text = NULL, *ename = NULL, *evalue = NULL;

          if (!JSON_NODE_HOLDS_VALUE (value))
            continue;
          if (json_node_get_value_type (value) == G_TYPE_STRING)
            text = g_strdup (json_node_get_string (value));
          else if (json_node_get_value_type (value) == G_TYPE_BOOLEAN)
            text = g_strdup (json_node_get_boolean (value) ? "true" : "false");
          else if (json_node_get_value_type (value) == G_TYPE_INT64)
            text = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (value));
          else
            text = g_strdup_printf ("%g", json_node_get_double (value));
          ename = g_uri_escape_string (name, NULL, FALSE);
          evalue = g_uri_escape_string (text, NULL, FALSE);
          g_string_append_printf (query, "%s%s=%s", query->len > 0 ? "&" : "", ename, evalue);
        }
    }

  if (args != NULL && (node = json_object_get_member (args, "headers")) != NULL &&
      JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObjectIter iter;
      const char *name;
      JsonNode *value;

      json_object_iter_init (&iter, json_node_get_object (node));
      while (json_object_iter_next (&iter, &name, &value))
        {
          g_autoptr (GError) error = NULL;
          const char *text;

          if (!JSON_NODE_HOLDS_VALUE (value) || json_node_get_value_type (value) != G_TYPE_STRING)
            continue;
          text = json_node_get_string (value);
          if (!pb_broker_check_header (name, text, &error))
            {
              pb_mcp_refuse (send, user_data, id, error->message);
              return;
            }
          soup_message_headers_append (headers, name, text);
        }
    }
  if (body_text != NULL)
    {
      body = g_bytes_new (body_text, strlen (body_text));
      if (soup_message_headers_get_content_type (headers, NULL) == NULL)
        soup_message_headers_set_content_type (headers, "application/json", NULL);
    }

  pending = g_new0 (PendingCall, 1);
  pending->self = g_object_ref (self);
  pending->id = json_node_copy (id);
  pending->send = send;
  pending->user_data = user_data;
  self->in_flight++;
  pb_broker_call_async (self->broker, self->agent, connector, method, raw_path,
                        query->len > 0 ? query->str : NULL, headers, body, self->max_body,
                        "mcp", NULL, call_done_cb, pending);
}

/* Dispatch */

static void
initialize (PbMcpServer   *self,
            JsonObject    *params,
            JsonNode      *id,
            PbMcpSendFunc  send,
            gpointer       user_data)
{
  const char *asked = string_member (params, "protocolVersion");
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);
  JsonObject *result = json_object_new ();
  JsonObject *capabilities = json_object_new ();
  JsonObject *tools = json_object_new ();
  JsonObject *info = json_object_new ();
  g_autofree char *instructions = NULL;

  /* The client's revision when we speak it, else our newest: the client decides. */
  g_free (self->protocol);
  self->protocol = g_strdup (asked != NULL && g_strv_contains (pb_mcp_protocol_versions, asked)
                             ? asked : pb_mcp_protocol_versions[0]);

  json_object_set_string_member (result, "protocolVersion", self->protocol);
  json_object_set_boolean_member (tools, "listChanged", FALSE);
  json_object_set_object_member (capabilities, "tools", tools);
  json_object_set_object_member (result, "capabilities", capabilities);
  json_object_set_string_member (info, "name", "plugboard");
  json_object_set_string_member (info, "title", "Plugboard");
  json_object_set_string_member (info, "version", PACKAGE_VERSION);
  json_object_set_object_member (result, "serverInfo", info);
  instructions = g_strdup_printf ("Calls the APIs of the connectors the agent “%s” may use. "
                                  "Plugboard adds the credentials; you never see them.",
                                  pb_agent_get_name (self->agent));
  json_object_set_string_member (result, "instructions", instructions);
  json_node_take_object (node, result);
  pb_mcp_send_node (send, user_data, id, "result", node);
}

void
pb_mcp_server_handle_line (PbMcpServer   *self,
                           const char    *line,
                           PbMcpSendFunc  send,
                           gpointer       user_data)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  JsonObject *message, *params = NULL;
  JsonNode *root, *id, *params_node;
  const char *method;

  if (!json_parser_load_from_data (parser, line, -1, NULL) ||
      (root = json_parser_get_root (parser)) == NULL)
    {
      send_error (send, user_data, NULL, RPC_PARSE_ERROR, "Parse error");
      return;
    }
  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      send_error (send, user_data, NULL, RPC_INVALID_REQUEST,
                  JSON_NODE_HOLDS_ARRAY (root) ? "Batches are not supported"
                                               : "Invalid Request");
      return;
    }
  message = json_node_get_object (root);
  id = json_object_get_member (message, "id");
  if (id != NULL && !JSON_NODE_HOLDS_VALUE (id) && !JSON_NODE_HOLDS_NULL (id))
    id = NULL;
  method = string_member (message, "method");
  if (g_strcmp0 (string_member (message, "jsonrpc"), "2.0") != 0 || method == NULL)
    {
      /* An answer to a request we never sent, or garbage: answer only what has an id. */
      if (id != NULL && method != NULL)
        send_error (send, user_data, id, RPC_INVALID_REQUEST, "Invalid Request");
      return;
    }
  params_node = json_object_get_member (message, "params");
  if (params_node != NULL && JSON_NODE_HOLDS_OBJECT (params_node))
    params = json_node_get_object (params_node);

  if (id == NULL)
    return;   /* notifications: initialized, cancelled… nothing to answer */

  if (strcmp (method, "initialize") == 0)
    initialize (self, params, id, send, user_data);
  else if (strcmp (method, "ping") == 0)
    pb_mcp_send_node (send, user_data, id, "result", json_node_init_object (json_node_alloc (),
                                                                     json_object_new ()));
  else if (strcmp (method, "tools/list") == 0)
    pb_mcp_send_node (send, user_data, id, "result", tools_list (self));
  else if (strcmp (method, "tools/call") == 0)
    {
      const char *name = string_member (params, "name");
      JsonNode *args_node = params != NULL ? json_object_get_member (params, "arguments") : NULL;
      JsonObject *args = args_node != NULL && JSON_NODE_HOLDS_OBJECT (args_node)
        ? json_node_get_object (args_node) : NULL;

      if (g_strcmp0 (name, "list_connectors") == 0)
        pb_mcp_send_node (send, user_data, id, "result", list_connectors (self));
      else if (g_strcmp0 (name, "call_connector") == 0)
        call_connector (self, args, id, send, user_data);
      else if (g_strcmp0 (name, "read_stream") == 0)
        pb_mcp_read_stream (self, args, id, send, user_data);
      else
        send_error (send, user_data, id, RPC_INVALID_PARAMS, "Unknown tool");
    }
  else
    send_error (send, user_data, id, RPC_METHOD_NOT_FOUND, "Method not found");
}

/* stdio */

typedef struct {
  GDataInputStream *input;
  GOutputStream *output;
} RunData;

static void
run_data_free (RunData *data)
{
  g_clear_object (&data->input);
  g_clear_object (&data->output);
  g_free (data);
}

static void
write_line (const char *line,
            gpointer    user_data)
{
  GOutputStream *output = user_data;
  gsize written;

  /* Blocking on a pipe is what a stdio server does; a gone client ends the process. */
  if (!g_output_stream_write_all (output, line, strlen (line), &written, NULL, NULL) ||
      !g_output_stream_write_all (output, "\n", 1, &written, NULL, NULL))
    return;
  g_output_stream_flush (output, NULL, NULL);
}

static void read_next_line (PbMcpServer *self);

static void
line_read_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  PbMcpServer *self = user_data;
  RunData *data;
  g_autoptr (GError) error = NULL;
  g_autofree char *line = NULL;
  gsize length = 0;

  line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (source), result,
                                                    &length, &error);
  if (self->run_task == NULL)
    {
      g_object_unref (self);
      return;
    }
  data = g_task_get_task_data (self->run_task);
  if (line == NULL && error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
      && error->domain == G_CONVERT_ERROR)
    {
      /* Not UTF-8: answer, then go on with the next line. */
      send_error (write_line, data->output, NULL, RPC_PARSE_ERROR, "Parse error");
      read_next_line (self);
      g_object_unref (self);
      return;
    }
  if (line == NULL)
    {
      self->input_done = TRUE;
      pb_mcp_server_finish_if_done (self);
      g_object_unref (self);
      return;
    }
  if (length > MAX_LINE)
    send_error (write_line, data->output, NULL, RPC_INVALID_REQUEST, "Message too large");
  else if (*g_strstrip (line) != '\0')
    pb_mcp_server_handle_line (self, line, write_line, data->output);
  read_next_line (self);
  g_object_unref (self);
}

static void
read_next_line (PbMcpServer *self)
{
  RunData *data = g_task_get_task_data (self->run_task);

  g_data_input_stream_read_line_async (data->input, G_PRIORITY_DEFAULT,
                                       g_task_get_cancellable (self->run_task), line_read_cb,
                                       g_object_ref (self));
}

void
pb_mcp_server_run_async (PbMcpServer         *self,
                         GInputStream        *input,
                         GOutputStream       *output,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  RunData *data = g_new0 (RunData, 1);

  g_return_if_fail (self->run_task == NULL);

  self->run_task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (self->run_task, pb_mcp_server_run_async);
  data->input = g_data_input_stream_new (input);
  g_data_input_stream_set_newline_type (data->input, G_DATA_STREAM_NEWLINE_TYPE_ANY);
  data->output = g_object_ref (output);
  g_task_set_task_data (self->run_task, data, (GDestroyNotify) run_data_free);
  self->input_done = FALSE;
  read_next_line (self);
}

gboolean
pb_mcp_server_run_finish (PbMcpServer   *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}
