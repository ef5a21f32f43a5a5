/* pb-builder-suggestions-view.h: AI Assist's suggestions for a project, each with its evidence,
 * to accept or reject one by one or all at once
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "pb-builder-suggestions.h"

G_BEGIN_DECLS

#define PB_TYPE_BUILDER_SUGGESTIONS_VIEW (pb_builder_suggestions_view_get_type ())

G_DECLARE_FINAL_TYPE (PbBuilderSuggestionsView, pb_builder_suggestions_view, PB,
                      BUILDER_SUGGESTIONS_VIEW, GtkBox)

/* Property: "suggestions". Each row: the field (and its stream), old → new, the evidence and
 * its confidence, Reject and Accept; "Accept All" above; an empty state when nothing is left. */
GtkWidget            *pb_builder_suggestions_view_new (void);
PbBuilderSuggestions *pb_builder_suggestions_view_get_suggestions (
  PbBuilderSuggestionsView *self);
void                  pb_builder_suggestions_view_set_suggestions (
  PbBuilderSuggestionsView *self,
  PbBuilderSuggestions     *suggestions);

G_END_DECLS
