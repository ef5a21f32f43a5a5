/* pb-agent-store.h: the list of agents, kept in one versioned JSON file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "pb-agent.h"
#include "pb-agent-mentions.h"
#include "pb-connector-store.h"

G_BEGIN_DECLS

#define PB_TYPE_AGENT_STORE (pb_agent_store_get_type ())

G_DECLARE_FINAL_TYPE (PbAgentStore, pb_agent_store, PB, AGENT_STORE, GObject)

/* A GListModel of PbAgent sorted by name. The file ($XDG_DATA_HOME/plugboard/agents.json
 * unless a path is given) holds {"version": 1, "agents": [...]}: names, instructions, the
 * linked connector ids, a token's SHA-256 — never a token or a secret. It is kept like the
 * connectors file (same helpers): atomic writes, a lock around read-merge-write so the app
 * and plugboard-cli can both change it, a damaged file moved aside and never overwritten.
 *
 * Links follow the instructions: every change of the instructions, and every change in the
 * connector store, resolves the mentions again. A renamed connector keeps its link and its
 * old name is rewritten in the instructions; a deleted one drops out (and its mention shows
 * as unresolved).
 *
 * Local changes are saved after "autosave-delay" ms (default 300); "saved" () and
 * "save-failed" (GError*) follow each write. A file monitor merges other programs' changes;
 * "reloaded" () says so. */

PbAgentStore     *pb_agent_store_new              (const char       *path,   /* NULL: default */
                                                   PbConnectorStore *connectors);
const char       *pb_agent_store_get_path         (PbAgentStore *self);
PbConnectorStore *pb_agent_store_get_connectors   (PbAgentStore *self);
void              pb_agent_store_set_autosave_delay (PbAgentStore *self, guint msec);

gboolean          pb_agent_store_load             (PbAgentStore *self, GError **error);
const char       *pb_agent_store_get_load_warning (PbAgentStore *self);
/* Writes now (atomic, merging other programs' changes first). */
gboolean          pb_agent_store_save             (PbAgentStore *self, GError **error);
/* TRUE while changes made here are not yet written. */
gboolean          pb_agent_store_has_changes      (PbAgentStore *self);

/* Trims NAME; refuses empty names and names another agent (other than EXCEPT) has. */
char             *pb_agent_store_check_name       (PbAgentStore  *self,
                                                   const char    *name,
                                                   PbAgent       *except,
                                                   GError       **error);
/* Adds an agent (transfer none) and resolves its instructions. Does not save. */
PbAgent          *pb_agent_store_create           (PbAgentStore  *self,
                                                   const char    *name,
                                                   const char    *instructions,
                                                   GError       **error);
gboolean          pb_agent_store_rename           (PbAgentStore  *self,
                                                   PbAgent       *agent,
                                                   const char    *new_name,
                                                   GError       **error);
/* Sets the instructions and resolves them again. */
void              pb_agent_store_set_instructions (PbAgentStore  *self,
                                                   PbAgent       *agent,
                                                   const char    *instructions);
void              pb_agent_store_delete           (PbAgentStore  *self,
                                                   PbAgent       *agent);

PbAgent          *pb_agent_store_find_by_name     (PbAgentStore *self, const char *name);
PbAgent          *pb_agent_store_find_by_id       (PbAgentStore *self, const char *id);
/* The agent whose token this is, or NULL. */
PbAgent          *pb_agent_store_find_by_token    (PbAgentStore *self, const char *token);
/* The agents linked to CONNECTOR_ID (PbAgent*, transfer container), sorted by name. */
GPtrArray        *pb_agent_store_list_using       (PbAgentStore *self, const char *connector_id);
/* The agent's mentions against the current connectors (PbMention*). */
GPtrArray        *pb_agent_store_find_mentions    (PbAgentStore *self, PbAgent *agent);
/* The connectors the agent may use (PbConnector*, transfer container), in link order. */
GPtrArray        *pb_agent_store_list_connectors  (PbAgentStore *self, PbAgent *agent);

/* Follows renames and deletions in the connector store (done on load and on every change
 * of the connector store; public for programs that change both in one go). */
void              pb_agent_store_sync             (PbAgentStore *self);

G_END_DECLS
