/* pb-builder-connector-dialog.c: creates the connector a builder project's manifest needs, its
 * key typed into a masked field and stored in the keyring
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "pb-builder-connector-dialog.h"
#include "pb-builder-connector.h"

struct _PbBuilderConnectorDialog
{
  AdwWindow         parent_instance;

  PbBuilderProject *project;
  PbConnectorStore *store;
  PbConnector      *draft;       /* kind and settings from the manifest */
  GCancellable     *cancellable;

  /* Template widgets */
  GtkButton            *create_button;
  AdwPreferencesGroup  *auth_group;
  AdwEntryRow          *name_row;
  AdwEntryRow          *base_url_row;
  AdwEntryRow          *header_row;
  AdwEntryRow          *prefix_row;
  AdwEntryRow          *query_row;
  AdwEntryRow          *username_row;
  AdwEntryRow          *client_id_row;
  AdwEntryRow          *auth_url_row;
  AdwEntryRow          *token_url_row;
  AdwEntryRow          *scopes_row;
  AdwPasswordEntryRow  *secret_row;
  GtkLabel             *error_label;
};

G_DEFINE_FINAL_TYPE (PbBuilderConnectorDialog, pb_builder_connector_dialog, ADW_TYPE_WINDOW)

enum {
  CONNECTOR_CREATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char *
text_of (AdwEntryRow *row)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (row));

  return text != NULL && *text != '\0' ? text : NULL;
}

static void
set_row (AdwEntryRow *row,
         const char  *value,
         gboolean     shown)
{
  gtk_editable_set_text (GTK_EDITABLE (row), value != NULL ? value : "");
  gtk_widget_set_visible (GTK_WIDGET (row), shown);
}

static void
show_error (PbBuilderConnectorDialog *self,
            const char               *message)
{
  gtk_label_set_label (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static void
changed_cb (PbBuilderConnectorDialog *self)
{
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (
                                                  GTK_EDITABLE (self->name_row))));
  gboolean has_secret = *gtk_editable_get_text (GTK_EDITABLE (self->secret_row)) != '\0';

  show_error (self, NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->create_button),
                            self->draft != NULL && self->cancellable == NULL && *name != '\0'
                            && has_secret);
}

static void
create_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr (PbBuilderConnectorDialog) self = user_data;
  g_autoptr (GError) error = NULL;
  PbConnector *connector;

  connector = pb_builder_connector_create_finish (PB_BUILDER_PROJECT (source), result, &error);
  g_clear_object (&self->cancellable);
  if (self->secret_row == NULL)
    return;
  if (connector == NULL)
    {
      /* Nothing lost: the fields keep what the user typed. */
      show_error (self, error->message);
      changed_cb (self);
      return;
    }
  gtk_editable_set_text (GTK_EDITABLE (self->secret_row), "");
  g_signal_emit (self, signals[CONNECTOR_CREATED], 0, connector);
  gtk_window_close (GTK_WINDOW (self));
}

void
pb_builder_connector_dialog_create (PbBuilderConnectorDialog *self)
{
  g_autoptr (PbConnector) connector = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *name = NULL;

  g_return_if_fail (PB_IS_BUILDER_CONNECTOR_DIALOG (self));

  if (!gtk_widget_get_sensitive (GTK_WIDGET (self->create_button)))
    return;
  name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_row))));
  connector = pb_builder_connector_new_from_manifest (pb_builder_project_get_manifest (
                                                        self->project), name, &error);
  if (connector == NULL)
    {
      show_error (self, error->message);
      return;
    }
  pb_connector_set_base_url (connector, text_of (self->base_url_row));
  switch (pb_connector_get_kind (connector))
    {
    case PB_CONNECTOR_KIND_API_KEY:
      if (pb_connector_get_auth_query_param (connector) != NULL)
        pb_connector_set_auth_query_param (connector, text_of (self->query_row));
      else
        {
          pb_connector_set_auth_header (connector, text_of (self->header_row));
          pb_connector_set_auth_prefix (connector, text_of (self->prefix_row));
        }
      break;
    case PB_CONNECTOR_KIND_BASIC:
      pb_connector_set_username (connector, text_of (self->username_row));
      break;
    case PB_CONNECTOR_KIND_OAUTH2:
    case PB_CONNECTOR_KIND_INTERCOM:
      pb_connector_set_client_id (connector, text_of (self->client_id_row));
      pb_connector_set_auth_url (connector, text_of (self->auth_url_row));
      pb_connector_set_token_url (connector, text_of (self->token_url_row));
      pb_connector_set_scopes (connector, text_of (self->scopes_row));
      break;
    default:
      break;
    }
  self->cancellable = g_cancellable_new ();
  gtk_widget_set_sensitive (GTK_WIDGET (self->create_button), FALSE);
  pb_builder_connector_create_async (self->project, self->store, connector,
                                     gtk_editable_get_text (GTK_EDITABLE (self->secret_row)),
                                     self->cancellable, create_cb, g_object_ref (self));
}

static void
create_clicked_cb (PbBuilderConnectorDialog *self)
{
  pb_builder_connector_dialog_create (self);
}

/* The rows the manifest's authenticator uses, filled from it; the others hidden. */
static void
fill_rows (PbBuilderConnectorDialog *self)
{
  PbManifest *manifest = pb_builder_project_get_manifest (self->project);
  PbManifestAuth *auth = pb_manifest_get_auth (manifest);
  PbConnector *c = self->draft;
  PbConnectorKind kind = pb_connector_get_kind (c);
  gboolean api_key = kind == PB_CONNECTOR_KIND_API_KEY;
  gboolean in_query = api_key && pb_connector_get_auth_query_param (c) != NULL;
  gboolean oauth = kind == PB_CONNECTOR_KIND_OAUTH2;
  g_autofree char *description = NULL;

  set_row (self->name_row, pb_builder_project_get_name (self->project), TRUE);
  set_row (self->base_url_row, pb_connector_get_base_url (c), TRUE);
  set_row (self->header_row, pb_connector_get_auth_header (c), api_key && !in_query);
  set_row (self->prefix_row, pb_connector_get_auth_prefix (c), api_key && !in_query);
  set_row (self->query_row, pb_connector_get_auth_query_param (c), in_query);
  set_row (self->username_row, NULL, kind == PB_CONNECTOR_KIND_BASIC);
  set_row (self->client_id_row, NULL, oauth);
  set_row (self->auth_url_row, pb_connector_get_auth_url (c), oauth);
  set_row (self->token_url_row, pb_connector_get_token_url (c), oauth);
  set_row (self->scopes_row, pb_connector_get_scopes (c), oauth);

  switch (auth->kind)
    {
    case PB_AUTH_API_KEY:
      description = in_query
        /* Translators: %s is a query parameter name */
        ? g_strdup_printf (_("The manifest sends an API key in the query parameter “%s”."),
                           pb_connector_get_auth_query_param (c))
        /* Translators: %s is an HTTP header name */
        : g_strdup_printf (_("The manifest sends an API key in the “%s” header."),
                           pb_connector_get_auth_header (c));
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->secret_row), _("API _Key"));
      break;
    case PB_AUTH_BEARER:
      description = g_strdup (_("The manifest sends a bearer token in the Authorization "
                                "header."));
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->secret_row), _("_Token"));
      break;
    case PB_AUTH_BASIC:
      description = g_strdup (_("The manifest signs in with a username and a password."));
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->secret_row), _("_Password"));
      break;
    case PB_AUTH_OAUTH:
      description = g_strdup (_("The manifest uses OAuth 2.0. After creating the connector, "
                                "sign in from its page to get a token."));
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->secret_row),
                                     _("Client _Secret"));
      break;
    case PB_AUTH_NONE:
    default:
      break;
    }
  adw_preferences_group_set_description (self->auth_group, description);
}

static void
pb_builder_connector_dialog_dispose (GObject *object)
{
  PbBuilderConnectorDialog *self = PB_BUILDER_CONNECTOR_DIALOG (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), PB_TYPE_BUILDER_CONNECTOR_DIALOG);
  g_clear_object (&self->draft);
  g_clear_object (&self->store);
  g_clear_object (&self->project);

  G_OBJECT_CLASS (pb_builder_connector_dialog_parent_class)->dispose (object);
}

static void
pb_builder_connector_dialog_class_init (PbBuilderConnectorDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pb_builder_connector_dialog_dispose;

  signals[CONNECTOR_CREATED] = g_signal_new ("connector-created", G_TYPE_FROM_CLASS (klass),
                                             G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                             G_TYPE_NONE, 1, PB_TYPE_CONNECTOR);

  gtk_widget_class_set_template_from_resource (
    widget_class, PB_RESOURCE_PATH "/ui/pb-builder-connector-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, PbBuilderConnectorDialog, create_button);
  gtk_widget_class_bind_template_child (widget_class, PbBuilderConnectorDialog, auth_group);
  gtk_widget_class_bind_template_child (widget_class, PbBuilderConnectorDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, PbBuilderConnectorDialog, base_url_row);
  gtk_widget_class_bind_template_child (widget_class, PbBuilderConnectorDialog, header_row);
  gtk_widget_class_bind_template_child (widget_class, PbBuilderConnectorDialog, prefix_row);
  gtk_widget_class_bind_template_child (widget_class, PbBuilderConnectorDialog, query_row);
  gtk_widget_class_bind_template_child (widget_class, PbBuilderConnectorDialog, username_row);
  gtk_widget_class_bind_template_child (widget_class, PbBuilderConnectorDialog, client_id_row);
  gtk_widget_class_bind_template_child (widget_class, PbBuilderConnectorDialog, auth_url_row);
  gtk_widget_class_bind_template_child (widget_class, PbBuilderConnectorDialog, token_url_row);
  gtk_widget_class_bind_template_child (widget_class, PbBuilderConnectorDialog, scopes_row);
  gtk_widget_class_bind_template_child (widget_class, PbBuilderConnectorDialog, secret_row);
  gtk_widget_class_bind_template_child (widget_class, PbBuilderConnectorDialog, error_label);
  gtk_widget_class_bind_template_callback (widget_class, changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, create_clicked_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
pb_builder_connector_dialog_init (PbBuilderConnectorDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
pb_builder_connector_dialog_new (PbBuilderProject *project,
                                 PbConnectorStore *store,
                                 GtkWindow        *parent)
{
  PbBuilderConnectorDialog *self;
  g_autoptr (GError) error = NULL;

  g_return_val_if_fail (PB_IS_BUILDER_PROJECT (project), NULL);
  g_return_val_if_fail (PB_IS_CONNECTOR_STORE (store), NULL);

  self = g_object_new (PB_TYPE_BUILDER_CONNECTOR_DIALOG, "transient-for", parent, NULL);
  self->project = g_object_ref (project);
  self->store = g_object_ref (store);
  self->draft = pb_builder_connector_new_from_manifest (pb_builder_project_get_manifest (project),
                                                        pb_builder_project_get_name (project),
                                                        &error);
  if (self->draft != NULL)
    fill_rows (self);
  else
    {
      gtk_widget_set_visible (GTK_WIDGET (self->auth_group), FALSE);
      show_error (self, error->message);
    }
  changed_cb (self);
  if (error != NULL)
    show_error (self, error->message);
  return GTK_WIDGET (self);
}
