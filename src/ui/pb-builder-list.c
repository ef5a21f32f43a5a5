/* pb-builder-list.c: the Connector Builder section of the sidebar: projects and Import
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

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

static GtkWidget *
create_row_cb (gpointer item,
               gpointer user_data)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  g_object_bind_property (item, "name", label, "label", G_BINDING_SYNC_CREATE);
  g_object_bind_property (item, "name", row, "tooltip-text", G_BINDING_SYNC_CREATE);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), label);
  g_object_set_data_full (G_OBJECT (row), "pb-project", g_object_ref (item), g_object_unref);
  return row;
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
