/* pb-utterance-private.h: what the understanding step's files share (not a type)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pb-utterance.h"

G_BEGIN_DECLS

/* One candidate value, before corrections and ambiguity are settled. */
typedef struct {
  const PbField *field;
  char          *value;
  char          *evidence;
  guint          segment;
  gboolean       implied;  /* placement implied by a header or parameter, not said */
} Candidate;

typedef struct {
  PbSetupModel *model;
  PbDefinition *definition;
  GPtrArray    *candidates;  /* Candidate* */
  const PbField *field;      /* the field the running per-field rule reads */
  PbUtterance  *out;
  guint         segment;
  char         *text;        /* the current segment; consumed spans are blanked out */
} Reader;

/* Runs PATTERN over the segment; CALLBACK gets each match that touches no consumed text. */
typedef gboolean (*MatchFunc) (Reader *r, GMatchInfo *info);

/* pb-utterance.c */
gboolean       pb_utt_is_stop_word   (const char *word);
const PbField *pb_utt_role_field     (Reader *r, const char *maps_to);
const PbField *pb_utt_placement_field (Reader *r);
void           pb_utt_add            (Reader        *r,
                                      const PbField *field,
                                      const char    *value,
                                      const char    *evidence);
void           pb_utt_add_placement  (Reader     *r,
                                      const char *placement,
                                      const char *evidence,
                                      gboolean    implied);
void           pb_utt_consume        (Reader *r, int start, int end);
char          *pb_utt_clean_value    (const char *raw);
void           pb_utt_each_match     (Reader *r, const char *pattern, MatchFunc func);
char          *pb_utt_fetch_clean    (GMatchInfo *info, int group);

/* pb-utterance-urls.c: URLs, bare hosts and pasted requests */
gboolean       pb_utt_is_placeholder (const char *value);

/* A value right after a field's words: "the region is eu", "header: X-API-Key". */
#define PB_UTT_ANY_VALUE "[\"'`“‘]?([^\\s\"'`”’,;]+)"

/* pb-utterance-fields.c: the definition's own fields, set or cleared by their words, and enum
 * titles said on their own. */
void           pb_utt_read_fields      (Reader *r);
void           pb_utt_read_enum_titles (Reader *r);
gboolean       pb_utt_is_scheme_word (const char *word);
gboolean       pb_utt_key_like_param (const char *name);
void           pb_utt_read_sample_header (Reader     *r,
                                          const char *line,
                                          const char *evidence);
void           pb_utt_read_samples   (Reader *r);
gboolean       pb_utt_url_cb         (Reader *r, GMatchInfo *info);
gboolean       pb_utt_host_cb        (Reader *r, GMatchInfo *info);

G_END_DECLS
