/* pb-agent-list.c: the agents, as a section of the window's sidebar
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "pb-agent-list.h"

struct _PbAgentList
{
  GtkBox parent_instance;

  PbAgentStore *store;

  GtkListBox *list;
  GtkWidget *add_button;
};

G_DEFINE_FINAL_TYPE (PbAgentList, pb_agent_list, GTK_TYPE_BOX)

enum {
  AGENT_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static GtkWidget *
create_row (gpointer item,
            gpointer user_data)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_set_margin_start (label, 6);
  gtk_widget_set_margin_top (label, 6);
  gtk_widget_set_margin_bottom (label, 6);
  g_object_bind_property (item, "name", label, "label", G_BINDING_SYNC_CREATE);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), label);
  g_object_set_data_full (G_OBJECT (row), "agent", g_object_ref (item), g_object_unref);
  return row;
}

static void
list_row_activated_cb (PbAgentList   *self,
                       GtkListBoxRow *row)
{
  g_signal_emit (self, signals[AGENT_ACTIVATED], 0, g_object_get_data (G_OBJECT (row), "agent"));
}

static void
add_button_clicked_cb (PbAgentList *self)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *name = NULL;
  PbAgent *agent;

  if (self->store == NULL)
    return;
  /* "New Agent", "New Agent 2"…: renamed on its page. */
  for (guint i = 1; name == NULL || pb_agent_store_find_by_name (self->store, name) != NULL; i++)
    {
      g_free (name);
      name = i == 1 ? g_strdup (_("New Agent")) : g_strdup_printf (_("New Agent %u"), i);
    }
  agent = pb_agent_store_create (self->store, name, "", &error);
  if (agent == NULL)
    {
      g_warning ("%s", error->message);
      return;
    }
  pb_agent_store_save (self->store, NULL);
  pb_agent_list_select (self, agent);
  g_signal_emit (self, signals[AGENT_ACTIVATED], 0, agent);
}

static void
pb_agent_list_dispose (GObject *object)
{
  PbAgentList *self = PB_AGENT_LIST (object);

  g_clear_object (&self->store);
  gtk_widget_dispose_template (GTK_WIDGET (self), PB_TYPE_AGENT_LIST);

  G_OBJECT_CLASS (pb_agent_list_parent_class)->dispose (object);
}

static void
pb_agent_list_class_init (PbAgentListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pb_agent_list_dispose;

  signals[AGENT_ACTIVATED] = g_signal_new ("agent-activated", G_TYPE_FROM_CLASS (klass),
                                           G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                           G_TYPE_NONE, 1, PB_TYPE_AGENT);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/plugboard/Plugboard/ui/"
                                               "pb-agent-list.ui");
  gtk_widget_class_bind_template_child (widget_class, PbAgentList, list);
  gtk_widget_class_bind_template_child (widget_class, PbAgentList, add_button);
  gtk_widget_class_bind_template_callback (widget_class, list_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, add_button_clicked_cb);
}

static void
pb_agent_list_init (PbAgentList *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

void
pb_agent_list_set_store (PbAgentList  *self,
                         PbAgentStore *store)
{
  g_set_object (&self->store, store);
  gtk_list_box_bind_model (self->list, store != NULL ? G_LIST_MODEL (store) : NULL, create_row,
                           NULL, NULL);
}

void
pb_agent_list_unselect (PbAgentList *self)
{
  gtk_list_box_unselect_all (self->list);
}

void
pb_agent_list_select (PbAgentList *self,
                      PbAgent     *agent)
{
  for (int i = 0;; i++)
    {
      GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->list, i);

      if (row == NULL)
        break;
      if (g_object_get_data (G_OBJECT (row), "agent") == agent)
        {
          gtk_list_box_select_row (self->list, row);
          return;
        }
    }
}
