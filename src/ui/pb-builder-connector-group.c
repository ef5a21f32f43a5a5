/* pb-builder-connector-group.c: the builder project setting that links the connector whose key
 * test reads use, or creates one from the manifest
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "pb-builder-connector-dialog.h"
#include "pb-builder-connector-group.h"
#include "pb-builder-connector.h"

struct _PbBuilderConnectorGroup
{
  AdwPreferencesGroup parent_instance;

  PbBuilderProject *project;
  PbConnectorStore *store;
  GtkStringList    *names;
  GPtrArray        *ids;       /* beside names: NULL for None */
  gboolean          updating;

  /* Template widgets */
  AdwComboRow      *connector_row;
  AdwActionRow     *create_row;
};

G_DEFINE_FINAL_TYPE (PbBuilderConnectorGroup, pb_builder_connector_group,
                     ADW_TYPE_PREFERENCES_GROUP)

enum {
  PROP_0,
  PROP_PROJECT,
  PROP_STORE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Rebuilds the choices from the store and selects the project's connector. */
static void
update (PbBuilderConnectorGroup *self)
{
  GListModel *model = G_LIST_MODEL (self->store);
  guint n = g_list_model_get_n_items (model);
  guint old = g_list_model_get_n_items (G_LIST_MODEL (self->names));
  const char *linked = pb_builder_project_get_connector_id (self->project);
  guint selected = 0;
  g_autoptr (GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);

  self->updating = TRUE;
  g_ptr_array_set_size (self->ids, 0);
  g_ptr_array_add (self->ids, NULL);
  /* Translators: no connector linked to the builder project */
  g_ptr_array_add (labels, g_strdup (C_("connector", "None")));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (PbConnector) connector = g_list_model_get_item (model, i);

      if (g_strcmp0 (pb_connector_get_id (connector), linked) == 0)
        selected = i + 1;
      g_ptr_array_add (self->ids, g_strdup (pb_connector_get_id (connector)));
      g_ptr_array_add (labels, g_strdup (pb_connector_get_name (connector)));
    }
  g_ptr_array_add (labels, NULL);
  gtk_string_list_splice (self->names, 0, old, (const char * const *) labels->pdata);
  adw_combo_row_set_selected (self->connector_row, selected);
  self->updating = FALSE;
}

static void
selected_cb (PbBuilderConnectorGroup *self)
{
  guint selected = adw_combo_row_get_selected (self->connector_row);

  if (self->updating || selected >= self->ids->len)
    return;
  pb_builder_project_set_connector_id (self->project, self->ids->pdata[selected]);
}

GtkWidget *
pb_builder_connector_group_open_create (PbBuilderConnectorGroup *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *dialog;

  g_return_val_if_fail (PB_IS_BUILDER_CONNECTOR_GROUP (self), NULL);

  dialog = pb_builder_connector_dialog_new (self->project, self->store,
                                            GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL);
  gtk_window_present (GTK_WINDOW (dialog));
  return dialog;
}

static void
create_activated_cb (PbBuilderConnectorGroup *self)
{
  pb_builder_connector_group_open_create (self);
}

static void
pb_builder_connector_group_constructed (GObject *object)
{
  PbBuilderConnectorGroup *self = PB_BUILDER_CONNECTOR_GROUP (object);
  gboolean needs_key;

  G_OBJECT_CLASS (pb_builder_connector_group_parent_class)->constructed (object);

  needs_key = pb_builder_connector_kind_for_manifest (
    pb_builder_project_get_manifest (self->project), NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->create_row), needs_key);
  if (!needs_key)
    adw_action_row_set_subtitle (self->create_row, _("The manifest sends no credential"));
  adw_combo_row_set_model (self->connector_row, G_LIST_MODEL (self->names));
  g_signal_connect_object (self->store, "items-changed", G_CALLBACK (update), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->project, "notify::connector-id", G_CALLBACK (update), self,
                           G_CONNECT_SWAPPED);
  update (self);
}

static void
pb_builder_connector_group_dispose (GObject *object)
{
  PbBuilderConnectorGroup *self = PB_BUILDER_CONNECTOR_GROUP (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), PB_TYPE_BUILDER_CONNECTOR_GROUP);
  g_clear_object (&self->names);
  g_clear_pointer (&self->ids, g_ptr_array_unref);
  g_clear_object (&self->store);
  g_clear_object (&self->project);

  G_OBJECT_CLASS (pb_builder_connector_group_parent_class)->dispose (object);
}

static void
pb_builder_connector_group_get_property (GObject    *object,
                                         guint       prop_id,
                                         GValue     *value,
                                         GParamSpec *pspec)
{
  PbBuilderConnectorGroup *self = PB_BUILDER_CONNECTOR_GROUP (object);

  switch (prop_id)
    {
    case PROP_PROJECT:
      g_value_set_object (value, self->project);
      break;
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pb_builder_connector_group_set_property (GObject      *object,
                                         guint         prop_id,
                                         const GValue *value,
                                         GParamSpec   *pspec)
{
  PbBuilderConnectorGroup *self = PB_BUILDER_CONNECTOR_GROUP (object);

  switch (prop_id)
    {
    case PROP_PROJECT:
      self->project = g_value_dup_object (value);
      break;
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pb_builder_connector_group_class_init (PbBuilderConnectorGroupClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = pb_builder_connector_group_constructed;
  object_class->dispose = pb_builder_connector_group_dispose;
  object_class->get_property = pb_builder_connector_group_get_property;
  object_class->set_property = pb_builder_connector_group_set_property;

  properties[PROP_PROJECT] =
    g_param_spec_object ("project", NULL, NULL, PB_TYPE_BUILDER_PROJECT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, PB_TYPE_CONNECTOR_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (
    widget_class, PB_RESOURCE_PATH "/ui/pb-builder-connector-group.ui");
  gtk_widget_class_bind_template_child (widget_class, PbBuilderConnectorGroup, connector_row);
  gtk_widget_class_bind_template_child (widget_class, PbBuilderConnectorGroup, create_row);
  gtk_widget_class_bind_template_callback (widget_class, selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, create_activated_cb);
}

static void
pb_builder_connector_group_init (PbBuilderConnectorGroup *self)
{
  self->names = gtk_string_list_new (NULL);
  self->ids = g_ptr_array_new_with_free_func (g_free);
  self->updating = TRUE;
  gtk_widget_init_template (GTK_WIDGET (self));
  self->updating = FALSE;
}

GtkWidget *
pb_builder_connector_group_new (PbBuilderProject *project,
                                PbConnectorStore *store)
{
  g_return_val_if_fail (PB_IS_BUILDER_PROJECT (project), NULL);
  g_return_val_if_fail (PB_IS_CONNECTOR_STORE (store), NULL);

  return g_object_new (PB_TYPE_BUILDER_CONNECTOR_GROUP, "project", project, "store", store,
                       NULL);
}
