/* pb-utterance.h: the facts one chat message gives about a setup, before any question is asked
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pb-setup-model.h"

G_BEGIN_DECLS

/* One value the user gave, for a field of the setup's definition. */
typedef struct {
  char *field;     /* the definition's field name */
  char *value;     /* "" clears the field */
  char *evidence;  /* the words it was read from */
} PbFact;

/* A value the user gave that the shared checks refuse: never saved, explained instead. */
typedef struct {
  char *field;
  char *value;
  char *reason;    /* a full sentence, for the chat */
} PbRefusal;

typedef struct {
  GPtrArray *facts;        /* PbFact*, valid, in the order to apply; later words win */
  GPtrArray *refused;      /* PbRefusal* */
  char      *question;     /* one short question when the words fit two fields, or NULL */
  gboolean   kept_secret_out; /* a pasted request carried a real-looking credential: not taken */
} PbUtterance;

/* Reads every fact TEXT gives for MODEL's definition: URLs and bare hosts, header names and
 * prefixes, query parameters, the key's placement, the definition's own fields, and pasted
 * requests (curl, HTTPie, fetch, raw HTTP). "actually…", "no wait…" correct what came before;
 * "no prefix", "clear the X" clear a field. Values are checked with the same checks as the
 * form and the CLI; secrets are never read from the text. */
PbUtterance *pb_utterance_understand (PbSetupModel *model,
                                      const char   *text);
gboolean     pb_utterance_is_empty   (PbUtterance  *self);
void         pb_utterance_free       (PbUtterance  *self);

/* Checks VALUE for FIELD as every entry point does (the field's own rules, and header or
 * parameter names where the field holds one). */
gboolean     pb_utterance_check_value (const PbField  *field,
                                       const char     *value,
                                       GError        **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PbUtterance, pb_utterance_free)

G_END_DECLS
