/* pb-agent-mentions.h: finding the connectors an agent's instructions name in plain words
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* One mention in the instructions. START and END are byte offsets of the whole phrase as
 * written, including "my"/"the" before and "connector" after when present ("my Local API
 * connector"). A resolved mention has CONNECTOR_ID and CONNECTOR_NAME; an unresolved one
 * ("my Zendesk connector" with no such connector) has PHRASE ("Zendesk") and, when a
 * connector's name is close, SUGGESTION. */
typedef struct {
  gsize  start;
  gsize  end;
  gsize  name_start;   /* the name or PHRASE itself, without "my" or "connector" */
  gsize  name_end;
  char  *connector_id;
  char  *connector_name;
  char  *phrase;
  char  *suggestion;
} PbMention;

void       pb_mention_free     (PbMention *mention);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PbMention, pb_mention_free)

/* Finds the mentions of CONNECTORS (a GListModel of PbConnector) in TEXT: names match
 * case-insensitively on word boundaries, longest name first, so "HubSpot API" wins over
 * "HubSpot". Phrases of the form "[my|the] WORDS connector" that name no connector are
 * returned unresolved. Returns PbMention*, sorted by START, never NULL. */
GPtrArray *pb_mentions_find    (const char *text,
                                GListModel *connectors);

/* A sentence for the user about an unresolved mention ("There is no connector called
 * “Zendesk”. Did you mean “Zen Desk”?"). */
char      *pb_mention_describe (const PbMention *mention);

G_END_DECLS
