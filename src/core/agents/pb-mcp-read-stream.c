/* pb-mcp-read-stream.c: the MCP tool read_stream: a Builder project's stream, read for an agent
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "pb-mcp-server-private.h"

#define DEFAULT_LIMIT 10
#define MAX_LIMIT 100

JsonNode *
pb_mcp_read_stream_tool (void)
{
  static const char *schema =
    "{\"type\":\"object\",\"properties\":{"
    "\"connector\":{\"type\":\"string\",\"description\":\"The connector's name, as "
    "list_connectors gives it\"},"
    "\"stream\":{\"type\":\"string\",\"description\":\"The stream to read, as the connector's "
    "Connector Builder project names it\"},"
    "\"limit\":{\"type\":\"integer\",\"minimum\":1,\"maximum\":100,\"description\":\"Records "
    "to return (default 10)\"}},"
    "\"required\":[\"connector\",\"stream\"],\"additionalProperties\":false}";
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);
  JsonObject *tool = json_object_new ();

  json_object_set_string_member (tool, "name", "read_stream");
  json_object_set_string_member (tool, "title", "Read a stream");
  json_object_set_string_member (tool, "description",
                                 "Reads records of a stream of a connector that has a "
                                 "Connector Builder project (paging, record selection and "
                                 "authentication as the project's manifest says); Plugboard "
                                 "adds the credential. Returns the first records as JSON and "
                                 "any warnings of the read.");
  json_object_set_member (tool, "inputSchema", pb_mcp_parse_json (schema));
  json_node_take_object (node, tool);
  return node;
}

typedef struct {
  PbMcpServer *self;
  JsonNode *id;
  char *connector;   /* as asked */
  PbMcpSendFunc send;
  gpointer user_data;
} PendingRead;

static char *
cjson_text (const cJSON *value)
{
  char *text = cJSON_PrintUnformatted (value);
  char *copy = g_strdup (text != NULL ? text : "null");

  cJSON_free (text);
  return copy;
}

/* The answer: a line for people, the records as JSON (fewer when over the size cap), a note
 * when there were more, the warnings and why the read stopped early. */
static JsonNode *
describe_reading (PbMcpServer     *self,
                  PbBrokerReading *reading,
                  const char      *connector)
{
  g_autoptr (GString) text = g_string_new (NULL);
  g_autofree char *records = cjson_text (reading->records);
  guint shown;
  gboolean cut_for_size = FALSE;
  JsonObject *structured = NULL;
  int n_warnings = cJSON_GetArraySize (reading->warnings);

  /* Keep the answer within the body cap, dropping records from the end. */
  while (strlen (records) > self->max_body && cJSON_GetArraySize (reading->records) > 0)
    {
      cJSON_DeleteItemFromArray (reading->records, cJSON_GetArraySize (reading->records) - 1);
      g_free (records);
      records = cjson_text (reading->records);
      cut_for_size = TRUE;
    }
  shown = cJSON_GetArraySize (reading->records);

  g_string_append_printf (text, _("Stream “%s” of “%s” (Builder project “%s”): "),
                          reading->stream, connector, reading->project);
  g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "%u record shown",
                                             "%u records shown", shown), shown);
  g_string_append (text, ".\n\n");
  g_string_append (text, records);
  if (cut_for_size)
    {
      g_autofree char *cap = g_format_size (self->max_body);

      g_string_append_printf (text, _("\n\n[Cut: the records are longer than %s; only the "
                                      "first ones are shown. Ask for a smaller limit.]"),
                              cap);
    }
  else if (reading->truncated)
    g_string_append (text, _("\n\n[Cut: the stream has more records than the limit. Ask for "
                             "a larger limit (at most 100) to see more.]"));
  if (n_warnings > 0)
    {
      const cJSON *w;

      g_string_append_printf (text, "\n\n%s", _("Warnings of the read:"));
      cJSON_ArrayForEach (w, reading->warnings)
        g_string_append_printf (text, "\n- %s: %s",
                                cJSON_GetStringValue (cJSON_GetObjectItem (w, "code")),
                                cJSON_GetStringValue (cJSON_GetObjectItem (w, "message")));
    }
  if (reading->error != NULL)
    g_string_append_printf (text, "\n\n%s %s", _("The read stopped early:"),
                            reading->error->message);

  if (g_strcmp0 (self->protocol, "2025-06-18") == 0)
    {
      g_autofree char *warnings = cjson_text (reading->warnings);

      structured = json_object_new ();
      json_object_set_string_member (structured, "stream", reading->stream);
      json_object_set_string_member (structured, "project", reading->project);
      json_object_set_member (structured, "records", pb_mcp_parse_json (records));
      json_object_set_int_member (structured, "record_count", (gint64) reading->record_count);
      json_object_set_boolean_member (structured, "truncated",
                                      reading->truncated || cut_for_size);
      json_object_set_member (structured, "warnings", pb_mcp_parse_json (warnings));
      if (reading->error != NULL)
        json_object_set_string_member (structured, "error", reading->error->message);
    }
  /* A read that failed before any record (the key refused…) is an error for the model. */
  return pb_mcp_tool_result (text->str, reading->error != NULL && reading->record_count == 0,
                             structured);
}

static void
read_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  PendingRead *pending = user_data;
  PbMcpServer *self = pending->self;
  g_autoptr (GError) error = NULL;
  g_autoptr (PbBrokerReading) reading = pb_broker_read_stream_finish (PB_BROKER (source),
                                                                      result, &error);

  if (reading == NULL)
    pb_mcp_send_node (pending->send, pending->user_data, pending->id, "result",
                      pb_mcp_tool_result (error->message, TRUE, NULL));
  else
    pb_mcp_send_node (pending->send, pending->user_data, pending->id, "result",
                      describe_reading (self, reading, pending->connector));

  self->in_flight--;
  json_node_unref (pending->id);
  g_free (pending->connector);
  g_free (pending);
  pb_mcp_server_finish_if_done (self);
  g_object_unref (self);
}

void
pb_mcp_read_stream (PbMcpServer   *self,
                    JsonObject    *args,
                    JsonNode      *id,
                    PbMcpSendFunc  send,
                    gpointer       user_data)
{
  const char *connector = pb_mcp_string_arg (args, "connector");
  const char *stream = pb_mcp_string_arg (args, "stream");
  gint64 limit = DEFAULT_LIMIT;
  JsonNode *node;
  PendingRead *pending;

  if (connector == NULL || stream == NULL)
    {
      pb_mcp_refuse (send, user_data, id,
                     _("read_stream needs “connector” and “stream” (strings)."));
      return;
    }
  if (args != NULL && (node = json_object_get_member (args, "limit")) != NULL)
    {
      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64 ||
          json_node_get_int (node) < 1 || json_node_get_int (node) > MAX_LIMIT)
        {
          pb_mcp_refuse (send, user_data, id, _("“limit” must be a whole number from 1 to 100."));
          return;
        }
      limit = json_node_get_int (node);
    }

  pending = g_new0 (PendingRead, 1);
  pending->self = g_object_ref (self);
  pending->id = json_node_copy (id);
  pending->connector = g_strdup (connector);
  pending->send = send;
  pending->user_data = user_data;
  self->in_flight++;
  pb_broker_read_stream_async (self->broker, self->agent, connector, stream, (guint) limit,
                               "mcp", NULL, read_done_cb, pending);
}
