/* pb-builder-stream-editor.h: the Builder's editor of one stream, a subpage of the project
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "pb-builder-project.h"

G_BEGIN_DECLS

#define PB_TYPE_BUILDER_STREAM_EDITOR (pb_builder_stream_editor_get_type ())

G_DECLARE_FINAL_TYPE (PbBuilderStreamEditor, pb_builder_stream_editor, PB, BUILDER_STREAM_EDITOR,
                      GtkBox)

/*
 * A stream's name, path, method, request parameters and headers, request body (a POST's:
 * fields sent as JSON or form data), record path, primary key, record schema, paginator,
 * incremental sync and parent stream. Each value is checked as the user types with
 * the core's checks (pb-validate.h, pb-manifest-check.h): a refused value gets the `error` style
 * and its message and is not written. Every accepted edit is written to the stream, marked
 * edited (pb_builder_project_mark_edited) and announced (pb_builder_project_changed: the
 * application saves). A pre-filled value with evidence has a PbEvidenceButton beside it.
 *
 * Properties: "folded" (the window shows one pane: title buttons at the start). Signals: "back"
 * (the back button or Alt+Left: return to the project's overview).
 */
GtkWidget        *pb_builder_stream_editor_new        (void);
void              pb_builder_stream_editor_set_stream (PbBuilderStreamEditor *self,
                                                       PbBuilderProject      *project,
                                                       PbManifestStream      *stream);
PbManifestStream *pb_builder_stream_editor_get_stream (PbBuilderStreamEditor *self);

G_END_DECLS
