/* pb-connector-row.c: one connector in the sidebar list (name, kind and state)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "pb-connector-row.h"

struct _PbConnectorRow
{
  GtkListBoxRow parent_instance;

  PbConnector *connector;

  /* Template widgets */
  GtkImage *kind_icon;
  GtkLabel *name_label;
  GtkLabel *kind_label;
  GtkImage *state_icon;
};

G_DEFINE_FINAL_TYPE (PbConnectorRow, pb_connector_row, GTK_TYPE_LIST_BOX_ROW)

enum {
  PROP_0,
  PROP_CONNECTOR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

const char *
pb_connector_kind_icon_name (PbConnectorKind kind)
{
  switch (kind)
    {
    case PB_CONNECTOR_KIND_API_KEY:
      return "dialog-password-symbolic";
    case PB_CONNECTOR_KIND_OAUTH2:
      return "channel-secure-symbolic";
    case PB_CONNECTOR_KIND_INTERCOM:
      return "user-info-symbolic";
    case PB_CONNECTOR_KIND_BASIC:
    default:
      return "system-users-symbolic";
    }
}

const char *
pb_connector_state_label (PbConnectorState state)
{
  switch (state)
    {
    case PB_CONNECTOR_STATE_NEEDS_SETUP:
      return _("Needs setup");
    case PB_CONNECTOR_STATE_NEEDS_ATTENTION:
      return _("Needs attention");
    case PB_CONNECTOR_STATE_RECONNECT_NEEDED:
      return _("Reconnect needed");
    case PB_CONNECTOR_STATE_READY:
    default:
      return NULL;
    }
}

static void
pb_connector_row_update (PbConnectorRow *self)
{
  PbConnectorKind kind = pb_connector_get_kind (self->connector);
  PbConnectorState state = pb_connector_get_state (self->connector);
  const char *state_label = pb_connector_state_label (state);
  gboolean warn
    = state == PB_CONNECTOR_STATE_NEEDS_ATTENTION || state == PB_CONNECTOR_STATE_RECONNECT_NEEDED;
  g_autofree char *subtitle = NULL;

  gtk_label_set_label (self->name_label, pb_connector_get_name (self->connector));
  gtk_image_set_from_icon_name (self->kind_icon, pb_connector_kind_icon_name (kind));

  if (state_label != NULL)
    /* Translators: a connector's kind and state in the sidebar, e.g. "API Key · Needs setup" */
    subtitle = g_strdup_printf (_("%s · %s"), pb_connector_kind_get_label (kind), state_label);
  else
    subtitle = g_strdup (pb_connector_kind_get_label (kind));
  gtk_label_set_label (self->kind_label, subtitle);

  gtk_widget_set_visible (GTK_WIDGET (self->state_icon), warn);
  if (warn)
    {
      gtk_image_set_from_icon_name (self->state_icon, "dialog-warning-symbolic");
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->state_icon),
                                   pb_connector_get_state_message (self->connector) ?: state_label);
      gtk_widget_add_css_class (GTK_WIDGET (self->state_icon), "warning");
    }
}

static void
pb_connector_row_dispose (GObject *object)
{
  PbConnectorRow *self = PB_CONNECTOR_ROW (object);

  if (self->connector != NULL)
    g_signal_handlers_disconnect_by_data (self->connector, self);
  g_clear_object (&self->connector);

  gtk_widget_dispose_template (GTK_WIDGET (self), PB_TYPE_CONNECTOR_ROW);

  G_OBJECT_CLASS (pb_connector_row_parent_class)->dispose (object);
}

static void
pb_connector_row_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  PbConnectorRow *self = PB_CONNECTOR_ROW (object);

  switch (prop_id)
    {
    case PROP_CONNECTOR:
      g_value_set_object (value, self->connector);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pb_connector_row_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  PbConnectorRow *self = PB_CONNECTOR_ROW (object);

  switch (prop_id)
    {
    case PROP_CONNECTOR:
      self->connector = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pb_connector_row_constructed (GObject *object)
{
  PbConnectorRow *self = PB_CONNECTOR_ROW (object);

  G_OBJECT_CLASS (pb_connector_row_parent_class)->constructed (object);

  g_assert (self->connector != NULL);
  g_signal_connect_object (self->connector, "notify::name", G_CALLBACK (pb_connector_row_update),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->connector, "notify::kind", G_CALLBACK (pb_connector_row_update),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->connector, "notify::state", G_CALLBACK (pb_connector_row_update),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->connector, "notify::state-message",
                           G_CALLBACK (pb_connector_row_update), self, G_CONNECT_SWAPPED);
  pb_connector_row_update (self);
}

static void
pb_connector_row_class_init (PbConnectorRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pb_connector_row_dispose;
  object_class->get_property = pb_connector_row_get_property;
  object_class->set_property = pb_connector_row_set_property;
  object_class->constructed = pb_connector_row_constructed;

  properties[PROP_CONNECTOR] =
    g_param_spec_object ("connector", NULL, NULL, PB_TYPE_CONNECTOR,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               PB_RESOURCE_PATH "/ui/pb-connector-row.ui");
  gtk_widget_class_bind_template_child (widget_class, PbConnectorRow, kind_icon);
  gtk_widget_class_bind_template_child (widget_class, PbConnectorRow, name_label);
  gtk_widget_class_bind_template_child (widget_class, PbConnectorRow, kind_label);
  gtk_widget_class_bind_template_child (widget_class, PbConnectorRow, state_icon);
}

static void
pb_connector_row_init (PbConnectorRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
pb_connector_row_new (PbConnector *connector)
{
  g_return_val_if_fail (PB_IS_CONNECTOR (connector), NULL);

  return g_object_new (PB_TYPE_CONNECTOR_ROW, "connector", connector, NULL);
}

PbConnector *
pb_connector_row_get_connector (PbConnectorRow *self)
{
  g_return_val_if_fail (PB_IS_CONNECTOR_ROW (self), NULL);

  return self->connector;
}
