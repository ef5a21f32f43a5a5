/* pb-new-connector-dialog.c: asks for a name and a type, then creates the connector; or opens
 * the Connector Builder (AI Assist, Import Manifest)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "pb-catalog.h"
#include "pb-error.h"
#include "pb-new-connector-dialog.h"
#include "pb-wrap-layout.h"

struct _PbNewConnectorDialog
{
  AdwWindow parent_instance;

  PbConnectorStore *store;
  GCancellable *cancellable;
  gboolean creating;     /* a create is being written: Create does nothing more */

  /* Template widgets */
  GtkButton *create_button;
  AdwEntryRow *name_row;
  GtkLabel *name_hint;
  GtkLabel *name_error;
  GtkCheckButton *api_key_check;
  GtkCheckButton *oauth2_check;
  GtkCheckButton *intercom_check;
  GtkSearchEntry *catalog_search;
  GtkListBox *catalog_list;
  GtkButton *builder_assist_button;
  GtkButton *import_manifest_button;

  /* Setup assistant: the catalog service chosen, if any */
  GtkCustomFilter *catalog_filter;
  char *selected_definition;
  /* The name the last catalog pick filled in: replaced by the next pick, a typed name kept */
  char *filled_name;
};

G_DEFINE_FINAL_TYPE (PbNewConnectorDialog, pb_new_connector_dialog, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_STORE,
  N_PROPS
};

enum {
  CONNECTOR_CREATED,
  SETUP_REQUESTED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* MESSAGE under the name; ABOUT_NAME marks the name itself as the problem. */
static void
show_problem (PbNewConnectorDialog *self,
              const char           *message,
              gboolean              about_name)
{
  GtkWidget *row = GTK_WIDGET (self->name_row);

  gtk_label_set_label (self->name_error, message ?: "");
  gtk_widget_set_visible (GTK_WIDGET (self->name_error), message != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->name_hint), message == NULL);
  if (message != NULL && about_name)
    gtk_widget_add_css_class (row, "error");
  else
    gtk_widget_remove_css_class (row, "error");
}

static void
show_error (PbNewConnectorDialog *self,
            const char           *message)
{
  show_problem (self, message, TRUE);
}

/* Returns the trimmed name when it can be used; shows why not otherwise. */
static char *
validate (PbNewConnectorDialog *self)
{
  g_autoptr (GError) error = NULL;
  char *name;

  name = pb_connector_store_check_name (
    self->store, gtk_editable_get_text (GTK_EDITABLE (self->name_row)), NULL, &error);
  show_error (self, error != NULL ? error->message : NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->create_button), name != NULL);
  return name;
}

static void
name_row_changed_cb (PbNewConnectorDialog *self)
{
  if (self->creating)
    return;
  g_free (validate (self));
}

static PbConnectorKind
selected_kind (PbNewConnectorDialog *self)
{
  if (gtk_check_button_get_active (self->oauth2_check))
    return PB_CONNECTOR_KIND_OAUTH2;
  if (gtk_check_button_get_active (self->intercom_check))
    return PB_CONNECTOR_KIND_INTERCOM;
  return PB_CONNECTOR_KIND_API_KEY;
}

static void
create_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr (PbNewConnectorDialog) self = user_data;
  g_autoptr (PbConnector) connector = NULL;
  g_autoptr (GError) error = NULL;

  connector = pb_connector_store_create_finish (PB_CONNECTOR_STORE (source), result, &error);
  self->creating = FALSE;
  if (self->store == NULL)
    return;   /* closed meanwhile: a connector written is in the list all the same */

  if (connector == NULL)
    {
      if (g_error_matches (error, PB_ERROR, PB_ERROR_CANCELLED))
        return;
      /* A refused name is the name's problem (fix it, then Create); anything else (the file
       * could not be written) is not, and Create stays ready to try again. */
      if (g_error_matches (error, PB_ERROR, PB_ERROR_DUPLICATE_NAME) ||
          g_error_matches (error, PB_ERROR, PB_ERROR_INVALID_NAME))
        {
          show_problem (self, error->message, TRUE);
          gtk_widget_set_sensitive (GTK_WIDGET (self->create_button), FALSE);
        }
      else
        {
          show_problem (self, error->message, FALSE);
          gtk_widget_set_sensitive (GTK_WIDGET (self->create_button), TRUE);
        }
      gtk_editable_set_editable (GTK_EDITABLE (self->name_row), TRUE);
      gtk_widget_grab_focus (GTK_WIDGET (self->name_row));
      return;
    }

  g_signal_emit (self, signals[CONNECTOR_CREATED], 0, connector);
  gtk_window_close (GTK_WINDOW (self));
}

static void
create_button_clicked_cb (PbNewConnectorDialog *self)
{
  g_autofree char *name = NULL;

  /* A second click (or Enter) while the first create is written makes nothing more. */
  if (self->creating)
    return;
  name = validate (self);
  if (name == NULL)
    return;

  /* A catalog service: the setup assistant creates the connector as it goes. */
  if (self->selected_definition != NULL)
    {
      PbDefinition *definition
        = pb_catalog_lookup (pb_catalog_get_default (), self->selected_definition);

      if (definition != NULL)
        {
          g_signal_emit (self, signals[SETUP_REQUESTED], 0, name, definition);
          gtk_window_close (GTK_WINDOW (self));
          return;
        }
    }

  /* Written off the main loop; the dialog answers when the file holds the connector. */
  self->creating = TRUE;
  gtk_widget_set_sensitive (GTK_WIDGET (self->create_button), FALSE);
  gtk_editable_set_editable (GTK_EDITABLE (self->name_row), FALSE);
  pb_connector_store_create_async (self->store, name, selected_kind (self), self->cancellable,
                                   create_done_cb, g_object_ref (self));
}

/* --- The catalog (setup assistant) --- */

static void
catalog_check_toggled_cb (GtkCheckButton       *check,
                          PbNewConnectorDialog *self)
{
  const char *id = g_object_get_data (G_OBJECT (check), "definition-id");

  if (gtk_check_button_get_active (check))
    {
      PbDefinition *definition = pb_catalog_lookup (pb_catalog_get_default (), id);
      const char *typed = gtk_editable_get_text (GTK_EDITABLE (self->name_row));

      g_free (self->selected_definition);
      self->selected_definition = g_strdup (id);
      /* Picking a service names the connector after it, unless the user typed a name. */
      if (definition != NULL && (*typed == '\0' || g_strcmp0 (typed, self->filled_name) == 0))
        {
          g_free (self->filled_name);
          self->filled_name = g_strdup (pb_definition_get_name (definition));
          gtk_editable_set_text (GTK_EDITABLE (self->name_row), self->filled_name);
        }
    }
  else if (g_strcmp0 (self->selected_definition, id) == 0)
    g_clear_pointer (&self->selected_definition, g_free);
}

static GtkWidget *
create_catalog_row (gpointer item,
                    gpointer user_data)
{
  PbNewConnectorDialog *self = user_data;
  PbDefinition *definition = item;
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *check = gtk_check_button_new ();
  GtkWidget *icon = gtk_image_new_from_icon_name (pb_definition_get_icon_name (definition));

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), pb_definition_get_name (definition));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), pb_definition_get_summary (definition));
  gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
  gtk_check_button_set_group (GTK_CHECK_BUTTON (check), self->api_key_check);
  g_object_set_data_full (G_OBJECT (check), "definition-id",
                          g_strdup (pb_definition_get_id (definition)), g_free);
  if (g_strcmp0 (self->selected_definition, pb_definition_get_id (definition)) == 0)
    gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
  g_signal_connect (check, "toggled", G_CALLBACK (catalog_check_toggled_cb), self);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), icon);
  gtk_widget_add_css_class (icon, "dim-label");
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
  gtk_widget_set_name (row, pb_definition_get_id (definition));
  return row;
}

static gboolean
catalog_filter_func (gpointer item,
                     gpointer user_data)
{
  PbNewConnectorDialog *self = user_data;

  /* The generic types are the rows above. */
  return !pb_definition_is_generic (item) &&
         pb_catalog_matches (item, gtk_editable_get_text (GTK_EDITABLE (self->catalog_search)));
}

static void
catalog_search_changed_cb (PbNewConnectorDialog *self)
{
  gtk_filter_changed (GTK_FILTER (self->catalog_filter), GTK_FILTER_CHANGE_DIFFERENT);
}

static void
name_row_activated_cb (PbNewConnectorDialog *self)
{
  if (gtk_widget_get_sensitive (GTK_WIDGET (self->create_button)) && !self->creating)
    create_button_clicked_cb (self);
}

static void
pb_new_connector_dialog_dispose (GObject *object)
{
  PbNewConnectorDialog *self = PB_NEW_CONNECTOR_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->store);
  gtk_widget_dispose_template (GTK_WIDGET (self), PB_TYPE_NEW_CONNECTOR_DIALOG);
  g_clear_object (&self->catalog_filter);
  g_clear_pointer (&self->selected_definition, g_free);
  g_clear_pointer (&self->filled_name, g_free);

  G_OBJECT_CLASS (pb_new_connector_dialog_parent_class)->dispose (object);
}

static void
pb_new_connector_dialog_get_property (GObject    *object,
                                      guint       prop_id,
                                      GValue     *value,
                                      GParamSpec *pspec)
{
  PbNewConnectorDialog *self = PB_NEW_CONNECTOR_DIALOG (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pb_new_connector_dialog_set_property (GObject      *object,
                                      guint         prop_id,
                                      const GValue *value,
                                      GParamSpec   *pspec)
{
  PbNewConnectorDialog *self = PB_NEW_CONNECTOR_DIALOG (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pb_new_connector_dialog_map (GtkWidget *widget)
{
  PbNewConnectorDialog *self = PB_NEW_CONNECTOR_DIALOG (widget);

  GTK_WIDGET_CLASS (pb_new_connector_dialog_parent_class)->map (widget);
  /* The name comes first: typing goes there, not to Cancel. */
  gtk_widget_grab_focus (GTK_WIDGET (self->name_row));
}

/* The Connector Builder's two ways in. AI Assist is the application's action
 * app.builder-assist: its button is insensitive while the application has no such action. */
static GActionGroup *
application_actions (PbNewConnectorDialog *self)
{
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));
  GtkApplication *app = parent != NULL ? gtk_window_get_application (parent) : NULL;

  return app != NULL ? G_ACTION_GROUP (app) : NULL;
}

static void
update_assist_button (PbNewConnectorDialog *self)
{
  GActionGroup *actions = application_actions (self);

  gtk_widget_set_sensitive (GTK_WIDGET (self->builder_assist_button),
                            actions != NULL
                            && g_action_group_has_action (actions, "builder-assist")
                            && g_action_group_get_action_enabled (actions, "builder-assist"));
}

static void
builder_assist_clicked_cb (PbNewConnectorDialog *self)
{
  GActionGroup *actions = application_actions (self);

  gtk_window_close (GTK_WINDOW (self));
  if (actions != NULL && g_action_group_has_action (actions, "builder-assist"))
    g_action_group_activate_action (actions, "builder-assist", NULL);
}

static void
import_manifest_clicked_cb (PbNewConnectorDialog *self)
{
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));

  gtk_window_close (GTK_WINDOW (self));
  if (parent != NULL)
    gtk_widget_activate_action (GTK_WIDGET (parent), "win.import-manifest", NULL);
}

static void
pb_new_connector_dialog_constructed (GObject *object)
{
  PbNewConnectorDialog *self = PB_NEW_CONNECTOR_DIALOG (object);
  GActionGroup *actions;

  G_OBJECT_CLASS (pb_new_connector_dialog_parent_class)->constructed (object);

  actions = application_actions (self);
  if (actions != NULL)
    {
      g_signal_connect_object (actions, "action-added::builder-assist",
                               G_CALLBACK (update_assist_button), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (actions, "action-removed::builder-assist",
                               G_CALLBACK (update_assist_button), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (actions, "action-enabled-changed::builder-assist",
                               G_CALLBACK (update_assist_button), self, G_CONNECT_SWAPPED);
    }
  update_assist_button (self);
}

static void
pb_new_connector_dialog_class_init (PbNewConnectorDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = pb_new_connector_dialog_constructed;
  object_class->dispose = pb_new_connector_dialog_dispose;
  object_class->get_property = pb_new_connector_dialog_get_property;
  object_class->set_property = pb_new_connector_dialog_set_property;
  widget_class->map = pb_new_connector_dialog_map;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, PB_TYPE_CONNECTOR_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* (name, PbDefinition*): the user chose a catalog service; nothing is created yet. */
  signals[SETUP_REQUESTED] =
    g_signal_new ("setup-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, PB_TYPE_DEFINITION);

  signals[CONNECTOR_CREATED] =
    g_signal_new ("connector-created", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, PB_TYPE_CONNECTOR);

  g_type_ensure (PB_TYPE_WRAP_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               PB_RESOURCE_PATH "/ui/pb-new-connector-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, PbNewConnectorDialog, create_button);
  gtk_widget_class_bind_template_child (widget_class, PbNewConnectorDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, PbNewConnectorDialog, name_hint);
  gtk_widget_class_bind_template_child (widget_class, PbNewConnectorDialog, name_error);
  gtk_widget_class_bind_template_child (widget_class, PbNewConnectorDialog, api_key_check);
  gtk_widget_class_bind_template_child (widget_class, PbNewConnectorDialog, oauth2_check);
  gtk_widget_class_bind_template_child (widget_class, PbNewConnectorDialog, intercom_check);
  gtk_widget_class_bind_template_callback (widget_class, name_row_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, name_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, create_button_clicked_cb);
  gtk_widget_class_bind_template_child (widget_class, PbNewConnectorDialog, catalog_search);
  gtk_widget_class_bind_template_child (widget_class, PbNewConnectorDialog, catalog_list);
  gtk_widget_class_bind_template_callback (widget_class, catalog_search_changed_cb);
  gtk_widget_class_bind_template_child (widget_class, PbNewConnectorDialog,
                                        builder_assist_button);
  gtk_widget_class_bind_template_child (widget_class, PbNewConnectorDialog,
                                        import_manifest_button);
  gtk_widget_class_bind_template_callback (widget_class, builder_assist_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, import_manifest_clicked_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
pb_new_connector_dialog_init (PbNewConnectorDialog *self)
{
  GtkFilterListModel *filtered;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();

  self->catalog_filter = gtk_custom_filter_new (catalog_filter_func, self, NULL);
  filtered = gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (pb_catalog_get_default ())),
                                        GTK_FILTER (g_object_ref (self->catalog_filter)));
  gtk_list_box_bind_model (self->catalog_list, G_LIST_MODEL (filtered), create_catalog_row, self,
                           NULL);
  g_object_unref (filtered);
}

PbNewConnectorDialog *
pb_new_connector_dialog_new (GtkWindow        *parent,
                             PbConnectorStore *store)
{
  g_return_val_if_fail (PB_IS_CONNECTOR_STORE (store), NULL);

  return g_object_new (PB_TYPE_NEW_CONNECTOR_DIALOG,
                       "transient-for", parent,
                       "store", store,
                       NULL);
}
