/* pb-rule-assistant.h: the offline, rule-based setup assistant (the default engine)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pb-assistant.h"

G_BEGIN_DECLS

#define PB_TYPE_RULE_ASSISTANT (pb_rule_assistant_get_type ())

G_DECLARE_FINAL_TYPE (PbRuleAssistant, pb_rule_assistant, PB, RULE_ASSISTANT, GObject)

/* Works from the definition alone, no model and no network: asks the required fields one
 * at a time, explains a field ("what is this?", "why do you need it?"), says where to find
 * it ("I don't know"), reads values out of sentences ("it's called acme-prod", "use the EU
 * region", "the second one", "skip that"), takes corrections ("actually the subdomain is
 * acme-dev", "change the region to US"), offers optional settings, summarises, and asks the
 * view to run the connection test. One instance per conversation. */
PbAssistant *pb_rule_assistant_new (void);

G_END_DECLS
