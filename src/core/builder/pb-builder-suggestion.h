/* pb-builder-suggestion.h: one AI Assist suggestion for a Builder project: a field's new value,
 * or a stream the project lacks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pb-manifest.h"

G_BEGIN_DECLS

typedef enum {
  PB_BUILDER_SUGGESTION_VALUE,       /* a value of the project or of one of its streams */
  PB_BUILDER_SUGGESTION_NEW_STREAM,  /* a stream the project does not have */
} PbBuilderSuggestionKind;

#define PB_TYPE_BUILDER_SUGGESTION (pb_builder_suggestion_get_type ())

G_DECLARE_FINAL_TYPE (PbBuilderSuggestion, pb_builder_suggestion, PB, BUILDER_SUGGESTION,
                      GObject)

/*
 * Immutable once made (PbBuilderSuggestions makes them). Properties (read-only):
 * "kind"; "stream": the project's stream the value belongs to (NULL = a project-level value; for
 * NEW_STREAM, the new stream's name); "key": the value's key ("url_base", "auth", "path",
 * "paginator"…; NULL for NEW_STREAM); "title": what a user reads ("Pagination",
 * "Add stream “invoices”"); "old-value", "new-value": one line each ("None" when unset; NULL
 * old-value for NEW_STREAM); "evidence": why AI Assist thinks so (may be NULL); "confidence":
 * 0..1, or -1 when unknown.
 */
PbBuilderSuggestion    *pb_builder_suggestion_new            (PbBuilderSuggestionKind  kind,
                                                               const char              *stream,
                                                               const char              *key,
                                                               const char              *title,
                                                               const char              *old_value,
                                                               const char              *new_value,
                                                               PbEvidence              *evidence);

PbBuilderSuggestionKind pb_builder_suggestion_get_kind       (PbBuilderSuggestion *self);
const char             *pb_builder_suggestion_get_stream     (PbBuilderSuggestion *self);
const char             *pb_builder_suggestion_get_key        (PbBuilderSuggestion *self);
const char             *pb_builder_suggestion_get_title      (PbBuilderSuggestion *self);
const char             *pb_builder_suggestion_get_old_value  (PbBuilderSuggestion *self);
const char             *pb_builder_suggestion_get_new_value  (PbBuilderSuggestion *self);
PbEvidence             *pb_builder_suggestion_get_evidence   (PbBuilderSuggestion *self);
double                  pb_builder_suggestion_get_confidence (PbBuilderSuggestion *self);

G_END_DECLS
