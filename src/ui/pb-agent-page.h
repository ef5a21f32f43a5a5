/* pb-agent-page.h: one agent: name, instructions with their mentions, connectors, token, calls
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "pb-broker.h"

G_BEGIN_DECLS

#define PB_TYPE_AGENT_PAGE (pb_agent_page_get_type ())

G_DECLARE_FINAL_TYPE (PbAgentPage, pb_agent_page, PB, AGENT_PAGE, GtkBox)

/* Signals: "back" () the back button (folded window), "deleted" () the agent is gone. */
GtkWidget *pb_agent_page_new        (PbBroker *broker,   /* its agents, audit trail, URL */
                                     PbAgent  *agent);
PbAgent   *pb_agent_page_get_agent  (PbAgentPage *self);
void       pb_agent_page_set_folded (PbAgentPage *self,
                                     gboolean     folded);
/* The MCP configuration snippet for the agent ({"mcpServers": {…}}). */
char      *pb_agent_page_mcp_config (PbAgentPage *self);

G_END_DECLS
