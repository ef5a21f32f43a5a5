/* pb-builder-assist-panel.h: AI Assist: a docs URL, spec URL or spec file in, live progress,
 * the engine's errors in plain words, a manifest out
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "pb-manifest.h"

G_BEGIN_DECLS

#define PB_TYPE_BUILDER_ASSIST_PANEL (pb_builder_assist_panel_get_type ())

G_DECLARE_FINAL_TYPE (PbBuilderAssistPanel, pb_builder_assist_panel, PB, BUILDER_ASSIST_PANEL,
                      GtkBox)

/* Properties: "source" (what the entry holds), "running" (read-only).
 * Signals: "finished" (PbManifest *result): a run ended with a manifest; the panel goes back to
 * idle. Errors stay in the panel; cancelling says so in the panel. */
GtkWidget  *pb_builder_assist_panel_new         (void);
const char *pb_builder_assist_panel_get_source  (PbBuilderAssistPanel *self);
void        pb_builder_assist_panel_set_source  (PbBuilderAssistPanel *self,
                                                 const char           *source);
gboolean    pb_builder_assist_panel_get_running (PbBuilderAssistPanel *self);
/* Title and description above the entry (a new project, or suggestions for one). */
void        pb_builder_assist_panel_set_intro   (PbBuilderAssistPanel *self,
                                                 const char           *title,
                                                 const char           *description);
/* What Start and Cancel do. */
void        pb_builder_assist_panel_start       (PbBuilderAssistPanel *self);
void        pb_builder_assist_panel_cancel      (PbBuilderAssistPanel *self);
/* Shows ERROR (a PB_ERROR) in plain words with what to do, as a failed run does. */
void        pb_builder_assist_panel_show_error  (PbBuilderAssistPanel *self,
                                                 const GError         *error);

G_END_DECLS
