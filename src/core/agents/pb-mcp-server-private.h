/* pb-mcp-server-private.h: what pb-mcp-server.c and the tools in their own files share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pb-mcp-server.h"

G_BEGIN_DECLS

struct _PbMcpServer
{
  GObject parent_instance;

  PbBroker *broker;
  PbAgent *agent;
  gsize max_body;
  char *protocol;      /* negotiated revision */
  guint in_flight;     /* tool calls not yet answered */
  GTask *run_task;     /* run_async, waiting for the input to end and calls to finish */
  gboolean input_done;
};

/* Sends {"jsonrpc": "2.0", "id": ID, MEMBER: VALUE} (VALUE: transfer full). */
void      pb_mcp_send_node             (PbMcpSendFunc  send,
                                        gpointer       user_data,
                                        JsonNode      *id,
                                        const char    *member,
                                        JsonNode      *value);
/* {"content": [{"type": "text", "text": TEXT}], "isError": IS_ERROR, "structuredContent"} */
JsonNode *pb_mcp_tool_result           (const char *text,
                                        gboolean    is_error,
                                        JsonObject *structured);
JsonNode *pb_mcp_parse_json            (const char *text);
/* ARGS' member NAME if it is a string, else NULL (ARGS may be NULL). */
const char *pb_mcp_string_arg          (JsonObject *args,
                                        const char *name);
/* A refusal before any call: a tool error, as the protocol wants for bad arguments. */
void      pb_mcp_refuse                (PbMcpSendFunc  send,
                                        gpointer       user_data,
                                        JsonNode      *id,
                                        const char    *message);
/* Ends run_async once the input ended and no call is in flight. */
void      pb_mcp_server_finish_if_done (PbMcpServer *self);

/* pb-mcp-read-stream.c: the read_stream tool (listed when a Builder project is linked to one
 * of the agent's connectors). */
JsonNode *pb_mcp_read_stream_tool      (void);
void      pb_mcp_read_stream           (PbMcpServer   *self,
                                        JsonObject    *args,
                                        JsonNode      *id,
                                        PbMcpSendFunc  send,
                                        gpointer       user_data);

G_END_DECLS
