/* pb-connector-page-private.h: what pb-connector-page.c, pb-connector-page-oauth.c and
 * pb-connector-page-delete.c share; not part of the public API
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "pb-connection-group.h"
#include "pb-connector-page.h"
#include "pb-connector-title.h"
#include "pb-secret-field.h"

G_BEGIN_DECLS

enum {
  SECRET_API_KEY,
  SECRET_CLIENT_SECRET,
  N_SECRETS
};

struct _PbConnectorPage
{
  GtkWidget parent_instance;

  PbConnectorStore *store;
  PbConnector *connector;
  gboolean folded;
  PbSaveState save_state;
  guint updating;       /* > 0 while the page writes into its own rows */
  /* What the way of sending the key that is not chosen had, to bring it back on a switch. */
  char *stashed_header;
  char *stashed_prefix;
  char *stashed_query_param;
  PbSecretField *secrets[N_SECRETS];
  /* OAuth: the sign-in in progress */
  GCancellable *oauth_cancellable;

  /* Template widgets */
  AdwHeaderBar *header_bar;
  GtkWidget *back_button;
  AdwWindowTitle *window_title;
  GtkWidget *delete_button;
  AdwPreferencesPage *preferences_page;
  PbConnectorTitle *connector_title;
  AdwPreferencesGroup *api_key_group;
  AdwEntryRow *api_key_row;
  GtkWidget *api_key_stored_row;
  AdwPreferencesGroup *placement_group;
  AdwComboRow *placement_row;
  AdwEntryRow *key_name_row;
  AdwEntryRow *prefix_row;
  AdwPreferencesGroup *client_group;
  AdwEntryRow *client_id_row;
  AdwEntryRow *client_secret_row;
  GtkWidget *client_secret_stored_row;
  AdwPreferencesGroup *endpoints_group;
  AdwEntryRow *auth_url_row;
  AdwEntryRow *token_url_row;
  AdwEntryRow *scopes_row;
  AdwEntryRow *redirect_uri_row;
  AdwPreferencesGroup *oauth_connect_group;
  AdwActionRow *oauth_account_row;
  GtkWidget *oauth_connect_button;
  GtkWidget *oauth_missing_button;
  GtkLabel *intercom_status_label;
  GtkWidget *intercom_connect_button;
  AdwPreferencesGroup *intercom_group;
  AdwPreferencesGroup *service_group;
  AdwEntryRow *base_url_row;
  PbConnectionGroup *connection_group;
};

void pb_connector_page_add_toast          (PbConnectorPage *self,
                                           const char      *title);
void pb_connector_page_update_account     (PbConnectorPage *self);
/* Template callbacks, bound in pb_connector_page_class_init */
void pb_connector_page_connect_clicked_cb (PbConnectorPage *self);
void pb_connector_page_delete_clicked_cb  (PbConnectorPage *self);
void pb_connector_page_missing_clicked_cb (PbConnectorPage *self);

G_END_DECLS
