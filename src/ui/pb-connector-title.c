/* pb-connector-title.c: a connector's name at the top of its page, renamed in place
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "pb-connector-row.h"
#include "pb-connector-title.h"
#include "pb-error.h"

struct _PbConnectorTitle
{
  GtkWidget parent_instance;

  PbConnectorStore *store;
  PbConnector *connector;
  GCancellable *cancellable;
  gboolean renaming;
  guint updating;
  /* Renames being written: their failures are said under the name, not again by the page. */
  guint writing;

  /* Template widgets */
  GtkImage *kind_icon;
  GtkStack *title_stack;
  GtkButton *title_button;
  GtkLabel *title_label;
  GtkEntry *title_entry;
  GtkLabel *title_error;
  GtkLabel *kind_label;
};

G_DEFINE_FINAL_TYPE (PbConnectorTitle, pb_connector_title, GTK_TYPE_WIDGET)

static void
update (PbConnectorTitle *self)
{
  PbConnectorKind kind = pb_connector_get_kind (self->connector);
  const char *state_label = pb_connector_state_label (pb_connector_get_state (self->connector));
  const char *state_message = pb_connector_get_state_message (self->connector);
  g_autofree char *kind_text = NULL;

  gtk_label_set_label (self->title_label, pb_connector_get_name (self->connector));
  gtk_image_set_from_icon_name (self->kind_icon, pb_connector_kind_icon_name (kind));

  /* Translators: a connector's kind and state, e.g. "OAuth 2.0 · Reconnect needed" */
  if (state_message != NULL && *state_message != '\0')
    kind_text = g_strdup_printf (_("%s · %s"), pb_connector_kind_get_label (kind), state_message);
  else if (state_label != NULL)
    kind_text = g_strdup_printf (_("%s · %s"), pb_connector_kind_get_label (kind), state_label);
  else
    kind_text = g_strdup (pb_connector_kind_get_label (kind));
  gtk_label_set_label (self->kind_label, kind_text);
}

static void
show_error (PbConnectorTitle *self,
            const char       *message)
{
  gtk_label_set_label (self->title_error, message ?: "");
  gtk_widget_set_visible (GTK_WIDGET (self->title_error), message != NULL);
  if (message != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->title_entry), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->title_entry), "error");
}

static void
finish_rename (PbConnectorTitle *self)
{
  self->renaming = FALSE;
  show_error (self, NULL);
  gtk_stack_set_visible_child_name (self->title_stack, "label");
  gtk_widget_grab_focus (GTK_WIDGET (self->title_button));
}

static void
title_button_clicked_cb (PbConnectorTitle *self)
{
  self->renaming = TRUE;
  self->updating++;
  gtk_editable_set_text (GTK_EDITABLE (self->title_entry), pb_connector_get_name (self->connector));
  self->updating--;
  show_error (self, NULL);
  gtk_stack_set_visible_child_name (self->title_stack, "entry");
  gtk_widget_grab_focus (GTK_WIDGET (self->title_entry));
  gtk_editable_select_region (GTK_EDITABLE (self->title_entry), 0, -1);
}

typedef struct {
  PbConnectorTitle *self;
  char *name;       /* the name asked for */
} Rename;

static void
rename_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  Rename *rename = user_data;
  g_autoptr (PbConnectorTitle) self = rename->self;
  g_autofree char *name = rename->name;
  g_autoptr (GError) error = NULL;

  g_free (rename);
  self->writing--;
  if (pb_connector_store_rename_finish (PB_CONNECTOR_STORE (source), result, &error) ||
      self->store == NULL || g_error_matches (error, PB_ERROR, PB_ERROR_CANCELLED))
    return;

  /* Not written (the old name is back): the entry comes back with the name typed and why, so
   * nothing typed is lost and Enter tries again. */
  self->renaming = TRUE;
  self->updating++;
  gtk_editable_set_text (GTK_EDITABLE (self->title_entry), name);
  self->updating--;
  show_error (self, error->message);
  gtk_stack_set_visible_child_name (self->title_stack, "entry");
  gtk_widget_grab_focus (GTK_WIDGET (self->title_entry));
}

static void
apply_rename (PbConnectorTitle *self)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *name = NULL;
  Rename *rename;

  if (!self->renaming)
    return;

  /* A name that cannot be taken is said at once, under it. */
  name = pb_connector_store_check_name (
    self->store, gtk_editable_get_text (GTK_EDITABLE (self->title_entry)), self->connector, &error);
  if (name == NULL)
    {
      show_error (self, error->message);
      return;
    }

  /* The new name shows at once and is written off the main loop; the entry closes, so a
   * second Enter renames nothing more. */
  rename = g_new0 (Rename, 1);
  rename->self = g_object_ref (self);
  rename->name = g_strdup (name);
  self->writing++;
  pb_connector_store_rename_async (self->store, self->connector, name, self->cancellable,
                                   rename_done_cb, rename);
  finish_rename (self);
}

static void
title_entry_activate_cb (PbConnectorTitle *self)
{
  apply_rename (self);
}

/* Says at once why a name would be refused (empty, another connector's). */
static void
title_entry_changed_cb (PbConnectorTitle *self)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *name = NULL;

  if (self->updating > 0 || !self->renaming)
    return;

  name = pb_connector_store_check_name (
    self->store, gtk_editable_get_text (GTK_EDITABLE (self->title_entry)), self->connector, &error);
  show_error (self, error != NULL ? error->message : NULL);
}

static gboolean
title_entry_key_pressed_cb (PbConnectorTitle *self,
                            guint             keyval,
                            guint             keycode,
                            GdkModifierType   state)
{
  if (keyval != GDK_KEY_Escape || !self->renaming)
    return GDK_EVENT_PROPAGATE;

  finish_rename (self);
  return GDK_EVENT_STOP;
}

static void
title_entry_focus_leave_cb (PbConnectorTitle *self)
{
  /* Leaving the entry applies a valid name; an invalid one stays, with its message. */
  if (self->renaming && !gtk_widget_get_visible (GTK_WIDGET (self->title_error)))
    apply_rename (self);
}

static void
pb_connector_title_dispose (GObject *object)
{
  PbConnectorTitle *self = PB_CONNECTOR_TITLE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), PB_TYPE_CONNECTOR_TITLE);
  g_clear_object (&self->connector);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (pb_connector_title_parent_class)->dispose (object);
}

static void
pb_connector_title_class_init (PbConnectorTitleClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pb_connector_title_dispose;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               PB_RESOURCE_PATH "/ui/pb-connector-title.ui");
  gtk_widget_class_bind_template_child (widget_class, PbConnectorTitle, kind_icon);
  gtk_widget_class_bind_template_child (widget_class, PbConnectorTitle, title_stack);
  gtk_widget_class_bind_template_child (widget_class, PbConnectorTitle, title_button);
  gtk_widget_class_bind_template_child (widget_class, PbConnectorTitle, title_label);
  gtk_widget_class_bind_template_child (widget_class, PbConnectorTitle, title_entry);
  gtk_widget_class_bind_template_child (widget_class, PbConnectorTitle, title_error);
  gtk_widget_class_bind_template_child (widget_class, PbConnectorTitle, kind_label);
  gtk_widget_class_bind_template_callback (widget_class, title_button_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, title_entry_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, title_entry_changed_cb);
}

static void
pb_connector_title_init (PbConnectorTitle *self)
{
  GtkLayoutManager *layout;
  GtkEventController *controller;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  layout = gtk_widget_get_layout_manager (GTK_WIDGET (self));
  gtk_orientable_set_orientation (GTK_ORIENTABLE (layout), GTK_ORIENTATION_VERTICAL);
  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (layout), 6);

  controller = gtk_event_controller_key_new ();
  g_signal_connect_swapped (controller, "key-pressed", G_CALLBACK (title_entry_key_pressed_cb),
                            self);
  gtk_widget_add_controller (GTK_WIDGET (self->title_entry), controller);

  controller = gtk_event_controller_focus_new ();
  g_signal_connect_swapped (controller, "leave", G_CALLBACK (title_entry_focus_leave_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->title_entry), controller);
}

void
pb_connector_title_set_connector (PbConnectorTitle *self,
                                  PbConnectorStore *store,
                                  PbConnector      *connector)
{
  static const char *const watched[]
    = { "notify::name", "notify::kind", "notify::state", "notify::state-message" };

  g_return_if_fail (PB_IS_CONNECTOR_TITLE (self));
  g_return_if_fail (PB_IS_CONNECTOR_STORE (store));
  g_return_if_fail (PB_IS_CONNECTOR (connector));
  g_return_if_fail (self->connector == NULL);

  self->store = g_object_ref (store);
  self->connector = g_object_ref (connector);
  for (guint i = 0; i < G_N_ELEMENTS (watched); i++)
    g_signal_connect_object (connector, watched[i], G_CALLBACK (update), self, G_CONNECT_SWAPPED);
  update (self);
}

gboolean
pb_connector_title_is_writing_name (PbConnectorTitle *self)
{
  g_return_val_if_fail (PB_IS_CONNECTOR_TITLE (self), FALSE);

  return self->writing > 0;
}
