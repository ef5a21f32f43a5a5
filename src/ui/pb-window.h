/* pb-window.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "pb-application.h"
#include "pb-builder-project.h"
#include "pb-connector-store.h"

G_BEGIN_DECLS

#define PB_TYPE_WINDOW (pb_window_get_type ())

G_DECLARE_FINAL_TYPE (PbWindow, pb_window, PB, WINDOW, AdwApplicationWindow)

PbWindow         *pb_window_new                (PbApplication *application);
PbConnectorStore *pb_window_get_store          (PbWindow *self);
/* Shows CONNECTOR's page (and selects its row). */
void              pb_window_show_connector     (PbWindow    *self,
                                                PbConnector *connector);
/* The page shown now, or NULL. */
GtkWidget        *pb_window_get_connector_page (PbWindow *self);
/* "“NAME” needs you to sign in again" with a Reconnect button that opens its page. */
void              pb_window_show_reconnect_toast (PbWindow    *self,
                                                  PbConnector *connector);
void              pb_window_add_toast          (PbWindow   *self,
                                                const char *title);
/* Shows a Builder project's page (and selects its row). */
void              pb_window_show_builder_project (PbWindow         *self,
                                                  PbBuilderProject *project);
/* The Builder page shown now, or NULL. */
GtkWidget        *pb_window_get_builder_page   (PbWindow *self);
/* Imports FILE as a Builder project and shows it; an error dialog when it is no manifest
 * (pb-window-open.c). */
void              pb_window_import_manifest_file (PbWindow *self,
                                                  GFile    *file);
/* Open Manifest… (Ctrl+O): a file chooser, then the above. */
void              pb_window_choose_manifest    (PbWindow *self);
/* A message dialog with HEADING and BODY and a Close button. */
void              pb_window_show_error         (PbWindow   *self,
                                                const char *heading,
                                                const char *body);

G_END_DECLS
