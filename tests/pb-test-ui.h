/* pb-test-ui.h: what the widget tests share — the app, windows, the setup window on the
 * loopback test service, waiting, finding widgets, screenshots
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "pb-application.h"
#include "pb-setup-test-server.h"
#include "pb-setup-window.h"
#include "pb-test-util.h"
#include "pb-window.h"

G_BEGIN_DECLS

/* How long a widget test waits for a condition before it fails; a test that needs longer
 * defines PB_TEST_UI_TIMEOUT_S before it includes this header. */
#ifndef PB_TEST_UI_TIMEOUT_S
#define PB_TEST_UI_TIMEOUT_S 20
#endif
/* Runs the main loop until EXPR holds (PB_TEST_WAIT_FOR). */
#define WAIT_FOR(expr) PB_TEST_WAIT_FOR (expr, PB_TEST_UI_TIMEOUT_S)

/* --- The app and its windows --- */

/* A registered, non-unique PbApplication (style sheet, icons and actions as in the app) with
 * FLAGS added; call after gtk_init (). */
PbApplication *pb_test_ui_app_new       (GApplicationFlags  flags);
/* A main window of APP on STORE (NULL: the app's store) at WIDTH × HEIGHT, shown and mapped. */
PbWindow      *pb_test_ui_open_window   (PbApplication     *app,
                                         PbConnectorStore  *store,
                                         int                width,
                                         int                height);
/* Destroys WINDOW and lets the main loop run what that set off. */
void           pb_test_ui_close_window  (GtkWindow         *window);
/* Resizes a shown WINDOW to WIDTH × HEIGHT: asks again until it is as wide (a mapped window
 * takes a new size on a later frame), then lets it lay out. */
void           pb_test_ui_resize        (GtkWindow         *window,
                                         int                width,
                                         int                height);

/* --- Finding widgets --- */

/* WIDGET's template child NAME of TYPE; asserts it exists. */
GtkWidget *pb_test_ui_child           (GtkWidget  *widget,
                                       GType       type,
                                       const char *name);
/* A visible toplevel of TYPE, or NULL. */
GtkWindow *pb_test_ui_find_toplevel   (GType       type);
/* Waits for a visible toplevel of TYPE (a dialog) and for it to be mapped. */
GtkWindow *pb_test_ui_wait_toplevel   (GType       type);
/* The first widget of TYPE at or below WIDGET (depth first), or NULL. */
GtkWidget *pb_test_ui_find_descendant (GtkWidget  *widget,
                                       GType       type);
/* The first widget named NAME (gtk_widget_set_name) at or below WIDGET, or NULL. */
GtkWidget *pb_test_ui_find_named      (GtkWidget  *widget,
                                       const char *name);
/* A label showing TEXT, anywhere below WIDGET, or NULL. */
GtkWidget *pb_test_ui_find_label      (GtkWidget  *widget,
                                       const char *text);
/* The button a user would click, found by its label, or NULL. */
GtkWidget *pb_test_ui_find_button     (GtkWidget  *widget,
                                       const char *label);
/* Clicks BUTTON; asserts that it is sensitive. */
void       pb_test_ui_click           (GtkWidget  *button);

/* --- The setup window on the loopback test service --- */

typedef struct {
  PbSetupTestServer *server;
  PbConnectorStore  *store;       /* without a file */
  PbDefinition      *definition;  /* the test service's (pb-setup-test-server.c) */
  PbSetupModel      *model;
  PbSetupWindow     *window;
  PbSetupChat       *chat;
  PbSetupForm       *form;
} PbTestUiSetup;

/* The definition of SERVER's service; EDIT_JSON, if not NULL, changes its JSON text first
 * (it takes the text and returns the new one). */
PbDefinition *pb_test_ui_setup_definition (PbSetupTestServer  *server,
                                           char             *(*edit_json) (char *json));
/* Starts the test service and opens the setup window of its definition (EDIT_JSON as above)
 * in APP at WIDTH × HEIGHT (0: the window's default size), past the assistant's greeting. */
void          pb_test_ui_setup_open       (PbTestUiSetup  *setup,
                                           PbApplication  *app,
                                           char         *(*edit_json) (char *json),
                                           int             width,
                                           int             height);
/* Closes the window and frees all of SETUP's parts. */
void          pb_test_ui_setup_close      (PbTestUiSetup  *setup);
/* Sends TEXT as the user and waits for the assistant's answer. */
void          pb_test_ui_setup_say        (PbTestUiSetup  *setup,
                                           const char     *text);

/* Stores SECRET as MODEL's FIELD in the keyring and waits until it is stored. */
void          pb_test_ui_store_secret     (PbSetupModel   *model,
                                           const char     *field,
                                           const char     *secret);

/* --- What a user sees --- */

/* Saves WIDGET as $PB_SCREENSHOT_DIR/NAME (nothing without it). A dialog is drawn over its
 * parent window, centred and dimming it, the way it appears on a desktop. */
void       pb_test_ui_screenshot    (GtkWidget  *widget,
                                     const char *name);
/* Saves NODE, drawn at WIDTH × HEIGHT, as $PB_SCREENSHOT_DIR/NAME (nothing without it). */
void       pb_test_ui_save_node     (GskRenderNode *node,
                                     int            width,
                                     int            height,
                                     const char    *name);
/* What a designer checks on WINDOW at its current size, asserted: nothing shown is cut off at
 * the window's sides, no list or page scrolls sideways, the window title is not shortened
 * with "…", at most one suggested (blue) button shows. Labels shortened with "…" elsewhere
 * are logged. */
void       pb_test_ui_assert_fits   (GtkWidget  *window);

G_END_DECLS
