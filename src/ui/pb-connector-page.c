/* pb-connector-page.c: one connector's settings, saved as the user types
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "pb-application.h"
#include "pb-connection-group.h"
#include "pb-connector-page-private.h"
#include "pb-connector-row.h"
#include "pb-connector-title.h"
#include "pb-error.h"
#include "pb-recent-calls.h"
#include "pb-secret-field.h"
#include "pb-validate.h"

enum {
  PLACEMENT_HEADER,
  PLACEMENT_QUERY,
};

G_DEFINE_FINAL_TYPE (PbConnectorPage, pb_connector_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_STORE,
  PROP_CONNECTOR,
  PROP_FOLDED,
  PROP_SAVE_STATE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Plain text rows and the PbConnector property each one edits. */
static const struct {
  gsize       offset;
  const char *property;
} text_fields[] = {
  { G_STRUCT_OFFSET (PbConnectorPage, prefix_row), "auth-prefix" },
  { G_STRUCT_OFFSET (PbConnectorPage, client_id_row), "client-id" },
  { G_STRUCT_OFFSET (PbConnectorPage, auth_url_row), "auth-url" },
  { G_STRUCT_OFFSET (PbConnectorPage, token_url_row), "token-url" },
  { G_STRUCT_OFFSET (PbConnectorPage, scopes_row), "scopes" },
  { G_STRUCT_OFFSET (PbConnectorPage, redirect_uri_row), "redirect-uri" },
  { G_STRUCT_OFFSET (PbConnectorPage, base_url_row), "base-url" },
};

#define FIELD_ROW(self, i) (*(AdwEntryRow **) G_STRUCT_MEMBER_P ((self), text_fields[i].offset))

void
pb_connector_page_add_toast (PbConnectorPage *self,
                             const char      *title)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (title));
}

/* --- Saved state -------------------------------------------------------- */

static gboolean
secrets_busy (PbConnectorPage *self)
{
  for (guint i = 0; i < N_SECRETS; i++)
    if (self->secrets[i] != NULL && pb_secret_field_get_busy (self->secrets[i]))
      return TRUE;
  return FALSE;
}

static void
set_save_state (PbConnectorPage *self,
                PbSaveState      state)
{
  const char *subtitle = "";

  if (self->save_state != state)
    {
      self->save_state = state;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SAVE_STATE]);
    }

  switch (state)
    {
    case PB_SAVE_STATE_SAVING:
      subtitle = _("Saving…");
      break;
    case PB_SAVE_STATE_IDLE:
    case PB_SAVE_STATE_SAVED:
      subtitle = _("All changes saved");
      break;
    case PB_SAVE_STATE_FAILED:
      subtitle = _("Changes not saved");
      break;
    default:
      break;
    }
  adw_window_title_set_subtitle (self->window_title, subtitle);
}

static gboolean
store_is_dirty (PbConnectorStore *store)
{
  gboolean dirty = FALSE;

  g_object_get (store, "dirty", &dirty, NULL);
  return dirty;
}

static void
update_save_state (PbConnectorPage *self)
{
  if (store_is_dirty (self->store) || secrets_busy (self))
    set_save_state (self, PB_SAVE_STATE_SAVING);
  else if (self->save_state == PB_SAVE_STATE_SAVING)
    set_save_state (self, PB_SAVE_STATE_SAVED);
}

static void
store_saved_cb (PbConnectorPage *self)
{
  update_save_state (self);
}

static void
store_save_failed_cb (PbConnectorPage *self,
                      GError          *error)
{
  g_autofree char *message = NULL;

  /* A rename that fails says so under the name: no second message in a toast. */
  if (self->save_state != PB_SAVE_STATE_FAILED &&
      !pb_connector_title_is_writing_name (self->connector_title))
    {
      /* Translators: %s says why, e.g. "No space left on device" */
      message = g_strdup_printf (_("Could not save: %s"),
                                 error != NULL ? error->message : _("unknown error"));
      pb_connector_page_add_toast (self, message);
    }
  set_save_state (self, PB_SAVE_STATE_FAILED);
}

static void
store_dirty_cb (PbConnectorPage *self)
{
  if (store_is_dirty (self->store))
    set_save_state (self, PB_SAVE_STATE_SAVING);
}

/* --- From the connector into the rows ---------------------------------- */

static void
set_row_text (PbConnectorPage *self,
              AdwEntryRow     *row,
              const char      *value)
{
  /* Never overwrite what the user is typing in (a CLI change must not eat local edits). */
  if (gtk_widget_has_focus (GTK_WIDGET (row)) || gtk_widget_is_focus (GTK_WIDGET (row)))
    return;
  if (gtk_widget_get_focus_child (GTK_WIDGET (row)) != NULL)
    return;
  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (row)), value ?: "") == 0)
    return;

  self->updating++;
  gtk_editable_set_text (GTK_EDITABLE (row), value ?: "");
  self->updating--;
}

static guint
current_placement (PbConnectorPage *self)
{
  return adw_combo_row_get_selected (self->placement_row) == PLACEMENT_QUERY ? PLACEMENT_QUERY
                                                                             : PLACEMENT_HEADER;
}

static void
update_example (PbConnectorPage *self)
{
  g_autofree char *example = NULL;
  const char *name = gtk_editable_get_text (GTK_EDITABLE (self->key_name_row));
  const char *dots = "••••••••";

  if (*name == '\0')
    example = NULL;
  else if (current_placement (self) == PLACEMENT_QUERY)
    {
      const char *base = gtk_editable_get_text (GTK_EDITABLE (self->base_url_row));

      /* Translators: how the key is sent, e.g. "https://api.example.com/…?api_key=••••" */
      example = g_strdup_printf (_("Sent as %s%s%s=%s"), *base != '\0' ? base : "https://…/",
                                 strchr (base, '?') != NULL ? "&" : "?", name, dots);
    }
  else
    {
      const char *prefix = gtk_editable_get_text (GTK_EDITABLE (self->prefix_row));

      /* Translators: how the key is sent, e.g. "Authorization: Bearer ••••" */
      example = *prefix != '\0'
                ? g_strdup_printf (_("Sent as %s: %s %s"), name, prefix, dots)
                : g_strdup_printf (_("Sent as %s: %s"), name, dots);
    }

  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->placement_row), example);
}

static void
update_placement_rows (PbConnectorPage *self)
{
  gboolean query = current_placement (self) == PLACEMENT_QUERY;

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->key_name_row),
                                 query ? _("Query Parameter Name") : _("Header Name"));
  gtk_widget_set_visible (GTK_WIDGET (self->prefix_row), !query);
  update_example (self);
}

static void
update_secret_state (PbConnectorPage *self)
{
  GtkWidget *stored_rows[N_SECRETS]
    = { self->api_key_stored_row, self->client_secret_stored_row };
  const char *errors[N_SECRETS] = { NULL, NULL };

  for (guint i = 0; i < N_SECRETS; i++)
    {
      GtkWidget *row;

      if (self->secrets[i] == NULL)
        continue;

      row = i == SECRET_API_KEY ? GTK_WIDGET (self->api_key_row)
                                : GTK_WIDGET (self->client_secret_row);
      errors[i] = pb_secret_field_get_error (self->secrets[i]);
      pb_secret_field_set_stored (
        stored_rows[i],
        pb_connector_has_secret (self->connector, pb_secret_field_get_field (self->secrets[i])));
      if (errors[i] != NULL)
        gtk_widget_add_css_class (row, "error");
      else
        gtk_widget_remove_css_class (row, "error");
    }

  /* A failure's whole message goes under the row; the toast only points at it. */
  adw_preferences_group_set_description (
    self->api_key_group,
    errors[SECRET_API_KEY] != NULL ? errors[SECRET_API_KEY]
    : pb_connector_has_secret (self->connector, PB_SECRET_API_KEY)
      ? _("Agents use it without seeing it. Replace it when the service gives you a new one.")
      : _("Kept only in the keyring, never in a file. Agents use it without seeing it."));
  adw_preferences_group_set_description (
    self->client_group,
    errors[SECRET_CLIENT_SECRET] != NULL ? errors[SECRET_CLIENT_SECRET]
    : pb_connector_has_secret (self->connector, PB_SECRET_CLIENT_SECRET)
      ? _("From the app you registered with the service.")
      : _(
        "From the app you registered with the service. The secret is kept only in the keyring."));
}

static void
update_header (PbConnectorPage *self)
{
  adw_window_title_set_title (self->window_title, pb_connector_get_name (self->connector));
}

static void
update_kind (PbConnectorPage *self)
{
  PbConnectorKind kind = pb_connector_get_kind (self->connector);
  gboolean api_key = kind == PB_CONNECTOR_KIND_API_KEY;
  gboolean oauth2 = kind == PB_CONNECTOR_KIND_OAUTH2;
  gboolean intercom = kind == PB_CONNECTOR_KIND_INTERCOM;

  gtk_widget_set_visible (GTK_WIDGET (self->api_key_group), api_key);
  gtk_widget_set_visible (GTK_WIDGET (self->placement_group), api_key);
  gtk_widget_set_visible (GTK_WIDGET (self->client_group), oauth2 || intercom);
  /* Intercom's endpoints are preset, but the redirect URL registered with it is the user's. */
  gtk_widget_set_visible (GTK_WIDGET (self->endpoints_group), oauth2 || intercom);
  gtk_widget_set_visible (GTK_WIDGET (self->auth_url_row), oauth2);
  gtk_widget_set_visible (GTK_WIDGET (self->token_url_row), oauth2);
  gtk_widget_set_visible (GTK_WIDGET (self->scopes_row), oauth2);
  adw_preferences_group_set_title (self->endpoints_group,
                                   intercom ? _("Redirect") : _("Endpoints"));
  adw_preferences_group_set_description (
    self->endpoints_group, intercom ? _("The redirect URL registered in your Intercom app "
                                         "(Developer Hub, Authentication). Plugboard catches it "
                                         "in the sign-in window; it is never opened.")
                                    : NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->oauth_connect_group), oauth2);
  gtk_widget_set_visible (GTK_WIDGET (self->intercom_group), intercom);
  /* Intercom's base URL is part of the preset. */
  gtk_widget_set_visible (GTK_WIDGET (self->service_group), !intercom);
}

static void
sync_from_connector (PbConnectorPage *self)
{
  const char *param = pb_connector_get_auth_query_param (self->connector);
  const char *header = pb_connector_get_auth_header (self->connector);
  gboolean has_param = param != NULL && *param != '\0';
  gboolean has_header = header != NULL && *header != '\0';
  /* A query parameter without a header means the key goes in the URL; neither set yet:
   * keep what the user chose. */
  guint placement = has_header  ? PLACEMENT_HEADER
                    : has_param ? PLACEMENT_QUERY
                                : current_placement (self);

  if (placement != current_placement (self))
    {
      self->updating++;
      adw_combo_row_set_selected (self->placement_row, placement);
      self->updating--;
    }
  set_row_text (self, self->key_name_row, placement == PLACEMENT_QUERY ? param : header);

  for (guint i = 0; i < G_N_ELEMENTS (text_fields); i++)
    {
      g_autofree char *value = NULL;

      if (FIELD_ROW (self, i) == self->prefix_row && placement == PLACEMENT_QUERY)
        continue;

      g_object_get (self->connector, text_fields[i].property, &value, NULL);
      set_row_text (self, FIELD_ROW (self, i), value);
    }

  update_header (self);
  update_kind (self);
  update_placement_rows (self);
  update_secret_state (self);
  pb_connector_page_update_account (self);
}

static void
connector_notify_cb (PbConnectorPage *self,
                     GParamSpec      *pspec)
{
  /* The page's own multi-step changes sync once, at their end. */
  if (self->updating == 0)
    sync_from_connector (self);
}

/* --- From the rows into the connector ---------------------------------- */

static void
field_row_changed_cb (PbConnectorPage *self,
                      GtkEditable     *row)
{
  const char *text;

  if (self->updating > 0)
    return;

  text = gtk_editable_get_text (row);
  for (guint i = 0; i < G_N_ELEMENTS (text_fields); i++)
    {
      if ((GtkEditable *) FIELD_ROW (self, i) == row)
        {
          g_autoptr (GError) invalid = NULL;
          const char *label = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row));
          /* The same rules as the CLI and the setup (pb-validate.c). */
          gboolean ok
            = pb_validate_connector_property (text_fields[i].property, label, text, &invalid);

          gtk_widget_set_tooltip_text (GTK_WIDGET (row), ok ? NULL : invalid->message);
          if (ok)
            gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
          else
            gtk_widget_add_css_class (GTK_WIDGET (row), "error");
          if (!ok)
            break; /* keep the last good value: a half-typed or credential-bearing URL is not saved
                    */
          g_object_set (self->connector, text_fields[i].property, *text != '\0' ? text : NULL,
                        NULL);
          break;
        }
    }

  update_example (self);
  update_save_state (self);
}

static void
key_name_row_changed_cb (PbConnectorPage *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->key_name_row));
  g_autoptr (GError) invalid = NULL;
  gboolean ok;

  if (self->updating > 0)
    return;

  ok = pb_validate_connector_property (
    current_placement (self) == PLACEMENT_QUERY ? "auth-query-param" : "auth-header",
    adw_preferences_row_get_title (ADW_PREFERENCES_ROW (self->key_name_row)), text, &invalid);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->key_name_row), ok ? NULL : invalid->message);
  if (ok)
    gtk_widget_remove_css_class (GTK_WIDGET (self->key_name_row), "error");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self->key_name_row), "error");
  if (!ok)
    return;   /* keep the last good name */

  if (current_placement (self) == PLACEMENT_QUERY)
    pb_connector_set_auth_query_param (self->connector, *text != '\0' ? text : NULL);
  else
    pb_connector_set_auth_header (self->connector, *text != '\0' ? text : NULL);

  update_example (self);
  update_save_state (self);
}

static void
placement_row_selected_cb (PbConnectorPage *self)
{
  char *header = NULL, *prefix = NULL, *param = NULL;

  if (self->updating > 0)
    return;

  self->updating++;
  if (current_placement (self) == PLACEMENT_QUERY)
    {
      g_free (self->stashed_header);
      g_free (self->stashed_prefix);
      self->stashed_header = g_strdup (pb_connector_get_auth_header (self->connector));
      self->stashed_prefix = g_strdup (pb_connector_get_auth_prefix (self->connector));
      param = g_steal_pointer (&self->stashed_query_param);
    }
  else
    {
      g_free (self->stashed_query_param);
      self->stashed_query_param = g_strdup (pb_connector_get_auth_query_param (self->connector));
      header = g_steal_pointer (&self->stashed_header);
      prefix = g_steal_pointer (&self->stashed_prefix);
    }
  /* Only the chosen way is written, so the key is never sent twice. */
  pb_connector_set_auth_header (self->connector, header);
  pb_connector_set_auth_prefix (self->connector, prefix);
  pb_connector_set_auth_query_param (self->connector, param);
  self->updating--;

  g_free (header);
  g_free (prefix);
  g_free (param);

  /* The rows show the chosen way's values (empty placement: keep the choice). */
  self->updating++;
  set_row_text (self, self->key_name_row, current_placement (self) == PLACEMENT_QUERY
                                          ? pb_connector_get_auth_query_param (self->connector)
                                          : pb_connector_get_auth_header (self->connector));
  set_row_text (self, self->prefix_row, pb_connector_get_auth_prefix (self->connector));
  self->updating--;
  update_placement_rows (self);
  update_save_state (self);
}

/* --- Secrets ----------------------------------------------------------- */

static void
secret_busy_cb (PbConnectorPage *self)
{
  update_secret_state (self);
  update_save_state (self);
}

static void
secret_error_cb (PbConnectorPage *self,
                 GParamSpec      *pspec,
                 PbSecretField   *secret)
{
  update_secret_state (self);
  if (pb_secret_field_get_error (secret) == NULL)
    return;

  pb_connector_page_add_toast (self, secret == self->secrets[SECRET_API_KEY]
                                       ? _("The key could not be stored")
                                       : _("The client secret could not be stored"));
  set_save_state (self, PB_SAVE_STATE_FAILED);
}

void
pb_connector_page_focus_first_empty (PbConnectorPage *self)
{
  PbConnectorKind kind = pb_connector_get_kind (self->connector);
  GtkWidget *target = NULL;

  g_return_if_fail (PB_IS_CONNECTOR_PAGE (self));

  if (kind == PB_CONNECTOR_KIND_API_KEY)
    {
      if (!pb_connector_has_secret (self->connector, PB_SECRET_API_KEY))
        target = GTK_WIDGET (self->api_key_row);
      else if (*gtk_editable_get_text (GTK_EDITABLE (self->base_url_row)) == '\0')
        target = GTK_WIDGET (self->base_url_row);
    }
  else if (kind == PB_CONNECTOR_KIND_OAUTH2)
    {
      if (*gtk_editable_get_text (GTK_EDITABLE (self->client_id_row)) == '\0')
        target = GTK_WIDGET (self->client_id_row);
      else if (*gtk_editable_get_text (GTK_EDITABLE (self->token_url_row)) == '\0')
        target = GTK_WIDGET (self->token_url_row);
    }
  if (target == NULL && kind == PB_CONNECTOR_KIND_INTERCOM)
    target = self->intercom_connect_button;
  if (target != NULL)
    gtk_widget_grab_focus (target);
}

void
pb_connector_page_flush (PbConnectorPage *self)
{
  g_return_if_fail (PB_IS_CONNECTOR_PAGE (self));

  for (guint i = 0; i < N_SECRETS; i++)
    if (self->secrets[i] != NULL)
      pb_secret_field_flush (self->secrets[i]);
}

static void
connection_group_flush_cb (PbConnectorPage *self)
{
  pb_connector_page_flush (self);
}

PbConnectionGroup *
pb_connector_page_get_connection_group (PbConnectorPage *self)
{
  g_return_val_if_fail (PB_IS_CONNECTOR_PAGE (self), NULL);

  return self->connection_group;
}

/* --- GObject ----------------------------------------------------------- */

static void
pb_connector_page_constructed (GObject *object)
{
  PbConnectorPage *self = PB_CONNECTOR_PAGE (object);

  G_OBJECT_CLASS (pb_connector_page_parent_class)->constructed (object);

  g_assert (self->store != NULL);
  g_assert (self->connector != NULL);

  g_signal_connect_object (self->connector, "notify", G_CALLBACK (connector_notify_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->store, "saved", G_CALLBACK (store_saved_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->store, "save-failed", G_CALLBACK (store_save_failed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->store, "notify::dirty", G_CALLBACK (store_dirty_cb), self,
                           G_CONNECT_SWAPPED);

  self->secrets[SECRET_API_KEY]
    = pb_secret_field_new (self->store, self->connector, PB_SECRET_API_KEY, self->api_key_row);
  self->secrets[SECRET_CLIENT_SECRET] = pb_secret_field_new (
    self->store, self->connector, PB_SECRET_CLIENT_SECRET, self->client_secret_row);
  for (guint i = 0; i < N_SECRETS; i++)
    {
      g_signal_connect_object (self->secrets[i], "notify::busy", G_CALLBACK (secret_busy_cb), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (self->secrets[i], "notify::error", G_CALLBACK (secret_error_cb),
                               self, G_CONNECT_SWAPPED);
    }

  /* The connector's recent use by agents (the audit trail of the app's broker). */
  if (PB_IS_APPLICATION (g_application_get_default ()))
    adw_preferences_page_add (
      self->preferences_page,
      ADW_PREFERENCES_GROUP (pb_recent_calls_new (
        pb_application_get_audit_log (PB_APPLICATION (g_application_get_default ())), NULL,
        pb_connector_get_name (self->connector))));

  pb_connector_title_set_connector (self->connector_title, self->store, self->connector);
  pb_connection_group_set_connector (self->connection_group, self->store, self->connector);
  sync_from_connector (self);
  set_save_state (self, PB_SAVE_STATE_IDLE);
}

static void
pb_connector_page_dispose (GObject *object)
{
  PbConnectorPage *self = PB_CONNECTOR_PAGE (object);

  /* A key typed just before the page goes away is still written. */
  for (guint i = 0; i < N_SECRETS; i++)
    {
      if (self->secrets[i] != NULL)
        {
          pb_secret_field_flush (self->secrets[i]);
          g_signal_handlers_disconnect_by_data (self->secrets[i], self);
        }
      g_clear_object (&self->secrets[i]);
    }

  gtk_widget_dispose_template (GTK_WIDGET (self), PB_TYPE_CONNECTOR_PAGE);

  g_clear_object (&self->oauth_cancellable);
  g_clear_object (&self->connector);
  g_clear_object (&self->store);
  g_clear_pointer (&self->stashed_header, g_free);
  g_clear_pointer (&self->stashed_prefix, g_free);
  g_clear_pointer (&self->stashed_query_param, g_free);

  G_OBJECT_CLASS (pb_connector_page_parent_class)->dispose (object);
}

static void
pb_connector_page_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  PbConnectorPage *self = PB_CONNECTOR_PAGE (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_CONNECTOR:
      g_value_set_object (value, self->connector);
      break;
    case PROP_FOLDED:
      g_value_set_boolean (value, self->folded);
      break;
    case PROP_SAVE_STATE:
      g_value_set_int (value, self->save_state);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pb_connector_page_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  PbConnectorPage *self = PB_CONNECTOR_PAGE (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    case PROP_CONNECTOR:
      self->connector = g_value_dup_object (value);
      break;
    case PROP_FOLDED:
      pb_connector_page_set_folded (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pb_connector_page_class_init (PbConnectorPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = pb_connector_page_constructed;
  object_class->dispose = pb_connector_page_dispose;
  object_class->get_property = pb_connector_page_get_property;
  object_class->set_property = pb_connector_page_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, PB_TYPE_CONNECTOR_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CONNECTOR] =
    g_param_spec_object ("connector", NULL, NULL, PB_TYPE_CONNECTOR,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FOLDED] =
    g_param_spec_boolean ("folded", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SAVE_STATE] = g_param_spec_int (
    "save-state", NULL, NULL, PB_SAVE_STATE_IDLE, PB_SAVE_STATE_FAILED, PB_SAVE_STATE_IDLE,
    G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (PB_TYPE_CONNECTOR_TITLE);
  g_type_ensure (PB_TYPE_CONNECTION_GROUP);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               PB_RESOURCE_PATH "/ui/pb-connector-page.ui");
  gtk_widget_class_bind_template_child (widget_class, PbConnectorPage, header_bar);
  gtk_widget_class_bind_template_child (widget_class, PbConnectorPage, back_button);
  gtk_widget_class_bind_template_child (widget_class, PbConnectorPage, window_title);
  gtk_widget_class_bind_template_child (widget_class, PbConnectorPage, delete_button);
  gtk_widget_class_bind_template_child (widget_class, PbConnectorPage, preferences_page);
  gtk_widget_class_bind_template_child (widget_class, PbConnectorPage, connector_title);
  gtk_widget_class_bind_template_child (widget_class, PbConnectorPage, api_key_group);
  gtk_widget_class_bind_template_child (widget_class, PbConnectorPage, api_key_row);
  gtk_widget_class_bind_template_child (widget_class, PbConnectorPage, placement_group);
  gtk_widget_class_bind_template_child (widget_class, PbConnectorPage, placement_row);
  gtk_widget_class_bind_template_child (widget_class, PbConnectorPage, key_name_row);
  gtk_widget_class_bind_template_child (widget_class, PbConnectorPage, prefix_row);
  gtk_widget_class_bind_template_child (widget_class, PbConnectorPage, client_group);
  gtk_widget_class_bind_template_child (widget_class, PbConnectorPage, client_id_row);
  gtk_widget_class_bind_template_child (widget_class, PbConnectorPage, client_secret_row);
  gtk_widget_class_bind_template_child (widget_class, PbConnectorPage, endpoints_group);
  gtk_widget_class_bind_template_child (widget_class, PbConnectorPage, auth_url_row);
  gtk_widget_class_bind_template_child (widget_class, PbConnectorPage, token_url_row);
  gtk_widget_class_bind_template_child (widget_class, PbConnectorPage, scopes_row);
  gtk_widget_class_bind_template_child (widget_class, PbConnectorPage, redirect_uri_row);
  gtk_widget_class_bind_template_child (widget_class, PbConnectorPage, oauth_connect_group);
  gtk_widget_class_bind_template_child (widget_class, PbConnectorPage, oauth_connect_button);
  gtk_widget_class_bind_template_child (widget_class, PbConnectorPage, oauth_missing_button);
  gtk_widget_class_bind_template_child (widget_class, PbConnectorPage, oauth_account_row);
  gtk_widget_class_bind_template_child (widget_class, PbConnectorPage, intercom_status_label);
  gtk_widget_class_bind_template_child (widget_class, PbConnectorPage, intercom_connect_button);
  gtk_widget_class_bind_template_child (widget_class, PbConnectorPage, intercom_group);
  gtk_widget_class_bind_template_child (widget_class, PbConnectorPage, service_group);
  gtk_widget_class_bind_template_child (widget_class, PbConnectorPage, base_url_row);
  gtk_widget_class_bind_template_child (widget_class, PbConnectorPage, connection_group);
  gtk_widget_class_bind_template_callback (widget_class, field_row_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, key_name_row_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, placement_row_selected_cb);
  /* In pb-connector-page-delete.c. */
  gtk_widget_class_bind_template_callback_full (widget_class, "delete_button_clicked_cb",
                                                G_CALLBACK (pb_connector_page_delete_clicked_cb));
  /* The handler lives in pb-connector-page-oauth.c; the template still names it connect_clicked_cb.
   */
  gtk_widget_class_bind_template_callback_full (widget_class, "connect_clicked_cb",
                                                G_CALLBACK (pb_connector_page_connect_clicked_cb));
  gtk_widget_class_bind_template_callback (widget_class, connection_group_flush_cb);
  gtk_widget_class_bind_template_callback_full (widget_class, "missing_clicked_cb",
                                                G_CALLBACK (pb_connector_page_missing_clicked_cb));
}

static void
pb_connector_page_init (PbConnectorPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_orientable_set_orientation (
    GTK_ORIENTABLE (gtk_widget_get_layout_manager (GTK_WIDGET (self))), GTK_ORIENTATION_VERTICAL);
  /* Unfolded, the sidebar's header bar has the window's start buttons. */
  adw_header_bar_set_show_start_title_buttons (self->header_bar, FALSE);
  /* A stored secret reads as set, with Replace, instead of an empty field. */
  self->api_key_stored_row = pb_secret_field_new_stored_row (self->api_key_row);
  adw_preferences_group_add (self->api_key_group, self->api_key_stored_row);
  self->client_secret_stored_row = pb_secret_field_new_stored_row (self->client_secret_row);
  adw_preferences_group_add (self->client_group, self->client_secret_stored_row);

}

GtkWidget *
pb_connector_page_new (PbConnectorStore *store,
                       PbConnector      *connector)
{
  g_return_val_if_fail (PB_IS_CONNECTOR_STORE (store), NULL);
  g_return_val_if_fail (PB_IS_CONNECTOR (connector), NULL);

  return g_object_new (PB_TYPE_CONNECTOR_PAGE, "store", store, "connector", connector, NULL);
}

PbConnector *
pb_connector_page_get_connector (PbConnectorPage *self)
{
  g_return_val_if_fail (PB_IS_CONNECTOR_PAGE (self), NULL);

  return self->connector;
}

PbSaveState
pb_connector_page_get_save_state (PbConnectorPage *self)
{
  g_return_val_if_fail (PB_IS_CONNECTOR_PAGE (self), PB_SAVE_STATE_IDLE);

  return self->save_state;
}

void
pb_connector_page_set_folded (PbConnectorPage *self,
                              gboolean         folded)
{
  g_return_if_fail (PB_IS_CONNECTOR_PAGE (self));

  folded = !!folded;
  if (self->folded == folded)
    return;

  self->folded = folded;
  gtk_widget_set_visible (self->back_button, folded);
  adw_header_bar_set_show_start_title_buttons (self->header_bar, folded);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FOLDED]);
}
