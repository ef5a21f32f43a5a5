/* pb-rule-assistant-private.h: what pb-rule-assistant.c (the conversation) and
 * pb-rule-replies.c (what the engine says and sets) share; not part of the API
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pb-rule-assistant.h"

G_BEGIN_DECLS

typedef enum {
  PHASE_REQUIRED,         /* asking required fields */
  PHASE_OFFER_OPTIONAL,   /* "do you want to set optional settings?" */
  PHASE_OPTIONAL,         /* asking optional fields */
  PHASE_CONFIRM,          /* summary shown: "shall I test?" */
} Phase;

struct _PbRuleAssistant
{
  GObject     parent_instance;

  Phase       phase;
  char       *pending;          /* the field last asked for */
  gboolean    pending_secret;   /* …and it is a secret (secret mode requested) */
  GHashTable *skipped;          /* optional fields the user skipped */
  GHashTable *confirmed;        /* required fields with a default the user accepted */
};

/* pb-rule-replies.c: each appends PbSetupMessage replies (role ASSISTANT) to REPLIES. */
void        pb_rule_reply_say            (GPtrArray          *replies,
                                          const char         *text);
void        pb_rule_reply_say_action     (GPtrArray          *replies,
                                          const char         *text,
                                          PbSetupAction       action,
                                          const char         *field,
                                          const char * const *choices);
const char *pb_rule_reply_service_name   (PbSetupModel       *model);
/* A change the user could ask for, in words the engine understands and that fit MODEL's
 * connector ("change the region to Europe" only where there is a region), or NULL. */
char       *pb_rule_reply_change_example (PbSetupModel       *model);
char       *pb_rule_reply_describe_value (PbSetupModel       *model,
                                          const PbField      *field);
void        pb_rule_reply_ask            (PbRuleAssistant    *self,
                                          PbSetupModel       *model,
                                          const PbField      *field,
                                          GPtrArray          *replies);
void        pb_rule_reply_summary        (PbRuleAssistant    *self,
                                          PbSetupModel       *model,
                                          GPtrArray          *replies);
void        pb_rule_reply_next_step      (PbRuleAssistant    *self,
                                          PbSetupModel       *model,
                                          GPtrArray          *replies);
void        pb_rule_reply_explain        (PbSetupModel       *model,
                                          const PbField      *field,
                                          GPtrArray          *replies);
void        pb_rule_reply_explain_why    (PbSetupModel       *model,
                                          const PbField      *field,
                                          GPtrArray          *replies);
void        pb_rule_reply_explain_where  (PbSetupModel       *model,
                                          const PbField      *field,
                                          GPtrArray          *replies);
gboolean    pb_rule_reply_take_answer    (PbRuleAssistant    *self,
                                          PbSetupModel       *model,
                                          const PbField      *field,
                                          const char         *text,
                                          const char         *lower,
                                          gboolean            correction,
                                          GPtrArray          *replies);
gboolean    pb_rule_reply_try_correction (PbRuleAssistant    *self,
                                          PbSetupModel       *model,
                                          const char         *text,
                                          const char         *lower,
                                          GPtrArray          *replies);

G_END_DECLS
