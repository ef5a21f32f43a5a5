/* pb-window.c: the main window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "pb-window.h"

struct _PbWindow
{
  AdwApplicationWindow parent_instance;

  /* Template widgets */
  AdwToastOverlay *toast_overlay;
};

G_DEFINE_FINAL_TYPE (PbWindow, pb_window, ADW_TYPE_APPLICATION_WINDOW)

static void
pb_window_class_init (PbWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class, PB_RESOURCE_PATH "/ui/pb-window.ui");
  gtk_widget_class_bind_template_child (widget_class, PbWindow, toast_overlay);
}

static void
pb_window_init (PbWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

PbWindow *
pb_window_new (PbApplication *application)
{
  return g_object_new (PB_TYPE_WINDOW, "application", application, NULL);
}
