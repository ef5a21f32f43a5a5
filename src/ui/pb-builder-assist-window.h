/* pb-builder-assist-window.h: the AI Assist window: a new Builder project from API docs, or
 * suggestions for an existing one
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "pb-builder-project.h"

G_BEGIN_DECLS

#define PB_TYPE_BUILDER_ASSIST_WINDOW (pb_builder_assist_window_get_type ())

G_DECLARE_FINAL_TYPE (PbBuilderAssistWindow, pb_builder_assist_window, PB, BUILDER_ASSIST_WINDOW,
                      AdwWindow)

/* PROJECT NULL: "Build from API Docs"; the result becomes a new project of the application,
 * shown in PARENT (a PbWindow), and the window closes. Else the result comes as suggestions
 * for PROJECT, its last source prefilled. Properties: "project" (construct-only). */
PbBuilderAssistWindow *pb_builder_assist_window_new (GtkWindow        *parent,
                                                     PbBuilderProject *project);
PbBuilderProject      *pb_builder_assist_window_get_project (PbBuilderAssistWindow *self);

G_END_DECLS
