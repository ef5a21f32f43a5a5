/* pb-agent-list.h: the agents, as a section of the window's sidebar
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "pb-agent-store.h"

G_BEGIN_DECLS

#define PB_TYPE_AGENT_LIST (pb_agent_list_get_type ())

G_DECLARE_FINAL_TYPE (PbAgentList, pb_agent_list, PB, AGENT_LIST, GtkBox)

/* Signal "agent-activated" (PbAgent*): a row was chosen, or the + button made a new agent. */
void pb_agent_list_set_store       (PbAgentList  *self,
                                    PbAgentStore *store);
void pb_agent_list_unselect        (PbAgentList  *self);
void pb_agent_list_select          (PbAgentList  *self,
                                    PbAgent      *agent);

G_END_DECLS
