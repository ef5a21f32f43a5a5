/* pb-setup-window.h: setting one connector up, by chatting or with a form
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "pb-connection-test.h"
#include "pb-setup-chat.h"
#include "pb-setup-form.h"
#include "pb-setup-model.h"

G_BEGIN_DECLS

#define PB_TYPE_SETUP_WINDOW (pb_setup_window_get_type ())

G_DECLARE_FINAL_TYPE (PbSetupWindow, pb_setup_window, PB, SETUP_WINDOW, AdwWindow)

/* The Assistant and Form modes share MODEL; switching keeps everything. Completing runs
 * the connection test; when it passes the window emits "finished" (PbConnector*) and
 * closes, so the main window can open the connector's page.
 *
 * Signals: "finished" (PbConnector*), "test-finished" (gboolean ok). */
PbSetupWindow *pb_setup_window_new          (GtkWindow    *parent,
                                             PbSetupModel *model);
PbSetupModel  *pb_setup_window_get_model    (PbSetupWindow *self);
PbSetupChat   *pb_setup_window_get_chat     (PbSetupWindow *self);
PbSetupForm   *pb_setup_window_get_form     (PbSetupWindow *self);
/* "agent" or "form" */
void           pb_setup_window_set_mode     (PbSetupWindow *self,
                                             const char    *mode);
const char    *pb_setup_window_get_mode     (PbSetupWindow *self);
/* Seconds the connection test waits (tests shorten it). */
void           pb_setup_window_set_test_timeout (PbSetupWindow *self,
                                                 guint          seconds);
/* The last connection test's outcome, or -1 before any. */
int            pb_setup_window_get_last_outcome (PbSetupWindow *self);

G_END_DECLS
