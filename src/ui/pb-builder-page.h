/* pb-builder-page.h: one Connector Builder project: its settings and streams
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "pb-builder-project.h"

G_BEGIN_DECLS

#define PB_TYPE_BUILDER_PAGE (pb_builder_page_get_type ())

G_DECLARE_FINAL_TYPE (PbBuilderPage, pb_builder_page, PB, BUILDER_PAGE, GtkBox)

/* The overview (global settings, the linked connector, the stream list) and, on activating a
 * stream, its editor (PbBuilderStreamEditor) sliding in, with a way back. The header bar names the
 * project and holds AI Assist (the action "builder.assist", insensitive until a handler is
 * added to the page's "builder" action group) and Export.
 *
 * Properties: "project" (construct-only), "folded" (the window shows one pane at a time: a back
 * button). Signals: "back". */
GtkWidget        *pb_builder_page_new          (PbBuilderProject *project);
PbBuilderProject *pb_builder_page_get_project  (PbBuilderPage    *self);
/* The streams shown (after the search), for the tests and the stream editor. */
GListModel       *pb_builder_page_get_streams  (PbBuilderPage    *self);

/* Shows the editor of the stream called NAME (FALSE: no such stream). */
gboolean          pb_builder_page_open_stream      (PbBuilderPage *self,
                                                    const char    *name);
/* Back from a stream's editor to the overview. */
void              pb_builder_page_show_overview    (PbBuilderPage *self);
/* The stream editor (a PbBuilderStreamEditor), or NULL until a stream was first opened. */
GtkWidget        *pb_builder_page_get_stream_editor (PbBuilderPage *self);
/* Shows the project's values again after a change made elsewhere (accepted AI Assist
 * suggestions, a fix from a test run). */
void              pb_builder_page_reload           (PbBuilderPage *self);

/* Writes the project's manifest to FILE: JSON for a .json name, YAML otherwise (what Export…
 * does with the file the user picks). */
gboolean          pb_builder_page_export_to_file (PbBuilderPage  *self,
                                                  GFile          *file,
                                                  GError        **error);

/* Opens the test panel of STREAM (a subpage with a back button) and starts a test read;
 * returns the PbBuilderTestPanel. */
GtkWidget        *pb_builder_page_test_stream  (PbBuilderPage    *self,
                                                const char       *stream);

G_END_DECLS
