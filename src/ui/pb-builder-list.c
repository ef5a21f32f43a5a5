/* pb-builder-list.c: the Connector Builder section of the sidebar: projects (open, rename,
 * delete) and Import
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "pb-application.h"
#include "pb-builder-list.h"

struct _PbBuilderList
{
  GtkBox      parent_instance;

  GListModel *projects;

  /* Template widgets */
  GtkListBox *list_box;
};

G_DEFINE_FINAL_TYPE (PbBuilderList, pb_builder_list, GTK_TYPE_BOX)

enum {
  PROJECT_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* A row: the project's name, and a menu (Rename…, Delete…) that Tab reaches from the row. */
static GtkWidget *
create_row_cb (gpointer item,
               gpointer user_data)
{
  PbBuilderProject *project = item;
  const char *id = pb_builder_project_get_id (project);
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *label = gtk_label_new (NULL);
  GtkWidget *menu_button = gtk_menu_button_new ();
  g_autoptr (GMenu) menu = g_menu_new ();
  g_autoptr (GMenuItem) rename = g_menu_item_new (_("_Rename…"), NULL);
  g_autoptr (GMenuItem) delete = g_menu_item_new (_("_Delete…"), NULL);

  g_menu_item_set_action_and_target (rename, "builder-list.rename", "s", id);
  g_menu_item_set_action_and_target (delete, "builder-list.delete", "s", id);
  g_menu_append_item (menu, rename);
  g_menu_append_item (menu, delete);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (label, TRUE);
  g_object_bind_property (item, "name", label, "label", G_BINDING_SYNC_CREATE);
  g_object_bind_property (item, "name", row, "tooltip-text", G_BINDING_SYNC_CREATE);
  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (menu_button), "view-more-symbolic");
  gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (menu_button), G_MENU_MODEL (menu));
  gtk_widget_set_valign (menu_button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (menu_button, "flat");
  gtk_widget_add_css_class (menu_button, "pb-row-menu");
  gtk_widget_set_tooltip_text (menu_button, _("Project Menu"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (menu_button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Project Menu"), -1);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), menu_button);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  g_object_set_data_full (G_OBJECT (row), "pb-project", g_object_ref (item), g_object_unref);
  g_object_set_data (G_OBJECT (row), "pb-menu-button", menu_button);
  return row;
}

static PbBuilderProject *
find_project (PbBuilderList *self,
              const char    *id)
{
  guint n = self->projects != NULL ? g_list_model_get_n_items (self->projects) : 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr (PbBuilderProject) project = g_list_model_get_item (self->projects, i);

      if (g_strcmp0 (pb_builder_project_get_id (project), id) == 0)
        return project;
    }
  return NULL;
}

static PbApplication *
get_application (PbBuilderList *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkApplication *app = GTK_IS_WINDOW (root) ? gtk_window_get_application (GTK_WINDOW (root))
                                             : NULL;

  return PB_IS_APPLICATION (app) ? PB_APPLICATION (app) : NULL;
}

static GtkWindow *
get_window (PbBuilderList *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

static void
show_error (PbBuilderList *self,
            const char    *heading,
            const GError  *error)
{
  GtkWidget *dialog = adw_message_dialog_new (get_window (self), heading, error->message);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* --- Rename ------------------------------------------------------------------------------- */

static void
rename_entry_changed_cb (GtkEditable      *entry,
                         AdwMessageDialog *dialog)
{
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  adw_message_dialog_set_response_enabled (dialog, "rename", *name != '\0');
}

static void
rename_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    PbBuilderList    *self)
{
  PbBuilderProject *project = g_object_get_data (G_OBJECT (dialog), "pb-project");
  GtkEditable *entry = GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));
  PbApplication *app = get_application (self);
  g_autoptr (GError) error = NULL;

  if (g_strcmp0 (response, "rename") != 0 || app == NULL)
    return;
  if (!pb_application_rename_builder_project (app, project, gtk_editable_get_text (entry),
                                              &error))
    show_error (self, _("Could Not Rename Project"), error);
}

static void
rename_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  PbBuilderList *self = PB_BUILDER_LIST (widget);
  PbBuilderProject *project = find_project (self, g_variant_get_string (parameter, NULL));
  GtkWidget *dialog, *entry;

  if (project == NULL)
    return;
  dialog = adw_message_dialog_new (get_window (self), _("Rename Project"), NULL);
  entry = gtk_entry_new ();
  gtk_editable_set_text (GTK_EDITABLE (entry), pb_builder_project_get_name (project));
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Project name"), -1);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "rename", _("_Rename"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "rename",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "rename");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "pb-project", g_object_ref (project),
                          g_object_unref);
  g_signal_connect_object (entry, "changed", G_CALLBACK (rename_entry_changed_cb), dialog, 0);
  g_signal_connect_object (dialog, "response", G_CALLBACK (rename_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
}

/* --- Delete ------------------------------------------------------------------------------- */

static void
delete_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    PbBuilderList    *self)
{
  PbBuilderProject *project = g_object_get_data (G_OBJECT (dialog), "pb-project");
  PbApplication *app = get_application (self);
  g_autoptr (GError) error = NULL;

  if (g_strcmp0 (response, "delete") != 0 || app == NULL)
    return;
  if (!pb_application_delete_builder_project (app, project, &error))
    show_error (self, _("Could Not Delete Project"), error);
}

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  PbBuilderList *self = PB_BUILDER_LIST (widget);
  PbBuilderProject *project = find_project (self, g_variant_get_string (parameter, NULL));
  g_autofree char *heading = NULL;
  GtkWidget *dialog;

  if (project == NULL)
    return;
  /* Translators: %s is a Connector Builder project's name */
  heading = g_strdup_printf (_("Delete “%s”?"), pb_builder_project_get_name (project));
  dialog = adw_message_dialog_new (get_window (self), heading,
                                   _("The project and its stream settings are removed from "
                                     "this computer. Manifests you exported and connectors "
                                     "stay as they are."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "delete", _("_Delete"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "delete",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "pb-project", g_object_ref (project),
                          g_object_unref);
  g_signal_connect_object (dialog, "response", G_CALLBACK (delete_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* F2 renames and Delete deletes the project of the focused row (ARGS: the action). */
static gboolean
row_key_cb (GtkWidget *widget,
            GVariant  *args,
            gpointer   user_data)
{
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;
  PbBuilderProject *project = NULL;

  for (; focus != NULL && project == NULL; focus = gtk_widget_get_parent (focus))
    if (GTK_IS_LIST_BOX_ROW (focus))
      project = g_object_get_data (G_OBJECT (focus), "pb-project");
  if (project == NULL)
    return FALSE;
  gtk_widget_activate_action (widget, g_variant_get_string (args, NULL), "s",
                              pb_builder_project_get_id (project));
  return TRUE;
}

static void
list_box_row_activated_cb (PbBuilderList *self,
                           GtkListBoxRow *row)
{
  PbBuilderProject *project = g_object_get_data (G_OBJECT (row), "pb-project");

  if (project != NULL)
    g_signal_emit (self, signals[PROJECT_ACTIVATED], 0, project);
}

static void
pb_builder_list_dispose (GObject *object)
{
  PbBuilderList *self = PB_BUILDER_LIST (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), PB_TYPE_BUILDER_LIST);
  g_clear_object (&self->projects);

  G_OBJECT_CLASS (pb_builder_list_parent_class)->dispose (object);
}

static void
pb_builder_list_class_init (PbBuilderListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pb_builder_list_dispose;

  signals[PROJECT_ACTIVATED] =
    g_signal_new ("project-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, PB_TYPE_BUILDER_PROJECT);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               PB_RESOURCE_PATH "/ui/pb-builder-list.ui");
  gtk_widget_class_bind_template_child (widget_class, PbBuilderList, list_box);
  gtk_widget_class_bind_template_callback (widget_class, list_box_row_activated_cb);

  gtk_widget_class_install_action (widget_class, "builder-list.rename", "s", rename_action);
  gtk_widget_class_install_action (widget_class, "builder-list.delete", "s", delete_action);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_F2, 0, row_key_cb,
                                "s", "builder-list.rename");
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Delete, 0, row_key_cb,
                                "s", "builder-list.delete");
  gtk_widget_class_add_binding (widget_class, GDK_KEY_KP_Delete, 0, row_key_cb,
                                "s", "builder-list.delete");
}

static void
pb_builder_list_init (PbBuilderList *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

void
pb_builder_list_set_model (PbBuilderList *self,
                           GListModel    *projects)
{
  g_return_if_fail (PB_IS_BUILDER_LIST (self));

  if (!g_set_object (&self->projects, projects))
    return;
  gtk_list_box_bind_model (self->list_box, projects, create_row_cb, self, NULL);
}

void
pb_builder_list_select (PbBuilderList    *self,
                        PbBuilderProject *project)
{
  g_return_if_fail (PB_IS_BUILDER_LIST (self));

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->list_box));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (project != NULL && g_object_get_data (G_OBJECT (child), "pb-project") == project)
        {
          gtk_list_box_select_row (self->list_box, GTK_LIST_BOX_ROW (child));
          return;
        }
    }
  gtk_list_box_unselect_all (self->list_box);
}

GtkListBox *
pb_builder_list_get_list_box (PbBuilderList *self)
{
  g_return_val_if_fail (PB_IS_BUILDER_LIST (self), NULL);
  return self->list_box;
}
