/* pb-builder-suggestions.h: what an AI Assist result would change in a Builder project, as a
 * list of suggestions to accept or reject
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "pb-builder-project.h"
#include "pb-builder-suggestion.h"

G_BEGIN_DECLS

#define PB_TYPE_BUILDER_SUGGESTIONS (pb_builder_suggestions_get_type ())

G_DECLARE_FINAL_TYPE (PbBuilderSuggestions, pb_builder_suggestions, PB, BUILDER_SUGGESTIONS,
                      GObject)

/*
 * A GListModel of PbBuilderSuggestion: each value of RESULT (a manifest from
 * pb_assist_run_finish) that differs from PROJECT's, on a value the user has not edited
 * (pb_builder_project_is_edited), project-level values first, then stream by stream in the
 * project's order, then the streams the project lacks (suggested ones first). Streams are
 * matched by name, else by method and path (a stream the user renamed). A value RESULT does not
 * have (no paginator found…) is not suggested: AI Assist only adds what it found.
 *
 * Accepting applies a suggestion to the project's manifest, calls pb_builder_project_changed ()
 * and drops it from the list; rejecting drops it. Properties: "project", "result"
 * (construct-only).
 */
PbBuilderSuggestions *pb_builder_suggestions_new        (PbBuilderProject     *project,
                                                         PbManifest           *result);
PbBuilderProject     *pb_builder_suggestions_get_project (PbBuilderSuggestions *self);
PbManifest           *pb_builder_suggestions_get_result  (PbBuilderSuggestions *self);

/* Applies SUGGESTION (an item of SELF) and drops it. Refused, and dropped, when the user edited
 * the value since (PB_ERROR_ACCESS_DENIED: their value is kept), or when its stream is gone or
 * its new stream's name is taken by now (PB_ERROR_NOT_FOUND, PB_ERROR_DUPLICATE_NAME). */
gboolean              pb_builder_suggestions_accept     (PbBuilderSuggestions *self,
                                                         PbBuilderSuggestion  *suggestion,
                                                         GError              **error);
/* Drops SUGGESTION; the project is left as it is. */
void                  pb_builder_suggestions_reject     (PbBuilderSuggestions *self,
                                                         PbBuilderSuggestion  *suggestion);
/* Applies every suggestion that still applies (edited values are skipped, never overwritten),
 * with one pb_builder_project_changed (); the list is empty afterwards. Returns how many were
 * applied. */
guint                 pb_builder_suggestions_accept_all (PbBuilderSuggestions *self);

G_END_DECLS
