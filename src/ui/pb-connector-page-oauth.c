/* pb-connector-page-oauth.c: the connector page's OAuth and Intercom part — the account
 * row, the Connect buttons and signing in (pb-sign-in.c, shared with the setup chat)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "pb-connector-page-private.h"
#include "pb-error.h"
#include "pb-intercom.h"
#include "pb-oauth-tokens.h"
#include "pb-sign-in.h"

/* Sign-in cannot start without a client ID and a token URL: Connect waits for them, the row
 * names them, and a button goes to the first one. */
static void
update_needs (PbConnectorPage *self)
{
  PbOAuthNeeds needs = pb_connector_get_kind (self->connector) == PB_CONNECTOR_KIND_OAUTH2
                         ? pb_oauth_connector_needs (self->connector)
                         : PB_OAUTH_NEEDS_NOTHING;
  const char *subtitle = NULL;

  /* One suggested button per view: an unfinished setup's Continue Setup… comes first. */
  if (pb_connection_group_get_can_continue (self->connection_group))
    {
      gtk_widget_remove_css_class (self->oauth_connect_button, "suggested-action");
      gtk_widget_remove_css_class (self->intercom_connect_button, "suggested-action");
    }
  gtk_widget_set_visible (self->oauth_missing_button, needs != PB_OAUTH_NEEDS_NOTHING);
  if (needs == PB_OAUTH_NEEDS_NOTHING)
    return;
  gtk_widget_set_sensitive (self->oauth_connect_button, FALSE);
  gtk_widget_remove_css_class (self->oauth_connect_button, "suggested-action");
  if (needs == (PB_OAUTH_NEEDS_CLIENT_ID | PB_OAUTH_NEEDS_TOKEN_URL))
    subtitle = _("To sign in, enter the client ID and the token URL first.");
  else if (needs & PB_OAUTH_NEEDS_CLIENT_ID)
    subtitle = _("To sign in, enter the client ID first.");
  else
    subtitle = _("To sign in, enter the token URL first.");
  adw_action_row_set_subtitle (self->oauth_account_row, subtitle);
  gtk_button_set_label (GTK_BUTTON (self->oauth_missing_button),
                        needs & PB_OAUTH_NEEDS_CLIENT_ID ? _("Enter _Client ID")
                                                         : _("Enter _Token URL"));
}

void
pb_connector_page_missing_clicked_cb (PbConnectorPage *self)
{
  PbOAuthNeeds needs = pb_oauth_connector_needs (self->connector);
  GtkWidget *row = needs & PB_OAUTH_NEEDS_CLIENT_ID ? GTK_WIDGET (self->client_id_row)
                                                    : GTK_WIDGET (self->token_url_row);

  gtk_widget_grab_focus (row);
}

void
pb_connector_page_update_account (PbConnectorPage *self)
{
  PbConnectorState state = pb_connector_get_state (self->connector);
  gboolean connected = pb_connector_has_secret (self->connector, PB_SECRET_ACCESS_TOKEN);
  gboolean reconnect = state == PB_CONNECTOR_STATE_RECONNECT_NEEDED;
  const char *message = pb_connector_get_state_message (self->connector);
  const char *workspace = pb_connector_get_setting (self->connector, PB_INTERCOM_SETTING_WORKSPACE);
  const char *admin = pb_connector_get_setting (self->connector, PB_INTERCOM_SETTING_ADMIN);
  const char *scopes = pb_connector_get_setting (self->connector, PB_OAUTH_SETTING_GRANTED_SCOPES);
  gboolean busy = self->oauth_cancellable != NULL;
  g_autofree char *intercom_text = NULL;

  if (reconnect)
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->oauth_account_row),
                                     _("Reconnect Needed"));
      adw_action_row_set_subtitle (
        self->oauth_account_row,
        message != NULL ? message : _("The provider no longer accepts this sign-in."));
      gtk_button_set_label (GTK_BUTTON (self->oauth_connect_button), _("_Reconnect"));
      gtk_button_set_label (GTK_BUTTON (self->intercom_connect_button),
                            _("Rec_onnect to Intercom"));
      intercom_text = g_strdup_printf (
        _("Reconnect needed: %s"),
        message != NULL ? message : _("Intercom no longer accepts this sign-in."));
    }
  else if (connected)
    {
      g_autofree char *subtitle = scopes != NULL && *scopes != '\0'
                                    ? g_strdup_printf (_("Signed in · %s"), scopes)
                                    : g_strdup (_("Signed in; tokens renew on their own"));

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->oauth_account_row), _("Connected"));
      adw_action_row_set_subtitle (self->oauth_account_row, subtitle);
      gtk_button_set_label (GTK_BUTTON (self->oauth_connect_button), _("_Reconnect"));
      gtk_button_set_label (GTK_BUTTON (self->intercom_connect_button),
                            _("Rec_onnect to Intercom"));
      if (workspace != NULL && admin != NULL)
        /* Translators: the Intercom workspace and admin a connector is signed in as */
        intercom_text = g_strdup_printf (_("Connected to “%s” as %s."), workspace, admin);
      else
        intercom_text = g_strdup (_("Connected."));
    }
  else
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->oauth_account_row),
                                     _("Not Connected"));
      adw_action_row_set_subtitle (
        self->oauth_account_row,
        _("Sign in with your account at the provider to let Plugboard use this API."));
      gtk_button_set_label (GTK_BUTTON (self->oauth_connect_button), _("_Connect"));
      gtk_button_set_label (GTK_BUTTON (self->intercom_connect_button), _("C_onnect to Intercom"));
      intercom_text = g_strdup (_("Not connected yet. Sign in with an Intercom admin account."));
    }
  gtk_label_set_label (self->intercom_status_label, intercom_text);
  /* Connecting is the next step unless the connector is already signed in. */
  if (connected && !reconnect)
    {
      gtk_widget_remove_css_class (self->oauth_connect_button, "suggested-action");
      gtk_widget_remove_css_class (self->intercom_connect_button, "suggested-action");
      /* Who is connected is the news here, not a footnote. */
      gtk_widget_remove_css_class (GTK_WIDGET (self->intercom_status_label), "dim-label");
      gtk_widget_remove_css_class (GTK_WIDGET (self->intercom_status_label), "caption");
    }
  else
    {
      gtk_widget_add_css_class (self->oauth_connect_button, "suggested-action");
      gtk_widget_add_css_class (self->intercom_connect_button, "suggested-action");
      gtk_widget_add_css_class (GTK_WIDGET (self->intercom_status_label), "dim-label");
      gtk_widget_add_css_class (GTK_WIDGET (self->intercom_status_label), "caption");
    }
  gtk_widget_set_sensitive (self->oauth_connect_button, !busy);
  gtk_widget_set_sensitive (self->intercom_connect_button, !busy);
  update_needs (self);
}

static void
sign_in_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr (PbConnectorPage) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autofree char *warning = NULL;
  g_autofree char *text = NULL;

  g_clear_object (&self->oauth_cancellable);
  if (!pb_sign_in_finish (result, &warning, &error))
    {
      pb_connector_page_update_account (self);
      if (!g_error_matches (error, PB_ERROR, PB_ERROR_CANCELLED))
        pb_connector_page_add_toast (self, error->message);
      return;
    }

  /* Translators: %s is a connector's name */
  text = g_strdup_printf (_("Connected “%s”"), pb_connector_get_name (self->connector));
  pb_connector_page_add_toast (self, text);
  pb_connector_page_update_account (self);
  if (warning != NULL)
    pb_connector_page_add_toast (self, warning);
}

void
pb_connector_page_connect_clicked_cb (PbConnectorPage *self)
{
  if (self->oauth_cancellable != NULL)
    return;

  /* The client secret typed a moment ago must be in the keyring before the code exchange. */
  pb_connector_page_flush (self);

  self->oauth_cancellable = g_cancellable_new ();
  pb_sign_in_async (GTK_WIDGET (self), self->store, self->connector, self->oauth_cancellable,
                    sign_in_done_cb, g_object_ref (self));
  pb_connector_page_update_account (self);
}
