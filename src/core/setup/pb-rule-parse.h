/* pb-rule-parse.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Private to PbRuleAssistant: reading answers and intents out of user text. */

#pragma once

#include <glib.h>

#include "pb-definition.h"

G_BEGIN_DECLS

gboolean    pb_rule_parse_is_one_of          (const char         *text,
                                              const char * const *list);
gboolean    pb_rule_parse_starts_with_one_of (const char         *text,
                                              const char * const *list);
gboolean    pb_rule_parse_contains_one_of    (const char         *text,
                                              const char * const *list);
char       *pb_rule_parse_normalize          (const char         *text);
int         pb_rule_parse_yes_or_no          (const char         *lower);
const char *pb_rule_parse_noun               (const PbField      *field);
char       *pb_rule_parse_interpret          (const PbField      *field,
                                              const char         *text,
                                              const char         *lower,
                                              gboolean            allow_ordinal,
                                              GError            **error);

G_END_DECLS
