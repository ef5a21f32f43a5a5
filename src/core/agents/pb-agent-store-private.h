/* pb-agent-store-private.h: what pb-agent-store.c and pb-agent-store-file.c share; not part
 * of the public API
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pb-agent-store.h"

G_BEGIN_DECLS

struct _PbAgentStore
{
  GObject parent_instance;

  char *path;
  PbConnectorStore *connectors;
  guint autosave_delay;

  GPtrArray *items;        /* PbAgent*, sorted by name */
  GHashTable *pending;     /* ids with local changes not yet written */
  GHashTable *deleted;     /* ids deleted here, not yet written */
  char *load_warning;
  char *last_checksum;

  GFileMonitor *monitor;
  guint autosave_id;
  guint reload_id;
  guint merging : 1;
  guint syncing : 1;
};

typedef struct {
  GPtrArray *entries;   /* PbAgent* read from the file */
  gboolean complete;    /* FALSE: the file was broken and moved aside */
  char *checksum;       /* of a good file's bytes */
} PbAgentFileState;

void     pb_agent_file_state_clear   (PbAgentFileState *state);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (PbAgentFileState, pb_agent_file_state_clear)

/* Reads the agents file; a damaged one is moved aside (load_warning says so). */
gboolean pb_agent_store_read_file    (PbAgentStore      *self,
                                      PbAgentFileState  *state,
                                      GError           **error);
/* Brings the file's agents in (local unsaved changes win). TRUE if anything changed. */
gboolean pb_agent_store_merge_file   (PbAgentStore      *self,
                                      PbAgentFileState  *state);
/* {"version": 1, "agents": [...]} */
char    *pb_agent_store_serialize    (PbAgentStore      *self,
                                      gsize             *length);
/* Takes ownership of AGENT. */
void     pb_agent_store_insert_agent (PbAgentStore      *self,
                                      PbAgent           *agent);
void     pb_agent_store_remove_agent (PbAgentStore      *self,
                                      PbAgent           *agent);

G_END_DECLS
