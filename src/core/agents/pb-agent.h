/* pb-agent.h: one agent: a name, instructions and the connectors they mention
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define PB_TYPE_AGENT (pb_agent_get_type ())

G_DECLARE_FINAL_TYPE (PbAgent, pb_agent, PB, AGENT, GObject)

/* Properties (notify only on change): "id" (construct-only UUID), "name", "instructions",
 * "modified" (unix µs of the last local change).
 *
 * The connectors an agent may use are the ones its instructions name. They are held by
 * connector id (with the name they had when last resolved), so renaming a connector keeps
 * the link: PbAgentStore then rewrites the old name in the instructions.
 *
 * The agent's token is never stored: only its SHA-256 ("token-hash"), which is enough to
 * recognize it (tokens are 256 random bits). */

PbAgent     *pb_agent_new                  (const char *name,
                                            const char *instructions);

const char  *pb_agent_get_id               (PbAgent *self);
const char  *pb_agent_get_name             (PbAgent *self);
void         pb_agent_set_name             (PbAgent *self, const char *name);
const char  *pb_agent_get_instructions     (PbAgent *self);
void         pb_agent_set_instructions     (PbAgent *self, const char *instructions);
gint64       pb_agent_get_modified         (PbAgent *self);

/* The linked connectors: ids, and the names they had when resolved (same order). */
guint        pb_agent_get_n_links          (PbAgent *self);
const char  *pb_agent_get_link_id          (PbAgent *self, guint index);
const char  *pb_agent_get_link_name        (PbAgent *self, guint index);
gboolean     pb_agent_has_link             (PbAgent *self, const char *connector_id);
/* Replaces the links; IDS and NAMES are NULL-terminated and of the same length. Notifies
 * "modified" only when they change. */
void         pb_agent_set_links            (PbAgent            *self,
                                            const char * const *ids,
                                            const char * const *names);

/* TRUE if a token was made for this agent. */
gboolean     pb_agent_has_token            (PbAgent *self);
/* Makes a new token (returned once; the previous one stops working). */
char        *pb_agent_new_token            (PbAgent *self);
/* Constant-time check of TOKEN against the stored hash. */
gboolean     pb_agent_check_token          (PbAgent *self, const char *token);

JsonNode    *pb_agent_to_json              (PbAgent *self);
PbAgent     *pb_agent_new_from_json        (JsonNode *node, GError **error);
/* Copies everything from OTHER (same id), notifying only what changed. */
void         pb_agent_update_from          (PbAgent *self, PbAgent *other);

G_END_DECLS
