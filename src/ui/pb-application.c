/* pb-application.c: the AdwApplication; owns app-wide actions
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "pb-application.h"
#include "pb-window.h"

struct _PbApplication
{
  AdwApplication parent_instance;
};

G_DEFINE_FINAL_TYPE (PbApplication, pb_application, ADW_TYPE_APPLICATION)

static void
pb_application_activate (GApplication *app)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL)
    window = GTK_WINDOW (pb_window_new (PB_APPLICATION (app)));

  gtk_window_present (window);
}

static void
pb_application_about_action (GSimpleAction *action,
                             GVariant      *parameter,
                             gpointer       user_data)
{
  PbApplication *self = user_data;
  static const char *developers[] = { "The Plugboard authors", NULL };
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  adw_show_about_window (window,
                         "application-name", _("Plugboard"),
                         "application-icon", APP_ID,
                         "developer-name", _("The Plugboard authors"),
                         "version", PACKAGE_VERSION,
                         "developers", developers,
                         "copyright", "© 2026 The Plugboard authors",
                         "license-type", GTK_LICENSE_GPL_3_0,
                         NULL);
}

static void
pb_application_quit_action (GSimpleAction *action,
                            GVariant      *parameter,
                            gpointer       user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

static const GActionEntry app_actions[] = {
  { "about", pb_application_about_action },
  { "quit", pb_application_quit_action },
};

static void
pb_application_startup (GApplication *app)
{
  G_APPLICATION_CLASS (pb_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions, G_N_ELEMENTS (app_actions), app);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit",
                                         (const char *[]) { "<primary>q", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "window.close",
                                         (const char *[]) { "<primary>w", NULL });
}

static void
pb_application_class_init (PbApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  app_class->activate = pb_application_activate;
  app_class->startup = pb_application_startup;
}

static void
pb_application_init (PbApplication *self)
{
}

PbApplication *
pb_application_new (void)
{
  return g_object_new (PB_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", PB_RESOURCE_PATH,
                       NULL);
}
