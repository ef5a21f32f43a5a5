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

/* Properties: "project" (construct-only), "folded" (the window shows one pane at a time: a back
 * button). Signals: "back". */
GtkWidget        *pb_builder_page_new          (PbBuilderProject *project);
PbBuilderProject *pb_builder_page_get_project  (PbBuilderPage    *self);
/* The streams shown (after the search), for the tests and the stream editor. */
GListModel       *pb_builder_page_get_streams  (PbBuilderPage    *self);

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
