/* pb-mcp-server.h: a Model Context Protocol server over stdio, scoped to one agent
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "pb-broker.h"

G_BEGIN_DECLS

#define PB_TYPE_MCP_SERVER (pb_mcp_server_get_type ())

G_DECLARE_FINAL_TYPE (PbMcpServer, pb_mcp_server, PB, MCP_SERVER, GObject)

/* JSON-RPC 2.0, one message a line (the MCP stdio transport), protocol revision 2025-06-18;
 * "initialize" answers an older revision the client asks for (2025-03-26, 2024-11-05) with
 * that revision. Tools, scoped to AGENT's connectors:
 *   list_connectors: names, types, base URLs and whether each is ready (never a secret);
 *   call_connector {connector, method, path, query?, headers?, body?}: through BROKER's
 *     checks and audit (via "mcp"); the status and the body as text, cut at a cap with a
 *     note. Refusals are tool results with isError: true;
 *   read_stream {connector, stream, limit?}: listed when a Connector Builder project is linked
 *     to one of the agent's connectors; reads the stream with the test-read runner and the
 *     connector's credential (pb_broker_read_stream_async), returns the first LIMIT records
 *     (default 10) as JSON with a note when there were more, and the runner's warnings.
 *     Called anyway without a project, it is a tool error saying so. */

/* The protocol revisions this server speaks, newest first. */
extern const char * const pb_mcp_protocol_versions[];

PbMcpServer *pb_mcp_server_new        (PbBroker *broker,
                                       PbAgent  *agent);
/* Answer bodies longer than this are cut (default 100 KiB). */
void         pb_mcp_server_set_max_body (PbMcpServer *self,
                                         gsize        max_bytes);

/* Handles one JSON-RPC message (a line without its newline). Calls SEND with each answer
 * line (possibly later, for tool calls). */
typedef void (*PbMcpSendFunc) (const char *line, gpointer user_data);
void         pb_mcp_server_handle_line (PbMcpServer   *self,
                                        const char    *line,
                                        PbMcpSendFunc  send,
                                        gpointer       user_data);

/* Reads lines from INPUT and writes answers to OUTPUT until INPUT ends; finishes once every
 * call in flight has been answered. */
void         pb_mcp_server_run_async   (PbMcpServer         *self,
                                        GInputStream        *input,
                                        GOutputStream       *output,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data);
gboolean     pb_mcp_server_run_finish  (PbMcpServer   *self,
                                        GAsyncResult  *result,
                                        GError       **error);

G_END_DECLS
