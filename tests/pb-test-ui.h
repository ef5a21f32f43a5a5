/* pb-test-ui.h: what the widget tests share — screenshots and finding widgets
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Saves WIDGET as $PB_SCREENSHOT_DIR/NAME (nothing without it). A dialog is drawn over its
 * parent window, centred and dimming it, the way it appears on a desktop. */
void       pb_test_ui_screenshot    (GtkWidget  *widget,
                                     const char *name);
/* WIDGET's template child NAME of TYPE; asserts it exists. */
GtkWidget *pb_test_ui_child         (GtkWidget  *widget,
                                     GType       type,
                                     const char *name);
/* A visible toplevel of TYPE, or NULL. */
GtkWindow *pb_test_ui_find_toplevel (GType       type);
/* A label showing TEXT, anywhere below WIDGET, or NULL. */
GtkWidget *pb_test_ui_find_label    (GtkWidget  *widget,
                                     const char *text);
/* The button a user would click, found by its label, or NULL. */
GtkWidget *pb_test_ui_find_button   (GtkWidget  *widget,
                                     const char *label);
/* What a designer checks on WINDOW at its current size, asserted: nothing shown is cut off at
 * the window's sides, no list or page scrolls sideways, the window title is not shortened
 * with "…", at most one suggested (blue) button shows. Labels shortened with "…" elsewhere
 * are logged. */
void       pb_test_ui_assert_fits   (GtkWidget  *window);
/* Clicks BUTTON; asserts that it is sensitive. */
void       pb_test_ui_click         (GtkWidget  *button);

G_END_DECLS
